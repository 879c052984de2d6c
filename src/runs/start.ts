import type { Env } from '../env';
import type { Run, RunTriggerInfo } from '../domain/run';
import { principalKind, type User } from '../domain/user';
import type { BudgetPolicy } from '../domain/budget';
import type { z } from '@hono/zod-openapi';
import { tenantStub } from '../api/context';
import { canEdit, canView } from '../playbooks/access';
import { loadRevision } from '../playbooks/revision-cache';
import { revisionToRun } from '../playbooks/published';
import { randomId } from '../auth/tokens';
import { ConflictError, NotFoundError, fromRpc, unwrapRpc, type RpcResult } from '../errors';
import { hashOf } from '../broker/canonical';
import type { PlaybookSummary } from '../domain/playbook';
import type { RunInit, RunSeed } from '../run/store';
import { currentRevisions } from './current-revision';
import { assertLockedInputsKept, validateInputsForRun } from './inputs';
import { isTainted, type Taint } from '../broker/taint';

export type StartRequest = {
  inputs?: Record<string, unknown>;
  objective_override?: string;
  trigger: z.infer<typeof RunTriggerInfo>;
  parent?: { run_id: string; call_id: string; remaining: { usd: number; tokens: number; wall_clock_seconds: number }; share: number };
  /** Inputs that come from outside (a webhook body, a parent's untrusted values): the run treats them as untrusted content. */
  input_taint?: Record<string, Taint>;
  /** Pin this revision rather than the current one: a rerun, retry or fork of what a run ran (src/runs/again.ts). */
  revision?: number;
  /** A retry or fork: the original run's record the new run starts from. */
  seed?: RunSeed;
  /** The client's Idempotency-Key: the same key and request within 24 h gives the same run (issue 13). */
  idempotency_key?: string;
};

/** Enough for the benign races: a hint judged wrong, then an edit landing between judging and registering. */
const CLAIM_ATTEMPTS = 4;

/**
 * Starts a run of the Playbook's revision for this start (src/playbooks/published.ts: the latest for
 * its owner and admins, the published one for runners and triggers), which the run pins for life.
 * The caller must be able to see the Playbook; otherwise it does not exist for them (404). Inputs
 * the author locked keep the author's value unless the caller may edit the Playbook (403).
 *
 * One Tenant call when the isolate has started this Playbook before (issue 12): the inputs are
 * judged against the revision last seen (src/runs/current-revision.ts; the parsed revision comes
 * from src/playbooks/revision-cache.ts), and TenantObject.claimRun checks visibility, revision and
 * owner and registers the run in one step. A refusal judged against such a hint is confirmed with
 * the Tenant first, so nobody learns of a Playbook they cannot see from a 403 or 422.
 */
export async function startRun(env: Env, user: User, playbookId: string, request: StartRequest): Promise<Run> {
  const tenant = tenantStub(env);
  let playbook = currentRevisions.get(playbookId);
  let confirmed = false;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    if (!playbook) {
      const current = await tenant.getPlaybook(playbookId);
      if (!current || !canView(user, current)) throw new NotFoundError('Playbook', playbookId);
      playbook = current;
      confirmed = true;
    }
    let prepared: Prepared;
    try {
      prepared = await prepare(env, user, playbook, request);
    } catch (error) {
      if (confirmed) throw error;
      playbook = undefined;
      continue;
    }
    // An explicit pin does not depend on the current revision; the owner always matters (locked inputs).
    const claim = await tenant.claimRun(user, prepared.run, {
      revision: request.revision === undefined ? playbook.revision : null, owner: playbook.created_by,
      published: request.revision === undefined ? (playbook.published_revision ?? null) : undefined,
      ...(request.idempotency_key ? { idempotency: { key: request.idempotency_key, request_hash: requestHash(playbookId, request) } } : {}),
    });
    if (claim.kind === 'not_found') throw new NotFoundError('Playbook', playbookId);
    if (claim.kind === 'key_reused') throw new ConflictError('This Idempotency-Key was already used, within 24 h, for a different request; use a new key', { idempotency_key: request.idempotency_key });
    currentRevisions.remember(claim.kind === 'stale' ? claim.playbook : playbook);
    if (claim.kind === 'stale') {
      playbook = claim.playbook;
      confirmed = true;
      continue;
    }
    if (claim.kind === 'registered') {
      const stub = env.RUN.get(env.RUN.idFromName(prepared.run.id));
      return fromRpc<Run>(await stub.start({ ...prepared.init, number: claim.number, tenant_policy: claim.policy }));
    }
    // A repeated key: the run the first request registered, as it is now; or started now, if
    // that request died between registering and starting it.
    const stub = env.RUN.get(env.RUN.idFromName(claim.run_id));
    return unwrapRpc(fromRpc<RpcResult<Run>>(await stub.startOnce({ ...prepared.init, id: claim.run_id, number: claim.number, tenant_policy: claim.policy })));
  }
  throw new ConflictError(`Playbook "${playbookId}" kept changing while the run was starting; start it again`);
}

type Prepared = { run: Omit<Run, 'number'>; init: Omit<RunInit, 'number' | 'tenant_policy'> };

/** Everything a start decides without the Tenant: the pinned revision, the inputs, the budget, the records. */
async function prepare(env: Env, user: User, playbook: PlaybookSummary, request: StartRequest): Promise<Prepared> {
  // Named (a rerun of what a run ran), or as the caller and the trigger decide: latest or published.
  const revision = request.revision ?? revisionToRun(user, playbook, request.trigger);
  const pinned = await loadRevision(env.BUCKET, playbook.id, revision);
  if (!pinned) throw new NotFoundError('Playbook revision', `${playbook.id}@${revision}`);
  if (!canEdit(user, playbook)) assertLockedInputsKept(pinned.spec.inputs, request.inputs ?? {});
  const inputs = await validateInputsForRun(env, pinned.spec.inputs, request.inputs ?? {});
  const budget = request.parent ? carveBudget(pinned.spec.budget, request.parent.remaining, request.parent.share) : pinned.spec.budget;

  const id = randomId('run');
  const now = new Date().toISOString();
  const objective = request.objective_override ? { objective_override: request.objective_override } : {};
  const run = {
    id, playbook_id: playbook.id, revision, status: 'queued' as const, inputs, ...objective,
    trigger: request.trigger, created_by: user.id, created_by_kind: principalKind(user.id), step_index: 0, cost: { usd: 0, tokens: 0, wall_clock_seconds: 0, waiting_seconds: 0, compute_seconds: 0 },
    ...(request.parent ? { parent_run_id: request.parent.run_id } : {}), created_at: now, updated_at: now,
  };
  const init = {
    id, playbook_id: playbook.id, revision, spec: pinned.spec, inputs, ...objective,
    trigger: request.trigger, created_by: user.id, budget,
    ...(request.parent ? { parent_run_id: request.parent.run_id, parent_call_id: request.parent.call_id } : {}),
    ...(request.seed ? { seed: request.seed } : {}),
    // Only inputs that were given count: a default is the author's.
    input_taint: Object.fromEntries(Object.entries(request.input_taint ?? {}).filter(([name, taint]) => name in inputs && isTainted(taint))),
  };
  return { run, init };
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

/** What an Idempotency-Key promises to repeat: the same Playbook, inputs, objective and revision. */
export function requestHash(playbookId: string, request: StartRequest): string {
  return hashOf({ playbook_id: playbookId, inputs: request.inputs ?? {}, objective_override: request.objective_override ?? null, revision: request.revision ?? null });
}
