/// <reference types="node" />
// The Broker's added latency per tool call, measured through POST /tools/{id}/call with a run
// token against the real app: an allowed `read` call (kbagent.log) and a call that needs an
// approval check (slack.send_message → an approval is opened, nothing is sent). The baseline is
// an authenticated request that does no Broker work (GET /me), so the difference is the Broker.
import { inject, it } from 'vitest';
import { median, percentile, report } from './report';

const CALLS = 60;

async function timed(request: () => Promise<Response>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    const response = await request();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`bench call failed: ${response.status}`);
    samples.push(performance.now() - t0);
  }
  return samples.slice(5); // the first calls warm the objects up
}

it('broker latency per tool call', async () => {
  const base = `${inject('baseUrl')}/v1/agent-studio`;
  const user = { authorization: `Bearer ${inject('tokens').author}`, 'content-type': 'application/json' };
  // A run that stays alive (waiting for an answer) and allows both tools.
  const playbook = {
    name: 'Broker bench', budget: { max_usd_per_run: 1 },
    sop: { goal: 'bench', steps: [{ id: 'hold', title: 'Hold', instruction: 'wait', completion_criteria: 'answered', allowed_tools: ['kbagent.human_in_loop', 'kbagent.log', 'slack.send_message'], actions: [{ tool: 'kbagent.human_in_loop', args: { prompt: 'hold', kind: 'text' } }] }] },
  };
  const created = (await (await fetch(`${base}/playbooks`, { method: 'POST', headers: user, body: JSON.stringify(playbook) })).json()) as { id: string };
  const run = (await (await fetch(`${base}/playbooks/${created.id}/run`, { method: 'POST', headers: user, body: '{}' })).json()) as { id: string };
  for (;;) {
    const detail = (await (await fetch(`${base}/runs/${run.id}`, { headers: user })).json()) as { status: string };
    if (detail.status === 'waiting_for_input') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const minted = (await (await fetch(`${base}/runs/${run.id}/token`, { method: 'POST', headers: user })).json()) as { token: string };
  const runToken = { authorization: `Bearer ${minted.token}`, 'content-type': 'application/json' };

  const baseline = await timed(() => fetch(`${base}/me`, { headers: user }));
  const read = await timed(() => fetch(`${base}/tools/kbagent.log/call`, { method: 'POST', headers: runToken, body: JSON.stringify({ args: { message: 'bench' } }) }));
  const approval = await timed(() => fetch(`${base}/tools/slack.send_message/call`, { method: 'POST', headers: runToken, body: JSON.stringify({ args: { channel: '#bench', text: 'bench' } }) }));

  const added = (samples: number[]) => ({ median_ms: median(samples) - median(baseline), p99_ms: percentile(samples, 99) - median(baseline) });
  report('broker.baseline_request', { calls: baseline.length, median_ms: median(baseline), p99_ms: percentile(baseline, 99) });
  report('broker.allowed_read_call', { calls: read.length, ...added(read), total_median_ms: median(read) });
  report('broker.approval_check_call', { calls: approval.length, ...added(approval), total_median_ms: median(approval) });
});
