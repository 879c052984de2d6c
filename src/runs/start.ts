import type { Env } from '../env';
import type { Run, RunTriggerInfo } from '../domain/run';
import type { User } from '../domain/user';
import type { BudgetPolicy } from '../domain/budget';
import type { z } from '@hono/zod-openapi';
import { tenantStub } from '../api/context';
import { canEdit, canView } from '../playbooks/access';
import { readRevision } from '../playbooks/store';
import { randomId } from '../auth/tokens';
import { NotFoundError, fromRpc } from '../errors';
import { assertLockedInputsKept, validateRunInputs } from './inputs';
import { isTainted, type Taint } from '../broker/taint';

export type StartRequest = {
  inputs?: Record<string, unknown>;
  objective_override?: string;
  trigger: z.infer<typeof RunTriggerInfo>;
  parent?: { run_id: string; call_id: string; remaining: { usd: number; tokens: number; wall_clock_seconds: number }; share: number };
  /** Inputs that come from outside (a webhook body, a parent's untrusted values): the run treats them as untrusted content. */
  input_taint?: Record<string, Taint>;
};

/**
 * Starts a run of the Playbook's current revision, which the run pins for its whole life.
 * The caller must be able to see the Playbook; otherwise it does not exist for them (404). Inputs
 * the author locked keep the author's value unless the caller may edit the Playbook (403).
 */
export async function startRun(env: Env, user: User, playbookId: string, request: StartRequest): Promise<Run> {
  const tenant = tenantStub(env);
  const playbook = await tenant.getPlaybook(playbookId);
  if (!playbook || !canView(user, playbook)) throw new NotFoundError('Playbook', playbookId);
  const pinned = await readRevision(env.BUCKET, playbookId, playbook.revision);
  if (!pinned) throw new NotFoundError('Playbook revision', `${playbookId}@${playbook.revision}`);
  if (!canEdit(user, playbook)) assertLockedInputsKept(pinned.spec.inputs, request.inputs ?? {});
  const inputs = validateRunInputs(pinned.spec.inputs, request.inputs ?? {});
  const budget = request.parent ? carveBudget(pinned.spec.budget, request.parent.remaining, request.parent.share) : pinned.spec.budget;

  const id = randomId('run');
  const now = new Date().toISOString();
  const base = {
    id, playbook_id: playbookId, revision: playbook.revision, status: 'queued' as const, inputs,
    ...(request.objective_override ? { objective_override: request.objective_override } : {}),
    trigger: request.trigger, created_by: user.id, step_index: 0, cost: { usd: 0, tokens: 0, wall_clock_seconds: 0 },
    ...(request.parent ? { parent_run_id: request.parent.run_id } : {}), created_at: now, updated_at: now,
  };
  const { number, policy } = await tenant.registerRun(base);
  const stub = env.RUN.get(env.RUN.idFromName(id));
  return fromRpc<Run>(await stub.start({
    id, number, playbook_id: playbookId, revision: playbook.revision, spec: pinned.spec, inputs,
    ...(request.objective_override ? { objective_override: request.objective_override } : {}),
    trigger: request.trigger, created_by: user.id, budget,
    ...(request.parent ? { parent_run_id: request.parent.run_id, parent_call_id: request.parent.call_id } : {}),
    tenant_policy: policy,
    // Only inputs that were given count: a default is the author's.
    input_taint: Object.fromEntries(Object.entries(request.input_taint ?? {}).filter(([name, taint]) => name in inputs && isTainted(taint))),
  }));
}

/** A child's budget is the smaller of its own and its share of what the parent has left (spec §4). */
export function carveBudget(own: BudgetPolicy, remaining: { usd: number; tokens: number; wall_clock_seconds: number }, share: number): BudgetPolicy {
  return {
    ...own,
    max_usd_per_run: Math.min(own.max_usd_per_run, Math.max(remaining.usd * share, 0.000001)),
    max_tokens_per_run: Math.max(1, Math.min(own.max_tokens_per_run, Math.floor(remaining.tokens * share))),
    max_wall_clock_seconds: Math.max(1, Math.min(own.max_wall_clock_seconds, Math.floor(remaining.wall_clock_seconds * share))),
  };
}

/** `kbagent.call_playbook`: the child acts for the same person as the parent. */
export async function startChildRun(
  env: Env,
  parent: { run_id: string; call_id: string; run_by: string; remaining: { usd: number; tokens: number; wall_clock_seconds: number }; taint: Taint },
  args: { playbook_id: string; inputs: Record<string, unknown>; budget_share: number },
): Promise<Run> {
  const user = await tenantStub(env).getUser(parent.run_by);
  if (!user) throw new NotFoundError('User', parent.run_by);
  return startRun(env, user, args.playbook_id, {
    inputs: args.inputs,
    trigger: { type: 'parent_run', id: parent.run_id },
    parent: { run_id: parent.run_id, call_id: parent.call_id, remaining: parent.remaining, share: args.budget_share },
    // The child's inputs carry what the parent's call arguments derived from.
    input_taint: Object.fromEntries(Object.keys(args.inputs).map((name) => [name, parent.taint])),
  });
}
