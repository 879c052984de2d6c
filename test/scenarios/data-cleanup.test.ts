/**
 * Issue 6, acceptance 1 and 2 (spec §10 A): fork `data-cleanup-for-ai`, run it on the three
 * sample CRM sources with no model, stop at the rules question, answer, approve both promotions
 * after their dry runs, and check that report, lineage, golden table and cluster map agree. Then
 * the same Playbook with a model chosen and a budget too small for its model step: it pauses for a
 * budget approval, and after the raise the model writes the summary the report includes.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { scriptModel } from '../fakes/control';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval, sleep } from '../governance/helpers';
import { parseFlowchart } from '../../ui/lib/mermaid-parse';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { sampleContext } from '../sample/context';

const SOURCES = { 'in.c-salesforce.contacts': 885, 'in.c-hubspot.contacts': 1107, 'in.c-zendesk.users': 722 };
const SOURCE_ROWS = Object.values(SOURCES).reduce((a, b) => a + b);
const TARGET = 'out.c-customer-360';

const csv = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' }).data;

async function fork(user: TestUser, patch: Record<string, unknown> = {}): Promise<string> {
  const forked = await call('POST', '/blueprints/data-cleanup-for-ai/fork', user, { json: { name: 'Customer 360 cleanup' } });
  expect(forked.status).toBe(201);
  const { id } = await json(forked);
  if (Object.keys(patch).length > 0) {
    const patched = await call('PATCH', `/playbooks/${id}`, user, { json: patch, contentType: 'application/merge-patch+json' });
    expect(patched.status, await patched.clone().text()).toBe(200);
  }
  return id;
}

/** A target table's rows as the sample project holds them (the project the runs' Keboola tools write to). */
async function projectTable(table: string): Promise<Record<string, string>[]> {
  return csv(await sampleBackend(sampleContext()).exportCsv(`${TARGET}.${table}`));
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** Answers the rules question with the recommended rules and returns the run at its next stop. */
async function chooseRecommendedRules(user: TestUser, runId: string, waiting: any): Promise<any> {
  expect(waiting.status).toBe('waiting_for_input');
  const question = waiting.questions.find((q: any) => q.status === 'pending');
  const recommended: string[] = waiting.steps.find((s: any) => s.id === 'propose-rules').outputs.proposals.recommended;
  expect(recommended.length).toBeGreaterThan(0);
  const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: recommended, comment: 'recommended set' } });
  expect(answered.status, await answered.clone().text()).toBe(200);
  return drive(runId, user);
}

/**
 * Approves both promotion writes, each after checking its dry run, and returns the run after them.
 * The sample project is shared by the tests of this file, so a later run imports into the tables
 * an earlier one created.
 */
async function approvePromotions(user: TestUser, runId: string, run: any, action: 'create' | 'import' | 'either' = 'create'): Promise<any> {
  for (const table of ['entities', 'entity_xref']) {
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_approval');
    const approval = pendingApproval(run);
    // A full load replaces the table's rows: destructive by its arguments, and the data is the CRM's (untrusted).
    expect(approval).toMatchObject({ tool_id: 'keboola.storage.write', risk: 'destructive' });
    expect(approval.untrusted_sources.some((s: string) => s.startsWith('tool:keboola.storage.tables:'))).toBe(true);
    expect(approval.payload.args.table_id).toBe(`${TARGET}.${table}`);
    // dry_run_then_approve: the dry run already ran, and it says what the write would do.
    expect(approval.dry_run_result).toMatchObject({ dry_run: true, would: { table_id: `${TARGET}.${table}`, ...(action === 'either' ? {} : { action }) } });
    run = await approveAndCommit(user, runId, approval);
  }
  // Then the register step puts the entity description into the semantic layer: a write of CRM-derived content, approved after its dry run.
  const register = pendingApproval(run);
  expect(register).toMatchObject({ tool_id: 'keboola.semantic.put', risk: 'write', payload: { args: { type: 'semantic-dataset', name: 'customer' } } });
  expect(register.dry_run_result).toMatchObject({ dry_run: true, would: { name: 'customer' } });
  return approveAndCommit(user, runId, register);
}

/** The whole Playbook on the sample, with the SQL cross-check in batches: ~15 s alone, more beside other files. */
const SCENARIO_TIMEOUT = 90_000;

describe('scenario A: data cleanup for AI, end to end through the API', () => {
  it('fork → rules question with counts and samples → answer → dry run + approval per promotion → done, with consistent artifacts', async () => {
    const user = await createTestUser('author');
    const playbookId = await fork(user);
    const runId = await startRun(user, playbookId);

    // 1. The run profiles, normalises, proposes rules and stops at the question.
    const waiting = await drive(runId, user);
    expect(waiting.status, JSON.stringify(waiting.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    expect(waiting.steps.map((s: any) => s.status).slice(0, 4)).toEqual(['done', 'done', 'done', 'running']);
    const question = waiting.questions.find((q: any) => q.status === 'pending');
    expect(question.kind).toBe('multi');
    const rules = question.options.filter((o: any) => o.value !== 'custom_thresholds');
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const option of rules) {
      expect(option.label, option.value).toMatch(/: \d+ pairs, /); // the rule's match count
      expect(option.detail, option.value).toContain('e.g.'); // sample pairs
    }
    expect(question.options.at(-1)).toMatchObject({ value: 'custom_thresholds' });
    const chosen: string[] = waiting.steps.find((s: any) => s.id === 'propose-rules').outputs.proposals.recommended;
    // "Custom thresholds" without the thresholds is refused when answered, not when resolving: the run waits on.
    const noThresholds = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: ['email', 'custom_thresholds'] } });
    expect(noThresholds.status).toBe(400);
    expect((await json(noThresholds)).error.message).toMatch(/^"Custom thresholds" needs a comment with the answer: .*name_company=0\.95/);
    expect((await json(await call('GET', `/runs/${runId}`, user))).status).toBe('waiting_for_input');

    // 2. Answer; each promotion stops for approval after its dry run; approve both; done.
    const done = await approvePromotions(user, runId, await chooseRecommendedRules(user, runId, waiting));
    expect(done.status, JSON.stringify(done.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
    expect(done.steps.every((s: any) => s.status === 'done')).toBe(true);
    expect(done.steps.find((s: any) => s.id === 'summarise').mode).toBe('scripted'); // no model chosen
    expect(done.budget.spent_usd).toBe(0);
    expect(done.budget.spent_usd).toBeLessThanOrEqual(done.budget.max_usd);

    // 3. The artifacts exist and agree with each other.
    const listed = (await json(await call('GET', `/runs/${runId}/artifacts`, user))).artifacts.map((a: any) => a.path);
    for (const path of ['report.md', 'lineage.json', 'lineage.mmd', 'er/golden.csv', 'er/cluster_map.csv', 'semantic/customer-entity.yaml']) expect(listed).toContain(path);
    const clusterMap = csv(await artifact(user, runId, 'er/cluster_map.csv'));
    const golden = csv(await artifact(user, runId, 'er/golden.csv'));
    expect(clusterMap).toHaveLength(SOURCE_ROWS);
    expect(new Set(clusterMap.map((r) => `${r.source}\u0001${r.row_id}`)).size).toBe(SOURCE_ROWS);
    for (const [table, rows] of Object.entries(SOURCES)) expect(clusterMap.filter((r) => r.source === table), table).toHaveLength(rows);
    expect(new Set(clusterMap.map((r) => r.entity_id)).size).toBe(golden.length);
    expect(golden.reduce((n, g) => n + Number(g.member_count), 0)).toBe(SOURCE_ROWS);
    expect(golden.length).toBeLessThan(SOURCE_ROWS); // duplicates were merged

    const lineage = JSON.parse(await artifact(user, runId, 'lineage.json'));
    const nodes = new Map<string, any>(lineage.nodes.map((n: any) => [n.id, n]));
    // Every node is real: a workspace artifact that exists, or a source / target table.
    for (const node of lineage.nodes) {
      if (node.artifact) expect(listed, node.id).toContain(node.artifact);
      if (node.table_id) expect([...Object.keys(SOURCES), `${TARGET}.entities`, `${TARGET}.entity_xref`], node.id).toContain(node.table_id);
    }
    expect(lineage.nodes.map((n: any) => n.kind)).toEqual(expect.arrayContaining(['source_table', 'normalised', 'cluster_map', 'golden', 'redacted', 'target_table']));
    for (const edge of lineage.edges) expect(nodes.has(edge.from) && nodes.has(edge.to), JSON.stringify(edge)).toBe(true);
    // Column-level edges name columns their nodes have.
    expect(lineage.column_edges.length).toBeGreaterThan(30);
    for (const edge of lineage.column_edges) {
      expect(nodes.get(edge.from.node)?.columns, JSON.stringify(edge)).toContain(edge.from.column);
      expect(nodes.get(edge.to.node)?.columns, JSON.stringify(edge)).toContain(edge.to.column);
    }
    // Row counts on the nodes add up.
    const rowsOf = (kind: string) => lineage.nodes.filter((n: any) => n.kind === kind).reduce((a: number, n: any) => a + n.rows, 0);
    expect(rowsOf('source_table')).toBe(SOURCE_ROWS);
    expect(rowsOf('normalised')).toBe(SOURCE_ROWS);
    expect(rowsOf('cluster_map')).toBe(SOURCE_ROWS);
    expect(rowsOf('golden')).toBe(golden.length);
    expect(lineage.nodes.filter((n: any) => n.kind === 'target_table').map((n: any) => n.rows).sort()).toEqual([golden.length, SOURCE_ROWS].sort());
    // The e-mail of a Salesforce row reaches the target table column by column.
    const sfEmail = lineage.column_edges.find((e: any) => nodes.get(e.from.node).table_id === 'in.c-salesforce.contacts' && e.to.column === 'email');
    expect(sfEmail.from.column).toBe('Email');

    // The Mermaid diagram is the same graph, and the UI's parser reads it.
    const mermaid = await artifact(user, runId, 'lineage.mmd');
    const chart = parseFlowchart(mermaid);
    for (const node of lineage.nodes) expect(chart.nodes.has(node.id), node.id).toBe(true);
    for (const edge of lineage.column_edges) expect(chart.nodes.has(`${edge.from.node}__${edge.from.column}`)).toBe(true);
    expect(chart.edges).toHaveLength(lineage.edges.length + lineage.column_edges.length);

    // The report states the sources, the rules chosen, the statistics, validation and what was spent.
    const report = await artifact(user, runId, 'report.md');
    for (const section of ['## Sources', '## Profile highlights', '## Overlap', '## Rules', '## Match statistics', '## Validation', '## Promotion', '## Semantic layer', '## Cost']) {
      expect(report).toContain(section);
    }
    for (const table of Object.keys(SOURCES)) expect(report).toContain(table);
    expect(report).toContain(`Entities (golden records): **${golden.length}**`);
    for (const id of chosen) expect(report).toContain(`\`${id}\``);
    expect(report).toContain('Comment with the answer: “recommended set”');
    expect(report).toContain(`${SOURCE_ROWS} source rows = ${SOURCE_ROWS} cluster-map rows = ${SOURCE_ROWS} golden members in ${golden.length} golden records — consistent`);
    expect(report).toContain('every source row is in exactly one entity');
    // The chosen rules also ran as SQL in the run's workspace and found exactly the same pairs.
    expect(report).toMatch(/## Rules as SQL\n\nThe chosen rules compiled to SQL \(`er\/sql\/rules.sql`\) and ran .* over \d+ candidate pairs of 2714 of the 2714 records: \d+ matched pairs against \d+ from the in-memory matcher, \*\*no differences\*\*/);
    const sqlCheck = done.steps.find((s: any) => s.id === 'resolve').outputs.sql_check;
    // The counts of every batch of candidate pairs, summed into one row: no differences, and every matched pair.
    const compiled = done.steps.find((s: any) => s.id === 'resolve').outputs.sql;
    expect(compiled.check.batch).toMatchObject({ sum: true });
    expect(compiled.candidate_pairs).toBeGreaterThan(compiled.check.batch.rows * 10);
    expect(sqlCheck).toMatchObject({ columns: ['sql_pairs', 'matcher_pairs', 'differences'], rows: [[compiled.expected_pairs, compiled.expected_pairs, 0]], truncated: false });
    expect(compiled.expected_pairs).toBeGreaterThan(100);
    expect(report).toMatch(/Spent: \$0\.0000 of \$5/);
    expect(report).toContain(`\`${TARGET}.entities\`: created, ${golden.length} rows`);

    // The promotion really landed: the target tables exist with those rows.
    const check = await drive(await startRun(user, await createPlaybook(user, playbookWith([
      scriptedStep('look', [{ id: 'tables', tool: 'keboola.storage.tables', args: { action: 'list', bucket_id: TARGET } }]),
    ]))), user);
    const tables = check.steps[0].outputs.tables.tables.map((t: any) => [t.id, t.rows_count]);
    expect(tables).toEqual(expect.arrayContaining([[`${TARGET}.entities`, golden.length], [`${TARGET}.entity_xref`, SOURCE_ROWS]]));

    const semantic = await artifact(user, runId, 'semantic/customer-entity.yaml');
    expect(semantic).toContain(`id: ${TARGET}.entities`);
    expect(semantic).toContain('status: promoted');
    // The same description is in the sample project's semantic layer, as the register step's output says.
    const registered = done.steps.find((s: any) => s.id === 'register').outputs.metastore;
    const stored = await sampleBackend(sampleContext()).getSemantic('semantic-dataset', registered.id);
    expect(stored).toMatchObject({ name: 'customer', data: { entity: 'customer', tables: [{ id: `${TARGET}.entities` }, { id: `${TARGET}.entity_xref` }] } });
  }, SCENARIO_TIMEOUT);

  it('fork at the rules question with a different answer (issue 13): new golden records, nothing written until approved as new, the original untouched, audit chains linked', async () => {
    const user = await createTestUser('author');
    const playbookId = await fork(user);
    const runId = await startRun(user, playbookId);
    const original = await approvePromotions(user, runId, await chooseRecommendedRules(user, runId, await drive(runId, user)), 'either');
    expect(original.status).toBe('done');
    const originalGolden = csv(await artifact(user, runId, 'er/golden.csv'));
    const entitiesRows = async () => (await json(await call('GET', `/runs/${original.id}`, user))).steps.find((s: any) => s.id === 'promote').outputs.entities.rows;
    const promotedBefore = await entitiesRows();
    // The project's target tables hold what the original promoted.
    const projectBefore = { entities: await projectTable('entities'), entity_xref: await projectTable('entity_xref') };
    expect(projectBefore.entities).toHaveLength(originalGolden.length);
    expect(projectBefore.entity_xref).toHaveLength(SOURCE_ROWS);

    // What if the person had chosen the e-mail rule alone?
    const forked = await call('POST', `/runs/${runId}/fork`, user, { json: { from_step: 'propose-rules' } });
    expect(forked.status, await forked.clone().text()).toBe(201);
    const forkId = (await json(forked)).id;
    let forkRun = await drive(forkId, user);
    expect(forkRun.status).toBe('waiting_for_input');
    expect(forkRun.steps.slice(0, 3).map((s: any) => s.status)).toEqual(['done', 'done', 'done']); // the earlier steps are the original's
    const question = forkRun.questions.find((q: any) => q.status === 'pending');
    await call('POST', `/runs/${forkId}/input`, user, { json: { question_id: question.id, answer: ['email'] } });
    forkRun = await drive(forkId, user);

    // New golden records from the other answer, and nothing reached the project: its target tables
    // are row for row what the original promoted.
    const forkGolden = csv(await artifact(user, forkId, 'er/golden.csv'));
    expect(forkGolden.length).not.toBe(originalGolden.length);
    expect(await projectTable('entities')).toEqual(projectBefore.entities);
    expect(await projectTable('entity_xref')).toEqual(projectBefore.entity_xref);
    // The promotion waits for a person to approve it as new (held by the fork guard, besides the
    // policy and the CRM data's taint).
    expect(forkRun.status).toBe('waiting_for_approval');
    const approval = pendingApproval(forkRun);
    expect(approval.reason).toMatch(/fork of run .* until a person approves it as new/);
    // And the original run is as it was.
    const sample = await call('GET', `/runs/${runId}`, user);
    expect((await json(sample)).updated_at).toBe(original.updated_at);
    expect(await entitiesRows()).toBe(promotedBefore);

    const parentAudit = await json(await call('GET', `/runs/${runId}/audit`, user));
    const forkAudit = await json(await call('GET', `/runs/${forkId}/audit`, user));
    expect(forkAudit.verification.ok && parentAudit.verification.ok).toBe(true);
    expect(forkAudit.entries[0].data).toMatchObject({ mode: 'fork', parent_run_id: runId, parent_audit_head: parentAudit.verification.head, step_id: 'propose-rules' });

    // Approved as new, the fork's writes land: the project now holds the fork's golden records.
    const forkDone = await approvePromotions(user, forkId, forkRun, 'import');
    expect(forkDone.status, JSON.stringify(forkDone.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
    const promoted = csv(await artifact(user, forkId, 'er/golden-promoted.csv'));
    expect(promoted).toHaveLength(forkGolden.length);
    const entitiesAfter = await projectTable('entities');
    expect(entitiesAfter).toHaveLength(forkGolden.length);
    expect(entitiesAfter).not.toHaveLength(projectBefore.entities.length);
    const byId = (rows: Record<string, string>[]) => [...rows].sort((a, b) => (a.entity_id! < b.entity_id! ? -1 : a.entity_id! > b.entity_id! ? 1 : 0));
    expect(byId(entitiesAfter)).toEqual(byId(promoted));
    const xrefAfter = await projectTable('entity_xref');
    expect(xrefAfter).toHaveLength(SOURCE_ROWS);
    expect(new Set(xrefAfter.map((r) => r.entity_id)).size).toBe(forkGolden.length);
    // The original's record of its own promotion still stands, and both chains still verify.
    expect(await entitiesRows()).toBe(promotedBefore);
    expect((await json(await call('GET', `/runs/${forkId}/audit`, user))).verification.ok).toBe(true);
    expect((await json(await call('GET', `/runs/${runId}/audit`, user))).verification.ok).toBe(true);
  }, 2 * SCENARIO_TIMEOUT); // the original run and then the fork

  it('report.md states the wall clock without the 3 s a person took to answer, and that wait apart, as the API does (issue 13)', async () => {
    const user = await createTestUser('author');
    const playbookId = await fork(user);
    const started = Date.now();
    const runId = await startRun(user, playbookId);
    const waiting = await drive(runId, user);
    expect(waiting.status).toBe('waiting_for_input');
    await sleep(3000); // the person thinks
    const done = await approvePromotions(user, runId, await chooseRecommendedRules(user, runId, waiting), 'either');
    const elapsed = (Date.now() - started) / 1000;
    expect(done.status, JSON.stringify(done.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');

    const report = await artifact(user, runId, 'report.md');
    const line = /^- Wall clock: (\d+(?:\.\d+)?) s running of 3600 s, (\d+(?:\.\d+)?) s waiting for people, (\d+(?:\.\d+)?) s in tool calls and model turns \(until this report\)$/m.exec(report);
    expect(line, report.slice(report.indexOf('## Cost'))).not.toBeNull();
    const [wall, wait, compute] = line!.slice(1).map(Number) as [number, number, number];
    const api = done.cost;
    const context = JSON.stringify({ report: { wall, wait, compute }, api, elapsed });
    // The wait: at least the 3 s, and what the API says (the report is the last step: no wait after it).
    expect(wait, context).toBeGreaterThanOrEqual(3);
    expect(Math.abs(wait - api.waiting_seconds), context).toBeLessThanOrEqual(0.2);
    // The wall clock leaves the wait out: less than the elapsed time minus it, and the API's up to the report.
    expect(wall, context).toBeLessThan(elapsed - 3);
    expect(wall, context).toBeLessThanOrEqual(api.wall_clock_seconds + 0.2);
    expect(api.wall_clock_seconds - wall, context).toBeLessThan(2.5); // only the report step itself comes after it
    expect(wall, context).toBeGreaterThan(0);
    expect(compute, context).toBeLessThanOrEqual(wall + 0.5); // compute happens while running
  }, SCENARIO_TIMEOUT);

  it('with a model chosen and a budget too small for its model step, it pauses for a budget approval; after the raise the model writes the summary', async () => {
    const user = await createTestUser('author');
    const summary = 'Three CRM sources were merged into one customer table; validation found no accounting errors.';
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'kbagent.workspace_artifact', args: { path: 'summary.md', content: summary } }], usage: { input_tokens: 2000, output_tokens: 60 } },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'summary.md written' } }], usage: { input_tokens: 2100, output_tokens: 20 } },
    ]);
    const playbookId = await fork(user, {
      model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') },
      budget: { max_usd_per_run: 0.0001 },
    });
    const runId = await startRun(user, playbookId);
    const afterPromotion = await approvePromotions(user, runId, await chooseRecommendedRules(user, runId, await drive(runId, user)), 'import');

    // The scripted steps cost nothing; the first model call would cross the cap, so the run asks first.
    expect(afterPromotion.status).toBe('waiting_for_approval');
    expect(afterPromotion.steps.find((s: any) => s.id === 'summarise')).toMatchObject({ mode: 'agent', status: 'running' });
    const raise = pendingApproval(afterPromotion);
    expect(raise).toMatchObject({ kind: 'budget', tool_id: 'budget.raise' });
    expect(await scenario.requests()).toHaveLength(0);

    // Each raise covers the next call's worst case; a later model turn may ask again.
    let done = await approveAndCommit(user, runId, raise);
    for (let raises = 1; done.status === 'waiting_for_approval' && raises < 4; raises++) {
      const again = pendingApproval(done);
      expect(again.kind).toBe('budget');
      done = await approveAndCommit(user, runId, again);
    }
    expect(done.status, JSON.stringify(done.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
    expect(await scenario.requests()).toHaveLength(2);
    expect(done.budget.spent_usd).toBeGreaterThan(0);
    expect(done.budget.spent_usd).toBeLessThanOrEqual(done.budget.max_usd);
    const report = await artifact(user, runId, 'report.md');
    expect(report).toContain(`## Summary\n\n${summary}`);
    // The report states what was spent up to its own step: the model's cost and tokens.
    const spent = /Spent: \$(\d+\.\d+) of \$([\d.]+)/.exec(report)!;
    expect(Number(spent[1])).toBeCloseTo(done.budget.spent_usd, 4);
    expect(report).toMatch(new RegExp(`Tokens: ${done.budget.spent_tokens} of `));
  }, SCENARIO_TIMEOUT);
});
