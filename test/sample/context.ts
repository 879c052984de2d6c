import { env } from 'cloudflare:test';
import type { ToolContext } from '../../src/tools/types';
import { directWorkspace } from '../../src/workspace/direct';
import { CLEAN } from '../../src/broker/taint';

/** What a Keboola tool hands the backend during a run; each test run gets its own workspace. */
export function sampleContext(runId = `run_sample_${crypto.randomUUID().slice(0, 8)}`): ToolContext {
  return {
    env,
    run_id: runId,
    playbook_id: 'pb_sample',
    run_by: 'sample-tester',
    step_id: 'step',
    call_id: `call_${crypto.randomUUID().slice(0, 8)}`,
    dry_run: false,
    remaining_budget: { usd: 1, tokens: 100_000, wall_clock_seconds: 600 },
    secret: async (name) => {
      throw new Error(`the sample project needs no secrets (asked for ${name})`);
    },
    emit: () => {},
    workspace: directWorkspace(env, runId),
    taint: () => CLEAN,
    memory: new Map(),
  };
}
