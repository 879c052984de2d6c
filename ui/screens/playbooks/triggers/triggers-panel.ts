// Schedule & Triggers on the Playbook detail (ui.md screen 3, spec §2 "Trigger"): the registered
// triggers with their live state, switches and secrets, and "+ add trigger". The registry follows
// the published revision (issue 18), so a trigger added here is saved in a draft and fires once
// that draft is published; the publish answers its secret, passed in as `issuedOnPublish`.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import type { IssuedTriggerSecret, PlaybookRecord, TriggerStatus } from '../../../api/types';
import { useAsync } from '../../../lib/use-async';
import { ErrorNotice, Loading } from '../../../components/notice';
import { Section } from '../../../components/section';
import { AddTrigger } from './add-trigger';
import { SecretOnce } from './secret-once';
import { TriggerItem } from './trigger-item';

/** What an editor should know when the latest revision is not the one whose triggers are registered. */
function draftNote(p: PlaybookRecord): string | null {
  if (!p.can_edit || p.revision === p.published_revision) return null;
  if (p.published_revision === undefined) return `Nothing is published yet: the triggers of revision ${p.revision} register when it is published.`;
  return `Listed: the triggers of published revision ${p.published_revision}, the ones that fire. Draft revision ${p.revision}'s take effect when it is published.`;
}

export function TriggersPanel(props: { playbook: PlaybookRecord; issuedOnPublish?: IssuedTriggerSecret[]; onPlaybookSaved: () => void }) {
  const p = props.playbook;
  const list = useAsync(() => api.triggers(p.id), [p.id, p.revision, p.published_revision]);
  const [local, setLocal] = useState<Record<string, TriggerStatus>>({});
  const [issued, setIssued] = useState<IssuedTriggerSecret[]>([]);
  const [adding, setAdding] = useState(false);
  /** The revision the last "+ add trigger" saved: said only once the API has answered. */
  const [savedRevision, setSavedRevision] = useState<number | null>(null);
  useEffect(() => {
    const fresh = props.issuedOnPublish ?? [];
    if (fresh.length > 0) setIssued((old) => [...old.filter((s) => !fresh.some((f) => f.trigger_id === s.trigger_id)), ...fresh]);
  }, [props.issuedOnPublish]);

  const triggers = (list.data ?? []).map((t) => local[t.id] ?? t);
  const saved = (record: PlaybookRecord) => {
    setAdding(false);
    setSavedRevision(record.revision);
    setLocal({});
    props.onPlaybookSaved();
  };
  const rotated = (secret: IssuedTriggerSecret) => {
    setIssued((old) => [...old.filter((s) => s.trigger_id !== secret.trigger_id), secret]);
    list.reload();
  };
  const add = p.can_edit && !adding ? html`<button type="button" class="btn btn-xs" onClick=${() => { setAdding(true); setSavedRevision(null); }}>+ add trigger</button>` : null;

  return html`<${Section} label="schedule & triggers" id="section-triggers" actions=${add}>
    ${issued.map((s) => html`<${SecretOnce} key=${s.trigger_id} issued=${s} onDismiss=${() => setIssued((old) => old.filter((x) => x !== s))} />`)}
    ${savedRevision !== null && html`<p class="notice notice-green trigger-saved" role="status">✓ Trigger added: saved as revision ${savedRevision}${p.published_revision === savedRevision ? ', published' : `, a draft; it fires once revision ${savedRevision} is published`}.</p>`}
    ${draftNote(p) && html`<p class="notice notice-amber small trigger-draft-note" role="note">${draftNote(p)}</p>`}
    ${adding && html`<${AddTrigger} playbook=${p} onSaved=${saved} onCancel=${() => setAdding(false)} />`}
    ${list.error && html`<${ErrorNotice} error=${list.error} title="Could not load triggers" />`}
    ${!list.data && !list.error && html`<${Loading} what="triggers" />`}
    ${list.data && triggers.length === 0 && html`<p class="muted small">No triggers: it runs only when someone starts it.</p>`}
    ${triggers.length > 0 && html`<ul class="trigger-list" aria-label="Triggers">
      ${triggers.map((t) => html`<${TriggerItem} key=${t.id} trigger=${t} playbookId=${p.id} canEdit=${p.can_edit}
        onChanged=${(next: TriggerStatus) => setLocal((old) => ({ ...old, [next.id]: next }))} onIssued=${rotated} />`)}
    </ul>`}
    ${!p.can_edit && html`<p class="muted small">Only the owner (${p.created_by}) or an admin can add triggers or switch them.</p>`}
  <//>`;
}
