// One revision's YAML, read-only (revisions are immutable once written).
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { Link } from '../../lib/router';
import { dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { CodeBlock } from '../../components/code-block';
import { ErrorNotice, Loading } from '../../components/notice';
import { PlaybookHeader } from './header';
import { RevisionsList } from './revisions-list';
import { usePlaybook } from './use-playbook';
import { PlaybookLoadError } from './load-error';

export function PlaybookRevisionView(props: { id: string; n: string }) {
  const n = Number(props.n);
  const playbook = usePlaybook(props.id);
  const revision = useAsync(() => api.revision(props.id, n), [props.id, n]);
  const p = playbook.data;
  const r = revision.data;
  if (playbook.error) return html`<${PlaybookLoadError} error=${playbook.error} />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  return html`
    <${PlaybookHeader}
      playbook=${p}
      title=${`Revision ${n}`}
      crumb=${`revision ${n}`}
      actions=${html`<${Link} href=${`/playbooks/${p.id}`} class="btn">← back to playbook<//>`}
    />
    <div class="detail">
      <div class="detail-main">
        ${revision.error && html`<${ErrorNotice} error=${revision.error} title=${`Could not load revision ${n}`} />`}
        ${!r && !revision.error && html`<${Loading} what=${`revision ${n}`} />`}
        ${r &&
        html`<p class="muted small">
            ${r.spec.name} · written by ${r.created_by} on <time datetime=${r.created_at}>${dateTime(r.created_at)}</time>
            ${r.revision === p.revision ? ' · current revision' : ` · current is revision ${p.revision}`}
          </p>
          <${CodeBlock} text=${r.yaml} label=${`YAML of revision ${n}`} />`}
      </div>
      <aside class="detail-side"><${RevisionsList} id=${p.id} current=${p.revision} viewing=${n} published=${p.published_revision}
        onPublished=${p.can_edit ? () => playbook.reload() : undefined} /></aside>
    </div>
  `;
}
