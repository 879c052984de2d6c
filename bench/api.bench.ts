/// <reference types="node" />
// Issue 12: what a list costs over a request that only authenticates. 200 concurrent clients
// (closed loop: each sends its next request when the last one answered) hit GET /playbooks and,
// in alternating rounds of the same run, GET /me — authenticated and cheap, so the difference is
// the list's own work (its Tenant call), not auth, routing or the client. Rounds alternate
// (baseline, list, baseline, list…) so drift on this shared machine hits both alike.
import { inject, it } from 'vitest';
import { median, percentile, report } from './report';

const CLIENTS = 200;
/** Per client per round: 200 × 10 = 2,000 samples a round, 12,000 per route over six rounds. */
const REQUESTS_PER_CLIENT = 10;
const ROUNDS = 6;
/** A realistic list: the author sees this many Playbooks (each a row of the Tenant's index). */
const PLAYBOOKS = 20;

type Round = { name: 'baseline' | 'list'; samples: number[]; perSecond: number };

/** Every client sends its requests one after another; all clients run at once. Statuses must be 200. */
async function round(url: string, headers: Record<string, string>): Promise<{ samples: number[]; perSecond: number }> {
  const samples: number[] = [];
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        const t0 = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, perSecond: samples.length / ((performance.now() - began) / 1000) };
}

it('GET /playbooks against an authenticated no-op under 200 concurrent clients', async () => {
  const base = `${inject('baseUrl')}/v1/agent-studio`;
  const headers = { authorization: `Bearer ${inject('tokens').author}`, 'content-type': 'application/json' };
  for (let i = 0; i < PLAYBOOKS; i++) {
    const created = await fetch(`${base}/playbooks`, {
      method: 'POST', headers,
      body: JSON.stringify({ name: `List bench ${i}`, budget: { max_usd_per_run: 1 }, sop: { goal: 'bench', steps: [{ id: 'a', title: 'A', instruction: 'log', completion_criteria: 'logged', allowed_tools: ['kbagent.log'] }] } }),
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  }
  const routes = { baseline: `${base}/me`, list: `${base}/playbooks` } as const;

  // Warm-up: opens the client's connections and wakes the Tenant object and the isolate.
  await round(routes.baseline, headers);
  await round(routes.list, headers);

  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of ['baseline', 'list'] as const) rounds.push({ name, ...(await round(routes[name], headers)) });
  }

  const pooled = (name: Round['name']) => rounds.filter((r) => r.name === name).flatMap((r) => r.samples);
  // Requests per second at saturation: the clients and the server share the machine's cores, so
  // this says what one request costs the whole system more steadily than a tail latency does.
  const perSecond = (name: Round['name']) => median(rounds.filter((r) => r.name === name).map((r) => r.perSecond));
  const baseline = pooled('baseline');
  const list = pooled('list');
  // The per-round ratio as well: a stall that hits one round shows up here, not in the pooled p99 alone.
  const roundRatios = Array.from({ length: ROUNDS }, (_, i) => percentile(rounds[2 * i + 1]!.samples, 99) / percentile(rounds[2 * i]!.samples, 99));
  report('api.baseline_me', { clients: CLIENTS, requests: baseline.length, p50_ms: median(baseline), p99_ms: percentile(baseline, 99), requests_per_s: perSecond('baseline') });
  report('api.list_playbooks', { clients: CLIENTS, requests: list.length, playbooks: PLAYBOOKS, p50_ms: median(list), p99_ms: percentile(list, 99), requests_per_s: perSecond('list') });
  report('api.list_vs_baseline', {
    p99_ratio: percentile(list, 99) / percentile(baseline, 99),
    p50_ratio: median(list) / median(baseline),
    median_round_p99_ratio: median(roundRatios),
    target_p99_ratio: 1.2,
  });
});
