/**
 * Issue 15: the Sales Pipeline Process Map blueprint runs on the built-in sample with no model.
 * Fork → run → the stage-mapping question → "use this mapping" → done, and every figure the run
 * reports is checked against the sample generator's own ground truth
 * (sample/ground-truth/pipeline-process.json, computed from its simulation, not from these scripts).
 * With a model chosen, the model writes the "In short" paragraph of the findings; the figures of
 * the report stay the scripts'.
 */
import { describe, expect, it } from 'vitest';
import truthText from '../../sample/ground-truth/pipeline-process.json?raw';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import { scriptModel } from '../fakes/control';
import { parseFlowchart } from '../../ui/lib/mermaid-parse';

type Truth = {
  as_of: string; cases: number; closed_cases: number; won_cases: number; open_cases: number; stage_events: number; excluded_before_lookback: number;
  raw_to_canonical: Record<string, string>; bottleneck_stage: string; rework_loop: { from: string; to: string; transitions: number; cases: number };
  transitions: Record<string, number>; dwell: Record<string, { visits: number; median_days: number }>; stalled: Record<string, { cases: number; amount: number }>;
  skipped: Record<string, number>; variants: { variant: string; cases: number; won: number }[];
};
const truth = JSON.parse(truthText) as Truth;

async function artifact(user: TestUser, runId: string, path: string): Promise<Response> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res;
}

async function startFork(user: TestUser, inputs: Record<string, unknown>, patch: Record<string, unknown> = {}): Promise<string> {
  const forked = await call('POST', '/blueprints/pipeline-process-map/fork', user, { json: { name: 'Pipeline process map' } });
  expect(forked.status).toBe(201);
  const playbookId = (await json(forked)).id;
  if (Object.keys(patch).length > 0) {
    const patched = await call('PATCH', `/playbooks/${playbookId}`, user, { json: patch, contentType: 'application/merge-patch+json' });
    expect(patched.status, await patched.clone().text()).toBe(200);
  }
  const started = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs } });
  expect(started.status, await started.clone().text()).toBe(201);
  return (await json(started)).id;
}

describe('scenario: the Sales Pipeline Process Map blueprint on the sample project', () => {
  it('fork → mapping question → use → done, with the planted bottleneck, rework loop and skips found, in numbers', async () => {
    const user = await createTestUser('author');
    const runId = await startFork(user, { as_of: truth.as_of.slice(0, 10) });
    let run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');

    const log = run.steps.find((s: any) => s.id === 'build-event-log').outputs.log;
    expect(log).toMatchObject({ cases: truth.cases, excluded_before_lookback: truth.excluded_before_lookback });
    expect(log.proposed_mapping).toEqual(truth.raw_to_canonical);
    expect(log.checks).toMatchObject({ history_rows_ignored: expect.any(Number), cases_without_events: 0, events_after_as_of: 0 });
    expect(log.checks.history_rows_ignored).toBeGreaterThan(0); // the Amount changes
    const question = run.questions.find((q: any) => q.status === 'pending');
    expect(question.prompt).toContain('Needs Analysis');
    expect(question.options.map((o: any) => o.value)).toEqual(['use', 'edit', 'stop']);
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: 'use' } });
    expect(answered.status).toBe(200);
    run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');

    const found = run.steps.find((s: any) => s.id === 'discover-process').outputs.discovery;
    expect(found).toMatchObject({ cases: truth.cases, closed_cases: truth.closed_cases, won_cases: truth.won_cases, open_cases: truth.open_cases, stage_events: truth.stage_events });
    const discovery = JSON.parse(await (await artifact(user, runId, 'process/discovery.json')).text());
    expect(Object.fromEntries(discovery.edges.map((e: any) => [`${e.from} -> ${e.to}`, e.count]))).toEqual(truth.transitions);
    const loop = [...found.rework].sort((a: any, b: any) => b.transitions - a.transitions)[0];
    expect(loop).toEqual(truth.rework_loop);
    expect(Object.fromEntries(found.skipped.map((s: any) => [s.stage, s.cases]))).toEqual(truth.skipped);
    expect(found.top_variants.map((v: any) => ({ variant: v.path, cases: v.cases, won: v.won }))).toEqual(truth.variants);
    // Deals that went back to Proposal win less often: the rework costs.
    expect(found.win_rate.with_rework).toBeLessThan(found.win_rate.without_rework);

    const stuck = run.steps.find((s: any) => s.id === 'find-bottlenecks').outputs.bottlenecks;
    for (const d of stuck.dwell) {
      expect({ stage: d.stage, visits: d.visits, median_days: d.p50_days }).toEqual({ stage: d.stage, ...truth.dwell[d.stage] });
      expect({ stage: d.stage, cases: d.stalled_cases, amount: d.stalled_amount }).toEqual({ stage: d.stage, ...truth.stalled[d.stage] });
    }
    expect(stuck.dwell.map((d: any) => d.stage).sort()).toEqual(Object.keys(truth.dwell).sort());
    expect(stuck.bottlenecks[0]).toMatchObject({ rank: 1, stage: truth.bottleneck_stage, action: expect.stringContaining('deal-desk review') });

    // The map the run view draws: the rework edge dotted, the bottleneck marked.
    const chart = parseFlowchart(await (await artifact(user, runId, 'process/process-map.mmd')).text());
    const id = (stage: string) => [...chart.nodes.values()].find((n) => n.label === stage)!.id;
    expect(chart.edges.find((e) => e.from === id(truth.rework_loop.from) && e.to === id(truth.rework_loop.to))).toMatchObject({ line: 'dotted' });
    expect(chart.edges.find((e) => e.from === id('Proposal') && e.to === id('Negotiation'))).toMatchObject({ line: 'solid', label: `${truth.transitions['Proposal -> Negotiation']} · ${discovery.edges.find((e: any) => e.from === 'Proposal' && e.to === 'Negotiation').p50_days}d` });
    const findings = await (await artifact(user, runId, 'process/findings.md')).text();
    expect(findings).toContain(`${truth.cases} opportunities entered ${truth.stage_events} stages`);
    expect(findings).toContain(`The worst bottleneck is ${truth.bottleneck_stage}`);
    // Lineage (issue 17): the run read which configuration loads the stage history, and the report names it.
    const lineage = run.steps.find((s: any) => s.id === 'build-event-log').outputs.lineage;
    expect(lineage).toMatchObject({ table_id: 'in.c-salesforce.opportunity_field_history', written_by: [{ component: 'keboola.ex-salesforce', config: '1187650001' }], read_by: [] });
    expect(findings).toContain('Salesforce - Contacts and Accounts');
    const workbook = new Uint8Array(await (await artifact(user, runId, 'process/pipeline-process.xlsx')).arrayBuffer());
    expect([workbook[0], workbook[1]]).toEqual([0x50, 0x4b]); // a zip: the .xlsx container
  });

  it('with a model chosen, the model writes the "In short" paragraph of the findings; the mined figures stay the scripts\'', async () => {
    const user = await createTestUser('author');
    const inShort = `Most deals follow the intended path, but ${truth.bottleneck_stage} is where the pipeline stalls, and deals sent back to an earlier stage win less often. Start with the recommended review of deals stuck there.`;
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'kbagent.workspace_artifact', args: { path: 'process/in-short.md', content: inShort } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'in-short paragraph written', outputs: { in_short: 'process/in-short.md' } } }] },
    ]);
    const runId = await startFork(user, { as_of: truth.as_of.slice(0, 10) }, { model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') } });
    let run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    expect(await scenario.requests()).toHaveLength(0); // the scripted steps come first
    const question = run.questions.find((q: any) => q.status === 'pending');
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: 'use' } });
    expect(answered.status).toBe(200);
    run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');

    // The in-short step ran on the model, asked with its instruction and the earlier outputs.
    expect(run.steps.find((s: any) => s.id === 'in-short')).toMatchObject({ mode: 'agent', status: 'done', outputs: { in_short: 'process/in-short.md' } });
    expect(run.steps.filter((s: any) => s.mode === 'agent').map((s: any) => s.id)).toEqual(['in-short']);
    const requests = await scenario.requests();
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[0]!.body)).toContain('Write process/in-short.md with kbagent.workspace_artifact');

    // The findings open with the model's paragraph; every figure after it is the ground truth's.
    const findings = await (await artifact(user, runId, 'process/findings.md')).text();
    expect(findings).toContain(`## In short\n\n${inShort}\n\n## The process in five sentences`);
    expect(findings).toContain(`1. ${truth.cases} opportunities entered ${truth.stage_events} stages; ${truth.closed_cases} are closed (${truth.won_cases} won) and ${truth.open_cases} open.`);
    expect(findings).toContain(`The most common backward move is ${truth.rework_loop.from} → ${truth.rework_loop.to} (${truth.rework_loop.transitions} times in ${truth.rework_loop.cases} deals)`);
    const worst = truth.stalled[truth.bottleneck_stage]!;
    expect(findings).toContain(`The worst bottleneck is ${truth.bottleneck_stage}: median dwell ${truth.dwell[truth.bottleneck_stage]!.median_days} d, ${worst.cases} stalled deals worth ${worst.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}.`);
    const stuck = run.steps.find((s: any) => s.id === 'find-bottlenecks').outputs.bottlenecks;
    expect(stuck.bottlenecks[0]).toMatchObject({ rank: 1, stage: truth.bottleneck_stage });
  });

  it('an edited mapping changes the process; a window with no opportunities fails naming the dates that exist', async () => {
    const user = await createTestUser('author');
    const runId = await startFork(user, { as_of: truth.as_of.slice(0, 10) });
    let run = await drive(runId, user);
    const question = run.questions.find((q: any) => q.status === 'pending');
    // Treat "Id. Decision Makers" as qualification: fewer Discovery visits than with the proposal.
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: 'edit', comment: 'Id. Decision Makers -> Qualification' } });
    expect(answered.status).toBe(200);
    run = await drive(runId, user);
    expect(run.status).toBe('done');
    const mapping = JSON.parse(await (await artifact(user, runId, 'eventlog/stage-mapping.json')).text());
    expect(mapping).toEqual({ ...truth.raw_to_canonical, 'Id. Decision Makers': 'Qualification' });
    const dwell = run.steps.find((s: any) => s.id === 'find-bottlenecks').outputs.bottlenecks.dwell.find((d: any) => d.stage === 'Discovery');
    expect(dwell.visits).toBeLessThan(truth.dwell.Discovery!.visits);

    const empty = await drive(await startFork(user, { as_of: '2020-01-01' }), user);
    expect(empty.status).toBe('failed');
    expect(empty.steps[0].error).toMatch(/No opportunity in "exports\/opportunities.csv" was created between 2019-01-01 and 2020-01-01; its opportunities were created from \d{4}-\d{2}-\d{2} to 2026-/);
  });
});
