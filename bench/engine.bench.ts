/// <reference types="node" />
// Engine overhead (issue 12): a 50-step scripted run of the cheapest tool (kbagent.log), durable,
// 3 warm-ups then 20 timed runs, in 3 rounds. In the run: the run's own event timestamps (first
// step_started → run_completed); at the client: POST …/run until GET /runs/{id} says done. When
// the optional peers are installed (bench/peers), LangGraph.js and Mastra run the same 50 no-op
// steps with durable storage between our rounds, and the ratios to them are printed.
import { inject, it } from 'vitest';
import { median, report } from './report';
import { PEERS, peersInstalled, runPeer, type Peer } from './peers/run-peers';

const STEPS = 50;
const WARMUP = 3;
const RUNS = 20;
const ROUNDS = 3;

it('engine overhead per step, beside LangGraph.js and Mastra when installed', async () => {
  const base = `${inject('baseUrl')}/v1/agent-studio`;
  const headers = { authorization: `Bearer ${inject('tokens').author}`, 'content-type': 'application/json' };
  const steps = Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`, title: `Step ${i}`, instruction: 'no-op', completion_criteria: 'logged',
    allowed_tools: ['kbagent.log'], actions: [{ tool: 'kbagent.log', args: { message: `step ${i}` } }],
  }));
  const created = await fetch(`${base}/playbooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'Engine bench', sop: { goal: 'bench', steps }, budget: { max_usd_per_run: 1 } }) });
  const playbook = (await created.json()) as { id: string };

  /** One run: ms per step in the run and at the client. */
  const oneRun = async (): Promise<{ inRun: number; client: number }> => {
    const t0 = performance.now();
    const run = (await (await fetch(`${base}/playbooks/${playbook.id}/run`, { method: 'POST', headers, body: '{}' })).json()) as { id: string };
    for (;;) {
      const detail = (await (await fetch(`${base}/runs/${run.id}`, { headers })).json()) as { status: string };
      if (detail.status === 'done') break;
      if (detail.status === 'failed') throw new Error(`bench run failed: ${JSON.stringify(detail)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const client = (performance.now() - t0) / STEPS;
    const events = await (await fetch(`${base}/runs/${run.id}/events`, { headers })).text();
    const parsed = [...events.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as { type: string; at: string });
    const first = parsed.find((e) => e.type === 'step_started')!;
    const last = parsed.find((e) => e.type === 'run_completed')!;
    return { inRun: (Date.parse(last.at) - Date.parse(first.at)) / STEPS, client };
  };

  const withPeers = peersInstalled();
  if (!withPeers) console.log('engine bench: peers not installed (cd bench/peers && npm install) — printing Agent Studio alone');
  const ours = { inRun: [] as number[], client: [] as number[] };
  const peers = Object.fromEntries(PEERS.map((p) => [p, [] as number[]])) as Record<Peer, number[]>;
  for (let round = 1; round <= ROUNDS; round++) {
    const inRun: number[] = [];
    const client: number[] = [];
    for (let r = 0; r < WARMUP + RUNS; r++) {
      const measured = await oneRun();
      if (r < WARMUP) continue;
      inRun.push(measured.inRun);
      client.push(measured.client);
    }
    ours.inRun.push(median(inRun));
    ours.client.push(median(client));
    const row: Record<string, number | string> = { round, runs: RUNS, steps: STEPS, in_run_ms_per_step: median(inRun), client_ms_per_step: median(client) };
    for (const peer of withPeers ? PEERS : []) {
      const result = runPeer(peer, STEPS, RUNS);
      if ('error' in result) row[`${peer}_error`] = result.error;
      else {
        peers[peer].push(result.median_ms_per_step);
        row[`${peer}_ms_per_step`] = result.median_ms_per_step;
      }
    }
    report('engine.round', row);
  }
  const inRun = median(ours.inRun);
  const client = median(ours.client);
  const summary: Record<string, number> = { in_run_ms_per_step: inRun, client_ms_per_step: client, target_in_run_ms: 0.5, target_client_ms: 2 };
  for (const peer of PEERS) {
    if (peers[peer].length === 0) continue;
    summary[`${peer}_ms_per_step`] = median(peers[peer]);
    summary[`${peer}_over_in_run`] = median(peers[peer]) / inRun;
    summary[`${peer}_over_client`] = median(peers[peer]) / client;
  }
  report('engine.scripted_step', summary);
});
