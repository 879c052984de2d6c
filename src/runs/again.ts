import { z } from '@hono/zod-openapi';
import type { Env } from '../env';
import type { Run } from '../domain/run';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { Slug } from '../domain/common';
import { fromRpc, unwrapRpc, type RpcResult } from '../errors';
import type { RunSeed } from '../run/store';
import { runStub, visibleRun } from './service';
import { startRun } from './start';
import type { Taint } from '../broker/taint';
import { canonicalJson } from '../broker/canonical';

type Deps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };

const Inputs = z.record(z.string(), z.unknown()).openapi({ description: 'Inputs to change; the rest are the original run\'s' });

/** POST /runs/{id}/rerun: the same Playbook again, with the original's inputs unless changed. */
export const RerunRequest = z
  .strictObject({
    inputs: Inputs.default({}),
    revision: z.enum(['pinned', 'current']).default('pinned').openapi({ description: 'pinned: the revision the original ran; current: the Playbook as it is now' }),
  })
  .openapi('RerunRequest');

/** POST /runs/{id}/retry and /fork: a new run from a step, with the original's earlier steps as they ended. */
export const FromStepRequest = z
  .strictObject({
    from_step: Slug.openapi({ description: 'The id of the step the new run starts at; the steps before it keep what the original recorded' }),
    inputs: Inputs.default({}),
  })
  .openapi('FromStepRequest');

export async function rerun(deps: Deps, runId: string, request: z.infer<typeof RerunRequest>): Promise<Run> {
  const original = await visibleRun(deps, runId);
  return startRun(deps.env, deps.user, original.playbook_id, {
    inputs: { ...original.inputs, ...request.inputs },
    input_taint: await keptInputTaint(deps.env, original, request.inputs),
    trigger: { type: 'rerun', id: original.id, by: deps.user.id },
    ...(request.revision === 'pinned' ? { revision: original.revision } : {}),
  });
}

/**
 * Retry (a failed or cancelled run, for real) or fork (any run, "what if": reads served from the
 * original's record, every write and send held for a fresh approval) from a step. The new run pins
 * the original's revision, so its steps are the same ones.
 */
export async function fromStep(deps: Deps, runId: string, mode: RunSeed['mode'], request: z.infer<typeof FromStepRequest>): Promise<Run> {
  const original = await visibleRun(deps, runId);
  const seed = unwrapRpc(fromRpc<RpcResult<RunSeed>>(await runStub(deps.env, runId).seedFor(request.from_step, mode)));
  return startRun(deps.env, deps.user, original.playbook_id, {
    inputs: { ...original.inputs, ...request.inputs },
    input_taint: await keptInputTaint(deps.env, original, request.inputs),
    trigger: { type: mode, id: original.id, by: deps.user.id },
    revision: original.revision,
    seed,
  });
}

/**
 * An input the new run takes over unchanged keeps the original's taint: a webhook's payload stays
 * untrusted when a person reruns it. A value the person typed in the request is theirs.
 */
async function keptInputTaint(env: Env, original: Run, changed: Record<string, unknown>): Promise<Record<string, Taint>> {
  const taint = await runStub(env, original.id).inputTaint();
  return Object.fromEntries(Object.entries(taint).filter(([name]) => !(name in changed) || canonicalJson(changed[name]) === canonicalJson(original.inputs[name])));
}
