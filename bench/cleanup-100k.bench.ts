/// <reference types="node" />
// Scenario A at scale: the data-cleanup-for-ai Playbook on a 100,000-row contacts table, in one
// run of the real app (wrangler dev), with the table in a Keboola project served by the
// network-edge fake. Prints the total time, each step's time, and how the resolution was split
// across loop units (each unit a fresh invocation with its own CPU allowance).
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { KeboolaClient } from '../src/connections/keboola/http-client';
import { CANONICAL_FIELDS, syntheticPeople, toCsv } from '../src/er';
import { idleLatency, sampleLatency, startAppWithFakes, type BenchApp } from './app-with-fakes';
import { percentile, report } from './report';

const ROWS = 100_000;
const TABLE = 'in.c-crm.contacts';

let bench: BenchApp;

beforeAll(async () => {
  bench = await startAppWithFakes();
}, 240_000);
afterAll(() => bench?.stop());

it('data cleanup: 100,000 rows in one run', async () => {
  onTestFailed(() => console.log(`server log (tail):\n${bench.logTail()}`));
  const { fakes, api, send, headers } = bench;
  const token = `kbc-bench-${Date.now()}`;
  await fetch(`${fakes.url}/__control/keboola/projects`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const keboola = new KeboolaClient({ url: `${fakes.url}/keboola`, token });
  const people = syntheticPeople({ rows: ROWS, seed: 7 });
  const fields = CANONICAL_FIELDS.filter((f) => f !== 'full_name' && people.some((p) => p.fields[f]));
  const csv = toCsv(['id', ...fields], people.map((p) => [p.id, ...fields.map((f) => p.fields[f] ?? '')]));
  const bucket = await keboola.createBucket('in', 'crm', 'bench contacts');
  const fileId = await keboola.uploadFile('contacts.csv', new TextEncoder().encode(csv) as Uint8Array<ArrayBuffer>, 'text/csv');
  await keboola.waitForStorageJob(await keboola.createTable(bucket.id, 'contacts', fileId, ['id']), 'create the bench table');

  await send('PUT', '/vault/keboola_token', 'admin', { value: token });
  const playbook = await send('POST', '/blueprints/data-cleanup-for-ai/fork', 'author', { name: 'Cleanup 100k' });

  const t0 = Date.now();
  const run = await send('POST', `/playbooks/${playbook.id}/run`, 'author', { inputs: { source_tables: [TABLE] } });
  // Issue 13: the run's API stays responsive while heavy calls work. A client polls GET /runs/{id}
  // every 100 ms for the whole run; the baseline is the same GET once the run is idle.
  const sampler = sampleLatency(`${api}/runs/${run.id}`, headers('author'));
  let waitingMs = 0;
  let crashQuestions = 0;
  const settle = async (): Promise<any> => {
    for (;;) {
      const detail = await send('GET', `/runs/${run.id}`, 'author');
      // An approved write is committing (waiting_for_approval with nothing pending): not a stop.
      const committing = detail.status === 'waiting_for_approval' && !detail.approvals.some((a: any) => a.status === 'pending');
      if (!['queued', 'running'].includes(detail.status) && !committing) return detail;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  let detail = await settle();
  for (let stops = 0; detail.status !== 'done' && stops < 10; stops++) {
    const asked = Date.now();
    if (detail.status === 'waiting_for_input') {
      const question = detail.questions.find((q: any) => q.status === 'pending');
      const unknown = detail.tool_calls.find((c: any) => c.status === 'unknown');
      if (unknown) {
        // The runtime stopped during a write and asks whether it happened: look in Keboola, as a person would.
        crashQuestions++;
        console.log(`bench: ${question.prompt}\nserver log:\n${bench.logTail(400).split('\n').filter((l) => /error|exceed|reset|memory|crash/i.test(l)).slice(-20).join('\n')}`);
        const table = await fetch(`${fakes.url}/__control/keboola/table?token=${token}&table_id=${encodeURIComponent(unknown.args.table_id)}`);
        const answer = table.ok ? 'happened' : 'not_happened';
        await send('POST', `/runs/${run.id}/input`, 'author', { question_id: question.id, answer });
        waitingMs += Date.now() - asked;
        detail = await settle();
        continue;
      }
      const recommended = detail.steps.find((s: any) => s.id === 'propose-rules').outputs.proposals.recommended;
      await send('POST', `/runs/${run.id}/input`, 'author', { question_id: question.id, answer: recommended });
    } else if (detail.status === 'waiting_for_approval') {
      const approval = detail.approvals.find((a: any) => a.status === 'pending');
      await send('POST', `/approvals/${approval.id}/approve`, 'author', { body_hash: approval.body_hash });
    } else {
      throw new Error(`run ${run.id} stopped: ${detail.status} ${detail.status_reason ?? ''} ${JSON.stringify(detail.steps.map((s: any) => [s.id, s.status, s.error]))}`);
    }
    waitingMs += Date.now() - asked;
    detail = await settle();
  }
  const totalMs = Date.now() - t0;
  const samples = await sampler.stop();
  const latencies = samples.map((s) => s.ms);
  expect(detail.status).toBe('done');
  const idle = await idleLatency(`${api}/runs/${run.id}`, headers('author'));
  const p99 = percentile(latencies, 99);
  report('cleanup.get_run_during_100k', {
    requests: latencies.length, p50_ms: percentile(latencies, 50), p99_ms: p99, max_ms: Math.max(...latencies),
    over_200ms: latencies.filter((l) => l > 200).length, idle_p99_ms: percentile(idle, 99), p99_ratio_to_idle: p99 / percentile(idle, 99),
  });

  const events = await (await fetch(`${api}/runs/${run.id}/events`, { headers: headers('author') })).text();
  const parsed = [...events.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as { type: string; at: string; data: any });
  const at = (e: { at: string }) => Date.parse(e.at);
  const stepMs: Record<string, number> = {};
  for (const started of parsed.filter((e) => e.type === 'step_started')) {
    const ended = parsed.find((e) => (e.type === 'step_completed' || e.type === 'step_failed') && e.data.step_id === started.data.step_id && at(e) >= at(started));
    if (ended) stepMs[started.data.step_id] = at(ended) - at(started);
  }
  // A call's units: tool_call_started, one tool_call_progress per unit that did not finish, then
  // tool_call_finished. The gaps between them bound each unit's time (its CPU is at most that).
  const units = (toolId: string) => {
    const call = detail.tool_calls.find((c: any) => c.tool_id === toolId);
    const marks = parsed.filter((e) => ['tool_call_started', 'tool_call_progress', 'tool_call_finished'].includes(e.type) && e.data.call_id === call.call_id).map(at);
    const gaps = marks.slice(1).map((t, i) => t - marks[i]!);
    return { units: gaps.length, longest: Math.max(...gaps), median: [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! };
  };
  // A unit that found its call's memory empty (the object was reset, e.g. for memory) started over.
  const restarts = parsed.filter((e) => e.type === 'skill.progress' && e.data.restarted).length;
  const propose = units('skill.entity-resolution.propose_rules');
  const resolveUnits = units('skill.entity-resolution.resolve');
  const resolve = detail.steps.find((s: any) => s.id === 'resolve').outputs.resolve;
  expect(resolve.stats.records).toBe(ROWS);

  report('cleanup.run_100k', {
    rows: ROWS,
    total_ms: totalMs,
    total_without_people_ms: totalMs - waitingMs,
    propose_units: propose.units,
    propose_longest_unit_ms: propose.longest,
    propose_median_unit_ms: propose.median,
    resolve_units: resolveUnits.units,
    resolve_longest_unit_ms: resolveUnits.longest,
    resolve_median_unit_ms: resolveUnits.median,
    restarts,
    crash_questions: crashQuestions,
    entities: resolve.stats.clusters,
    compared_pairs: resolve.stats.comparedPairs,
  });
  report('cleanup.run_100k_steps', stepMs);
  // Where the slow answers fell: the step running when each GET over 200 ms was sent.
  const stepOf = (t: number) => parsed.find((e) => e.type === 'step_started' && at(e) <= t && t < at(e) + (stepMs[e.data.step_id] ?? Infinity))?.data.step_id ?? 'between steps';
  const slowBySteps: Record<string, number> = {};
  for (const s of samples.filter((x) => x.ms > 200)) slowBySteps[stepOf(s.at)] = (slowBySteps[stepOf(s.at)] ?? 0) + 1;
  report('cleanup.get_run_over_200ms_by_step', { total: samples.filter((x) => x.ms > 200).length, ...slowBySteps });
  // Issue 13's measure: GET /runs/{id} while one long call works (each call over 2 s, on its own line).
  for (const started of parsed.filter((e) => e.type === 'tool_call_started')) {
    const ended = parsed.find((e) => ['tool_call_finished', 'tool_call_failed'].includes(e.type) && e.data.call_id === started.data.call_id);
    if (!ended || at(ended) - at(started) < 2_000) continue;
    const during = samples.filter((s) => s.at >= at(started) && s.at < at(ended)).map((s) => s.ms);
    if (during.length === 0) continue;
    report('cleanup.get_run_during_call', {
      tool: started.data.tool_id, call_ms: at(ended) - at(started), requests: during.length,
      p50_ms: percentile(during, 50), p99_ms: percentile(during, 99), max_ms: Math.max(...during), over_200ms: during.filter((l) => l > 200).length,
    });
  }
});

