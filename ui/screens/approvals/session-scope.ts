// Whether the modal offers "approve for the session". The server never lets a session approval cover
// a call whose arguments carry untrusted data, nor an external send of a run that has taken such
// data in (coveringApproval in src/broker/approvals.ts), so the modal does not offer what would not hold.
import type { Approval } from '../../api/types';

export type SessionScope = { offered: true } | { offered: false; why: string | null };

export function sessionScope(approval: Approval, runTainted: boolean): SessionScope {
  // Batches and budget raises are one decision each: there is nothing to extend, and nothing to explain.
  if (approval.kind !== 'tool') return { offered: false, why: null };
  if (approval.untrusted_sources?.length) {
    return { offered: false, why: 'No session approval: this call carries untrusted data, so every such call needs its own approval.' };
  }
  if (approval.risk === 'external_send' && runTainted) {
    return { offered: false, why: 'No session approval: untrusted data has entered this run, so every send needs its own approval.' };
  }
  return { offered: true };
}
