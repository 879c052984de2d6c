/// <reference types="node" />
// Issue 13: the run's API answers while a tool works. A model turn that takes 10 s (the run object
// awaits the provider) is polled with GET /runs/{id} every 100 ms and with fresh event-stream
// connections; the baseline is the same GET on the same run once it is idle, in this process.
// (Heavy compute in the run object is measured in cleanup-100k.bench.ts, over a whole 100k run.)
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { wireToolName } from '../src/executors/model/tool-names';
import { idleLatency, sampleLatency, startAppWithFakes, type BenchApp } from './app-with-fakes';
import { percentile, report } from './report';

const TURN_MS = 10_000;
let bench: BenchApp;

beforeAll(async () => {
  bench = await startAppWithFakes();
}, 240_000);
afterAll(() => bench?.stop());

/** ms until the event stream's first bytes (the run's history replays at once). */
async function streamFirstBytes(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const controller = new AbortController();
  const response = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  const ms = performance.now() - started;
  controller.abort();
  return ms;
}

const summary = (ms: number[]) => ({ requests: ms.length, p50_ms: percentile(ms, 50), p99_ms: percentile(ms, 99), max_ms: Math.max(...ms), over_200ms: ms.filter((l) => l > 200).length });

it('GET /runs/{id} and the event stream during a 10 s model turn', async () => {
  onTestFailed(() => console.log(`server log (tail):\n${bench.logTail()}`));
  const { send, headers, api, fakes } = bench;
  const scenario = `resp${Date.now()}`;
  const turns = [{ delay_ms: TURN_MS, tool_calls: [{ name: wireToolName('step.complete'), args: { summary: 'thought it through' } }] }];
  const uploaded = await fetch(`${fakes.url}/__control/model/${scenario}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ turns }) });
  expect(uploaded.ok).toBe(true);
  const playbook = await send('POST', '/playbooks', 'author', {
    name: 'Responsive bench',
    sop: { goal: 'Think for a while', steps: [{ id: 'think', title: 'Think', instruction: 'Think', completion_criteria: 'done', allowed_tools: [] }] },
    budget: { max_usd_per_run: 1 },
    model: { provider: 'openai-compatible', model: `gpt-4o-mini-test-${scenario}` },
  });
  const run = await send('POST', `/playbooks/${playbook.id}/run`, 'author', {});
  const runUrl = `${api}/runs/${run.id}`;
  const detailSampler = sampleLatency(runUrl, headers('author'));
  const streamMs: number[] = [];
  const t0 = Date.now();
  let detail = await send('GET', `/runs/${run.id}`, 'author');
  while (detail.status !== 'done' && detail.status !== 'failed') {
    streamMs.push(await streamFirstBytes(`${runUrl}/events`, headers('author')));
    await new Promise((resolve) => setTimeout(resolve, 400));
    detail = await send('GET', `/runs/${run.id}`, 'author');
  }
  const turnMs = Date.now() - t0;
  const during = (await detailSampler.stop()).map((s) => s.ms);
  expect(detail.status).toBe('done');
  expect(turnMs).toBeGreaterThanOrEqual(TURN_MS);

  const idle = await idleLatency(runUrl, headers('author'));
  const busy = summary(during);
  report('responsive.get_run_during_model_turn', { ...busy, turn_ms: turnMs, idle_p50_ms: percentile(idle, 50), idle_p99_ms: percentile(idle, 99), p99_ratio_to_idle: busy.p99_ms / percentile(idle, 99) });
  report('responsive.event_stream_during_model_turn', summary(streamMs));
});
