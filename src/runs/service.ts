import type { Env } from '../env';
import type { Run, RunDetail } from '../domain/run';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { NotFoundError, fromRpc, unwrapRpc } from '../errors';
import { writeArtifact } from '../workspace/artifacts';

export type RunDeps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };
type Deps = RunDeps;

/**
 * A run is visible to admins, to whoever started it, and to anyone who can see its Playbook
 * (spec §8); else 404. The Tenant applies the rule (TenantObject.getRunFor): one call.
 */
export async function visibleRun(deps: Deps, runId: string): Promise<Run> {
  const run = fromRpc<Run | null>(await deps.tenant.getRunFor(deps.user, runId));
  if (!run) throw new NotFoundError('Run', runId);
  return run;
}

export function runStub(env: Env, runId: string) {
  return env.RUN.get(env.RUN.idFromName(runId));
}

/**
 * Lists of run-scoped things (runs, approvals, inbox items) follow one rule: admins see all, others
 * what belongs to Playbooks they can see or to runs they started (spec §8). The Tenant applies it
 * (TenantObject.listRunsFor and its siblings), so a list is one call.
 */
export async function listRuns(deps: Deps, filter: { playbook_id?: string; status?: string }): Promise<Run[]> {
  return fromRpc<Run[]>(await deps.tenant.listRunsFor(deps.user, filter));
}

export async function runDetail(deps: Deps, runId: string): Promise<RunDetail> {
  await visibleRun(deps, runId);
  return fromRpc<RunDetail>(await runStub(deps.env, runId).detail());
}

/** The same detail as JSON text, ready to send: what clients poll, without parsing and writing out the stored calls again. */
export async function runDetailJson(deps: Deps, runId: string): Promise<string> {
  await visibleRun(deps, runId);
  return runStub(deps.env, runId).detailJson();
}

export type AnswerRequest = { question_id: string; answer?: unknown; comment?: string; file?: { name: string; content_base64: string; content_type?: string } };

/** Answers a pending question; a file answer is stored in the run's workspace under uploads/. */
export async function answerQuestion(deps: Deps, runId: string, request: AnswerRequest): Promise<RunDetail> {
  await visibleRun(deps, runId);
  const stub = runStub(deps.env, runId);
  let answer = request.answer;
  if (request.file) {
    const bytes = Uint8Array.from(atob(request.file.content_base64), (c) => c.charCodeAt(0));
    // A file brought in from outside is untrusted content, like rows a tool reads: whatever reads it carries that.
    const path = `uploads/${request.file.name}`;
    const saved = await writeArtifact(deps.env, runId, path, bytes, { contentType: request.file.content_type, taint: [`upload:${path} (by ${deps.user.id})`] });
    answer = { path: saved.path, size: saved.size, name: request.file.name };
  }
  unwrapRpc(await stub.answer(request.question_id, answer, deps.user.id, request.comment));
  return fromRpc<RunDetail>(await stub.detail());
}

export async function controlRun(deps: Deps, runId: string, action: 'pause' | 'resume' | 'cancel'): Promise<RunDetail> {
  await visibleRun(deps, runId);
  const stub = runStub(deps.env, runId);
  const result = action === 'cancel' ? await stub.cancel(deps.user.id) : action === 'pause' ? await stub.pause(deps.user.id) : await stub.resume(deps.user.id);
  unwrapRpc(result);
  return fromRpc<RunDetail>(await stub.detail());
}

export async function inbox(deps: Deps): Promise<{ id: string; kind: 'question' | 'approval'; run_id: string; playbook_id: string; title: string; created_at: string }[]> {
  return deps.tenant.listInboxFor(deps.user);
}
