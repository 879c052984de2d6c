import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { call, json, type TestUser } from '../helpers';

export function runStub(runId: string) {
  return env.RUN.get(env.RUN.idFromName(runId));
}

const SETTLED = ['done', 'failed', 'cancelled', 'blocked', 'waiting_for_input', 'waiting_for_approval'];

/**
 * Drives a run's alarm until it settles (ends, or waits for a person). Alarms are fired
 * explicitly so tests do not depend on wall-clock timing.
 */
export async function drive(runId: string, user: TestUser, maxUnits = 500): Promise<any> {
  for (let i = 0; i < maxUnits; i++) {
    await runDurableObjectAlarm(runStub(runId));
    const detail = await json(await call('GET', `/runs/${runId}`, user));
    // Settled (timers such as approval expiry may still be armed: they are for later), or
    // running but suspended on a child run (no alarm until the child reports back).
    // waiting_for_approval settles once a decision is actually awaited (not while a commit runs).
    const committing = detail.status === 'waiting_for_approval' && !detail.approvals?.some((a: any) => a.status === 'pending');
    if (SETTLED.includes(detail.status) && !committing) return detail;
    if (detail.status === 'running' && !(await hasAlarm(runId))) {
      // A loop still in flight (from an alarm the runtime delivered itself) re-arms when it ends;
      // only a run that stays unarmed is really suspended.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const again = await json(await call('GET', `/runs/${runId}`, user));
      if (again.status === 'running' && !(await hasAlarm(runId))) return again;
    }
  }
  throw new Error(`run ${runId} did not settle in ${maxUnits} units`);
}

async function hasAlarm(runId: string): Promise<boolean> {
  const { runInDurableObject } = await import('cloudflare:test');
  return runInDurableObject(runStub(runId), async (_i, state) => (await state.storage.getAlarm()) !== null);
}

export async function createPlaybook(user: TestUser, doc: Record<string, unknown>): Promise<string> {
  const res = await call('POST', '/playbooks', user, { json: doc });
  if (res.status !== 201) throw new Error(`create failed ${res.status}: ${await res.text()}`);
  return (await json(res)).id;
}

export async function startRun(user: TestUser, playbookId: string, inputs: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs } });
  if (res.status !== 201) throw new Error(`start failed ${res.status}: ${await res.text()}`);
  return (await json(res)).id;
}

export function scriptedStep(id: string, actions: { id?: string; tool: string; args?: Record<string, unknown>; for_each?: string }[], extra: Record<string, unknown> = {}) {
  return {
    id,
    title: `Step ${id}`,
    instruction: `Do ${id}`,
    completion_criteria: 'all actions succeeded',
    allowed_tools: [...new Set(actions.map((a) => a.tool))],
    actions: actions.map((a) => ({ args: {}, ...a })),
    ...extra,
  };
}

export function playbookWith(steps: unknown[], extra: Record<string, unknown> = {}) {
  return { name: 'Engine test', sop: { goal: 'Exercise the engine', steps }, budget: { max_usd_per_run: 1 }, ...extra };
}
