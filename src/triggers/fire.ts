import type { Env } from '../env';
import type { Run } from '../domain/run';
import { tenantStub } from '../api/context';
import { readRevision } from '../playbooks/store';
import { startRun } from '../runs/start';
import { NotFoundError } from '../errors';
import { NotPublishedError } from '../playbooks/published';
import { TriggerUnavailableError } from './errors';
import { inputLabel } from '../broker/taint';
import type { TriggerRow } from './store';

/**
 * How a trigger's data becomes run inputs. `declared`: only keys the Playbook declares as inputs
 * are taken and the rest ignored — a webhook body or a Keboola event carries the sender's whole
 * envelope, and refusing it for extra fields would make every integration a 422. Locked inputs are
 * ignored too: the run acts for the owner, but the sender is not the author, so the author's value
 * stands; ignoring rather than refusing keeps a retrying sender from failing forever. `exact`: the
 * author wrote them (a cron trigger's `inputs`), so an unknown key is a mistake worth reporting.
 */
export type InputMode = 'declared' | 'exact';

/**
 * Starts a run for a trigger, acting for the Playbook's owner (who can always see it) and naming
 * the trigger in the run record. It runs the Playbook's published revision, never a newer draft; a
 * Playbook with none published answers 409 `not_published`. Archived Playbooks do not fire.
 */
export async function startTriggeredRun(env: Env, trigger: TriggerRow, given: Record<string, unknown>, mode: InputMode): Promise<Run> {
  if (trigger.playbook_status === 'archived') throw new TriggerUnavailableError(trigger.id, 'its Playbook is archived');
  const tenant = tenantStub(env);
  const owner = await tenant.getUser(trigger.owner);
  if (!owner) throw new TriggerUnavailableError(trigger.id, `the Playbook's owner "${trigger.owner}" no longer exists`);
  const inputs = mode === 'exact' ? given : pick(given, await openInputs(env, trigger.playbook_id));
  // A sender's body is untrusted content: each input taken from it is marked as coming from outside.
  const input_taint = mode === 'declared' ? Object.fromEntries(Object.keys(inputs).map((name) => [name, [inputLabel(name, trigger.type)]])) : {};
  return startRun(env, owner, trigger.playbook_id, { inputs, trigger: { type: trigger.type, id: trigger.id }, input_taint });
}

/** The inputs a sender may fill: declared and not locked by the author. */
async function openInputs(env: Env, playbookId: string): Promise<Set<string>> {
  const summary = await tenantStub(env).getPlaybook(playbookId);
  if (!summary) throw new NotFoundError('Playbook', playbookId);
  // A trigger runs the published revision (src/playbooks/published.ts): its inputs are the ones that count.
  if (summary.published_revision === undefined) throw new NotPublishedError(playbookId);
  const current = await readRevision(env.BUCKET, playbookId, summary.published_revision);
  if (!current) throw new NotFoundError('Playbook', playbookId);
  return new Set(current.spec.inputs.filter((input) => !input.locked).map((input) => input.name));
}

function pick(given: Record<string, unknown>, names: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(given).filter(([name]) => names.has(name)));
}
