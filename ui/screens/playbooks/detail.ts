// Playbook detail (ui.md screen 3): the SOP on the left; sharing, revisions and the rest on the right.
// Edit, share, publish and delete appear only when the API says can_edit. The API gives runners the
// published revision and its owner and admins the latest (draft or not), so the steps, facets and
// triggers shown are the ones this user's run would take.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import type { IssuedTriggerSecret, PlaybookRecord } from '../../api/types';
import { Link } from '../../lib/router';
import { usePlaybook } from './use-playbook';
import { Loading } from '../../components/notice';
import { PlaybookLoadError } from './load-error';
import { Section } from '../../components/section';
import { DeleteControl } from './delete-control';
import { PlaybookFacets } from './facets';
import { PlaybookHeader } from './header';
import { RevisionsList } from './revisions-list';
import { RevisionCompare } from './revision-diff';
import { PublishButton, type OnPublished } from './publish-control';
import { SharingPanel } from './sharing-panel';
import { SopSteps } from './sop-steps';
import { RecentRuns } from './run-stats';
import { sharedWith } from './playbook-card';
import { TriggersPanel } from './triggers/triggers-panel';

/** Anyone who can see a Playbook may run it; editing and deleting need the owner or an admin. */
function Actions(props: { playbook: PlaybookRecord; onPublished: OnPublished }) {
  const p = props.playbook;
  const run = html`<${Link} href=${`/playbooks/${p.id}/run`} class="btn btn-green">▶ run<//>`;
  if (!p.can_edit) return run;
  return html`${run}<${PublishButton} playbook=${p} onPublished=${props.onPublished} /><${Link} href=${`/playbooks/${p.id}/edit`} class="btn">✎ edit yaml<//>
    <${Link} href=${`/playbooks/${p.id}/edit?view=form`} class="btn">✎ edit form<//>
    <${DeleteControl} id=${p.id} name=${p.name} />`;
}

export function PlaybookDetail(props: { id: string }) {
  const playbook = usePlaybook(props.id);
  /** Secrets of hook triggers the last publish registered: the triggers panel shows them once. */
  const [issued, setIssued] = useState<IssuedTriggerSecret[]>([]);
  const p = playbook.data;
  if (playbook.error) return html`<${PlaybookLoadError} error=${playbook.error} />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  const published: OnPublished = (result) => {
    setIssued(result.trigger_secrets ?? []);
    playbook.reload();
  };
  return html`
    <${PlaybookHeader} playbook=${p} actions=${html`<${Actions} playbook=${p} onPublished=${published} />`} />
    ${p.description && html`<p class="lede">${p.description}</p>`}
    <div class="detail">
      <div class="detail-main">
        <${SopSteps} spec=${p.spec} />
        <${TriggersPanel} playbook=${p} issuedOnPublish=${issued} onPlaybookSaved=${() => playbook.reload()} />
      </div>
      <aside class="detail-side" aria-label="Playbook settings">
        ${p.can_edit
          ? html`<${SharingPanel} playbook=${p} onSaved=${() => playbook.reload()} />`
          : html`<${Section} label="sharing"><p class="muted small">Owned by ${p.created_by}; shared with ${sharedWith(p.allowed_users)}.</p><//>`}
        <${RecentRuns} playbookId=${p.id} />
        <${RevisionsList} id=${p.id} current=${p.revision} published=${p.published_revision} onPublished=${p.can_edit ? published : undefined} />
        <${RevisionCompare} key=${`${p.revision}:${p.published_revision}`} id=${p.id} latest=${p.revision} published=${p.published_revision} />
        <${PlaybookFacets} spec=${p.spec} triggers=${false} />
      </aside>
    </div>
  `;
}
