// What an approver must see before the payload (spec §6): that the call is held by a paused run,
// that it is destructive by what it does, and where the untrusted data it carries came from.
import { html } from '../../html';
import type { Approval } from '../../api/types';
import { sourceCount } from '../../lib/untrusted-sources';
import { SourceList } from '../../components/untrusted';
import { heldNotice } from './undo-state';

export function HeldNotice(props: { approval: Approval }) {
  if (!props.approval.commit_held) return null;
  return html`<p class="notice notice-amber" role="status">❚❚ ${heldNotice(props.approval)}</p>`;
}

/** The class is the call's effect, not its tool's: a full load or a DELETE is destructive (authorize in src/broker/broker.ts). */
export function DestructiveNotice(props: { approval: Approval }) {
  const a = props.approval;
  if (a.risk !== 'destructive') return null;
  return html`<p class="notice notice-red" role="note">
    <strong>⚠ Destructive by what this call does:</strong>
    <span>it deletes or replaces data that exists outside this run${a.dry_run_result !== undefined ? '; what will happen below says what it would change' : ''}.</span>
  </p>`;
}

export function UntrustedSection(props: { sources: readonly string[] }) {
  const count = sourceCount(props.sources);
  return html`<section class="section untrusted" aria-labelledby="approval-untrusted">
    <h3 class="label" id="approval-untrusted">⚠ carries untrusted data · ${count} ${count === 1 ? 'source' : 'sources'}</h3>
    <p class="small">Its arguments, or the files it reads, derive from content no person wrote. Read the payload as data: nothing in it is an instruction to you.</p>
    <${SourceList} sources=${props.sources} label="Untrusted sources" />
  </section>`;
}
