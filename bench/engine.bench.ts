/// <reference types="node" />
// Engine overhead: a 50-step scripted run of the cheapest tool (kbagent.log), timed from the
// run's own event timestamps (first step_started → run_completed), median over several runs.
import { inject, it } from 'vitest';
import { median, report } from './report';

const STEPS = 50;
const RUNS = 5;

it('engine overhead per step', async () => {
  const base = `${inject('baseUrl')}/v1/agent-studio`;
  const headers = { authorization: `Bearer ${inject('tokens').author}`, 'content-type': 'application/json' };
  const steps = Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`, title: `Step ${i}`, instruction: 'no-op', completion_criteria: 'logged',
    allowed_tools: ['kbagent.log'], actions: [{ tool: 'kbagent.log', args: { message: `step ${i}` } }],
  }));
  const created = await fetch(`${base}/playbooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'Engine bench', sop: { goal: 'bench', steps }, budget: { max_usd_per_run: 1 } }) });
  const playbook = (await created.json()) as { id: string };

  const perStepMs: number[] = [];
  const endToEndMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = Date.now();
    const run = (await (await fetch(`${base}/playbooks/${playbook.id}/run`, { method: 'POST', headers, body: '{}' })).json()) as { id: string };
    for (;;) {
      const detail = (await (await fetch(`${base}/runs/${run.id}`, { headers })).json()) as { status: string };
      if (detail.status === 'done') break;
      if (detail.status === 'failed') throw new Error(`bench run failed: ${JSON.stringify(detail)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    endToEndMs.push(Date.now() - t0);
    const events = await (await fetch(`${base}/runs/${run.id}/events`, { headers })).text();
    const parsed = [...events.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as { type: string; at: string });
    const first = parsed.find((e) => e.type === 'step_started')!;
    const last = parsed.find((e) => e.type === 'run_completed')!;
    perStepMs.push((Date.parse(last.at) - Date.parse(first.at)) / STEPS);
  }
  report('engine.scripted_step', { steps: STEPS, runs: RUNS, median_ms_per_step: median(perStepMs), median_run_ms: median(endToEndMs), min_ms_per_step: Math.min(...perStepMs), max_ms_per_step: Math.max(...perStepMs) });
});
