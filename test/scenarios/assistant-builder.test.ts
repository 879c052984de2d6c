/**
 * Issue 15: the Assistant Builder blueprint runs on the built-in sample with no model. Fork → run
 * with a plain-language task → the person picks the template → reviews the draft and its diff →
 * approves the creation → done: a draft Playbook exists in the tenant, validates, names the
 * project's real table, columns and tools, keeps a manual trigger, stays inside the budget ceiling
 * and holds every Slack message for approval. The created Playbook itself then runs on the sample,
 * and its figures are checked against the sample's CSV. A discarded draft creates nothing, and a
 * draft naming a tool the registry lacks is refused by validate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import opportunitiesCsv from '../../sample/in.c-salesforce/opportunities.csv?raw';
import remittancesCsv from '../../sample/in.c-bank/remittances.csv?raw';
import accountsCsv from '../../sample/in.c-salesforce/accounts.csv?raw';
import productsCsv from '../../sample/in.c-finance/product_master.csv?raw';
import * as validate from '../../skills/assistant-design/scripts/validate';
import { sha256Hex } from '../../src/broker/canonical';
import { PlaybookSpec } from '../../src/domain/playbook';
import { toolRegistry } from '../../src/tools/registry';
import { checkPlaybookDocument, registeredIn } from '../../src/tools/kbagent/create-draft';
import { parseYaml, toYaml } from '../../src/yaml';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import { slackMessages, uniqueChannel } from '../fakes/control';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { memoryScriptContext } from '../skills/script-context';
import { useSampleProject } from './controller-handoff-helpers';

const TASK = 'Every Monday check in.c-salesforce.opportunities for missing close dates and send the list to #sales-ops';

beforeAll(async () => {
  await useSampleProject();
});

async function start(user: TestUser, inputs: Record<string, unknown>): Promise<string> {
  const forked = await call('POST', '/blueprints/assistant-builder/fork', user, { json: { name: 'Builder' } });
  expect(forked.status, await forked.clone().text()).toBe(201);
  const started = await call('POST', `/playbooks/${(await json(forked)).id}/run`, user, { json: { inputs } });
  expect(started.status, await started.clone().text()).toBe(201);
  return (await json(started)).id;
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  // Read as bytes: the runtime warns when .text() meets a YAML content type.
  return new TextDecoder().decode(await res.arrayBuffer());
}

async function answer(user: TestUser, runId: string, run: any, value: string, comment?: string): Promise<any> {
  expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
  const question = run.questions.find((q: any) => q.status === 'pending');
  const res = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: value, ...(comment ? { comment } : {}) } });
  expect(res.status, await res.clone().text()).toBe(200);
  return drive(runId, user);
}

async function playbookIds(user: TestUser): Promise<string[]> {
  return (await json(await call('GET', '/playbooks', user))).playbooks.map((p: any) => p.id);
}

const output = (run: any, step: string, action: string) => run.steps.find((s: any) => s.id === step).outputs[action];

/** Runs a Playbook the builder created, approving its Slack message; returns the run and the message. */
async function runCreated(user: TestUser, playbookId: string, channel: string): Promise<{ run: any; text: string }> {
  const started = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs: { slack_channel: channel } } });
  expect(started.status, await started.clone().text()).toBe(201);
  const runId = (await json(started)).id;
  let run = await drive(runId, user);
  const message = pendingApproval(run);
  expect(message).toMatchObject({ tool_id: 'slack.send_message', risk: 'external_send', payload: { args: { channel } } });
  expect(await slackMessages(channel)).toEqual([]);
  run = await approveAndCommit(user, runId, message);
  expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
  return { run, text: message.payload.args.text };
}

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: 'greedy' }).data;

/** The whole builder: the task, the template, accept, approve the creation; returns the created Playbook's id. */
async function build(user: TestUser, task: string, template: string): Promise<string> {
  const runId = await start(user, { task_description: task });
  let run = await answer(user, runId, await drive(runId, user), template);
  run = await answer(user, runId, run, 'accept');
  run = await approveAndCommit(user, runId, pendingApproval(run));
  expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
  return output(run, 'create-draft', 'create')[0].playbook_id;
}

async function startCreated(user: TestUser, playbookId: string, inputs: Record<string, unknown> = {}): Promise<{ runId: string; run: any }> {
  const started = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs } });
  expect(started.status, await started.clone().text()).toBe(201);
  const runId = (await json(started)).id;
  return { runId, run: await drive(runId, user) };
}

describe('scenario: Assistant Builder on the sample project', () => {
  it('drafts a quality check from the description, shows the diff, and creates the draft Playbook only after approval', async () => {
    const user = await createTestUser('author');
    const before = await playbookIds(user);
    const runId = await start(user, { task_description: TASK, max_usd_per_run: 1.5 });
    let run = await drive(runId, user);

    // The template question: four templates, the recommended one (from "check", "missing") first.
    const templates = output(run, 'interview', 'templates');
    expect(templates.found).toMatchObject({ tables: ['in.c-salesforce.opportunities'], channel: '#sales-ops', schedule: { expression: '0 7 * * 1', timezone: 'UTC' } });
    const asked = run.questions.find((q: any) => q.status === 'pending');
    expect(asked.kind).toBe('radio');
    expect(asked.options.map((o: any) => o.value)).toEqual(['quality-check', 'kpi-digest', 'reconcile', 'export-table']);
    expect(asked.options[0].label).toMatch(/\(recommended\)$/);
    run = await answer(user, runId, run, 'quality-check');

    // The draft names the sample's real table and the column the description means.
    const draft = output(run, 'design-sop', 'draft');
    expect(draft).toMatchObject({ template: 'quality-check', tables: ['in.c-salesforce.opportunities'], columns: ['CloseDate'], steps: ['export', 'check', 'report', 'notify'] });
    const inventory = JSON.parse(await artifact(user, runId, 'design/inventory.json'));
    expect(inventory.tables).toEqual([expect.objectContaining({ id: 'in.c-salesforce.opportunities', rows_count: 420, primary_key: ['Id'], columns_needed: ['Id', 'Name', 'CloseDate'] })]);
    expect(inventory.missing).toEqual([]);
    expect(inventory.project.registered_tools).toBe(toolRegistry().size);
    expect(inventory.tools.find((t: any) => t.id === 'slack.send_message')).toEqual({ id: 'slack.send_message', risk: 'external_send', supports_dry_run: true, auth_state: 'available', steps: ['notify'] });
    const requirements = await artifact(user, runId, 'design/requirements.md');
    expect(requirements).toContain('| Data sources | in.c-salesforce.opportunities (11 columns, 420 rows) | description |');
    expect(requirements).toMatch(/\| Trigger \| manual; cron "0 7 \* \* 1" \(UTC\) from "every monday" \| description \|/);
    expect(requirements).toContain('| Columns named | CloseDate | description |');
    // The dry read previewed the table and found the column filled.
    expect(JSON.parse(await artifact(user, runId, 'design/dry-read.json'))).toEqual({ passed: true, checks: [{ table: 'in.c-salesforce.opportunities', passed: true, rows_previewed: 10, missing_columns: [], filled: { Id: 10, Name: 10, CloseDate: 10 }, problem: null }] });

    // Validated with the API's validator; the diff is the whole new document (no earlier draft).
    const validation = output(run, 'governance-review', 'validation');
    const yaml = await artifact(user, runId, 'drafts/playbook.yaml');
    expect(validation).toMatchObject({ valid: true, errors: [], sha256: sha256Hex(yaml), diff: { added: yaml.trimEnd().split('\n').length, removed: 0, against: 'empty' } });
    const diff = await artifact(user, runId, 'design/draft.diff');
    expect(diff.split('\n').slice(0, 3)).toEqual(['--- /dev/null', '+++ b/drafts/playbook.yaml', `@@ -0,0 +1,${yaml.trimEnd().split('\n').length} @@`]);
    const risk = await artifact(user, runId, 'design/risk-review.md');
    expect(risk).toContain('| slack.send_message | external_send | notify | approve: a person approves each call, with its body hash |');
    expect(risk).toContain('| sql.local | compute | check | allow: runs without asking |');

    // The review shows goal, steps with tools, budget and the diff.
    const review = run.questions.find((q: any) => q.status === 'pending');
    expect(review.options.map((o: any) => o.value)).toEqual(['accept', 'revise', 'discard']);
    for (const part of ['Goal: Find the rows of in.c-salesforce.opportunities whose CloseDate is empty', '1. Export the table [keboola.storage.tables]', '4. Post to Slack after approval [slack.send_message]', 'Budget: $1.08 per run, 200000 tokens, 3600 s', 'Triggers: manual; cron 0 7 * * 1 UTC', 'slack.send_message (external_send): approve', '--- /dev/null']) {
      expect(review.prompt).toContain(part);
    }
    run = await answer(user, runId, run, 'accept');

    // The creation waits for a person, after its dry run: valid, the document as the diff, nothing created yet.
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: 'kbagent.playbook.create_draft', risk: 'write', payload: { args: { path: 'drafts/playbook.yaml', sha256: sha256Hex(yaml) } } });
    expect(approval.dry_run_result).toMatchObject({ dry_run: true, valid: true, errors: [], would_create: { name: 'Opportunities: empty CloseDate check', owner: user.id, status: 'draft', triggers: ['manual', 'cron'] } });
    expect(approval.dry_run_result.diff).toBe(diff);
    expect(await playbookIds(user)).toEqual(expect.arrayContaining(before));
    expect((await playbookIds(user)).length).toBe(before.length + 1); // only the fork so far
    run = await approveAndCommit(user, runId, approval);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');

    // Exactly one Playbook was created, a draft of this user's, and it is the reviewed document.
    const created = output(run, 'create-draft', 'create');
    expect(created).toHaveLength(1);
    const after = await playbookIds(user);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(2); // the fork and the draft
    const record = await json(await call('GET', `/playbooks/${created[0].playbook_id}`, user));
    expect(record).toMatchObject({ id: created[0].playbook_id, status: 'draft', revision: 1, created_by: user.id, name: 'Opportunities: empty CloseDate check' });
    expect(record.spec).toEqual(PlaybookSpec.parse(parseYaml(yaml)));
    expect(checkPlaybookDocument(record.yaml, registeredIn(toolRegistry().keys()))).toMatchObject({ valid: true, errors: [] });
    const spec = record.spec;
    expect(spec.inputs.find((i: any) => i.name === 'source_table')).toMatchObject({ type: 'table', default: 'in.c-salesforce.opportunities', locked: true });
    expect(spec.inputs.find((i: any) => i.name === 'slack_channel')).toMatchObject({ default: '#sales-ops' });
    expect(spec.triggers).toEqual([{ type: 'manual', enabled: true }, { type: 'cron', id: 'schedule', enabled: true, expression: '0 7 * * 1', timezone: 'UTC' }]);
    expect(spec.budget).toEqual({ max_usd_per_run: 1.08, max_tokens_per_run: 200_000, max_wall_clock_seconds: 3600, on_breach: 'pause_for_approval' });
    expect(spec.budget.max_usd_per_run).toBeLessThanOrEqual(1.5);
    expect(spec.risk_policy).toMatchObject({ external_send: 'approve', destructive: 'dry_run_then_approve' });
    expect([...new Set(spec.sop.steps.flatMap((s: any) => s.allowed_tools))].sort()).toEqual(['kbagent.workspace_artifact', 'keboola.storage.tables', 'skill.data-quality-profiling.profile', 'slack.send_message', 'sql.local']);
    expect(spec.sop.steps.find((s: any) => s.id === 'check').actions[2].args.statements).toBe(`SELECT "Id", "Name", "CloseDate" FROM source WHERE ("CloseDate" IS NULL OR trim("CloseDate") = '') ORDER BY "Id"`);

    // The package: the accepted document, the README with the draft's id and what a runner is asked, the risk review.
    expect(await artifact(user, runId, 'playbook.yaml')).toBe(yaml);
    const readme = await artifact(user, runId, 'README.md');
    expect(readme).toContain(`Created as the draft Playbook \`${record.id}\` (revision 1)`);
    expect(readme).toContain('- Approve each slack.send_message call (external_send, steps notify)');
    expect(readme).toContain('on the schedule `0 7 * * 1` (UTC)');
    expect(await artifact(user, runId, 'risk-review.md')).toBe(risk);
    expect(JSON.parse(await artifact(user, runId, 'design/review.json'))).toMatchObject({ decision: 'accept', decided_by: user.id, sha256: sha256Hex(yaml) });

    // The created Playbook runs on the sample: every row checked, the empty close dates counted as the CSV has them.
    const rows = Papa.parse<Record<string, string>>(opportunitiesCsv, { header: true, skipEmptyLines: 'greedy' }).data;
    const empty = rows.filter((r) => !r.CloseDate?.trim()).length;
    const channel = uniqueChannel('sales-ops');
    const { run: checked, text } = await runCreated(user, record.id, channel);
    expect(output(checked, 'check', 'counts').rows).toEqual([[rows.length, empty, empty]]);
    expect(text).toContain(`*Opportunities: empty CloseDate check*: ${empty} of ${rows.length} rows of in.c-salesforce.opportunities have an empty CloseDate`);
    expect((await slackMessages(channel)).map((m) => m.text)).toEqual([text]);
  }, 120_000);

  it('revise: the changes are applied, validated again and shown as a diff against the reviewed draft; the created Playbook lists exactly the rows the sample lacks', async () => {
    const user = await createTestUser('author');
    const task = 'On weekdays at 8:30 Europe/Prague, list the remittances in in.c-bank.remittances with a missing reference and post them to #ar-ops.';
    const runId = await start(user, { task_description: task });
    let run = await drive(runId, user);
    run = await answer(user, runId, run, output(run, 'interview', 'templates').recommended);
    expect(output(run, 'design-sop', 'draft')).toMatchObject({ template: 'quality-check', columns: ['reference'], triggers: [{ type: 'manual' }, { type: 'cron', expression: '30 8 * * 1-5', timezone: 'Europe/Prague' }] });
    const reviewed = await artifact(user, runId, 'drafts/playbook.yaml');
    run = await answer(user, runId, run, 'revise', 'name: Remittances without a reference\nbudget: 0.5');

    const decision = output(run, 'review-draft', 'decision');
    expect(decision).toMatchObject({ decision: 'revise', changes: ['name: Remittances without a reference', 'budget: 0.5'], diff: { added: 2, removed: 2 } });
    expect(await artifact(user, runId, 'drafts/previous.yaml')).toBe(reviewed);
    const diff = await artifact(user, runId, 'design/draft.diff');
    expect(diff).toMatch(/^--- a\/drafts\/previous\.yaml\n\+\+\+ b\/drafts\/playbook\.yaml\n@@ /);
    expect(diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)).sort()).toEqual(['+  max_usd_per_run: 0.5', '+name: Remittances without a reference', '-  max_usd_per_run: 1.08', '-name: "Remittances: empty reference check"'].sort());

    const approval = pendingApproval(run);
    expect(approval.payload.args.sha256).toBe(decision.sha256);
    run = await approveAndCommit(user, runId, approval);
    expect(run.status, run.status_reason).toBe('done');
    const id = output(run, 'create-draft', 'create')[0].playbook_id;
    const record = await json(await call('GET', `/playbooks/${id}`, user));
    expect(record.spec).toMatchObject({ name: 'Remittances without a reference', budget: { max_usd_per_run: 0.5 } });

    // Run it: exactly the remittances whose reference is empty in the sample, by id.
    const rows = Papa.parse<Record<string, string>>(remittancesCsv, { header: true, skipEmptyLines: 'greedy' }).data;
    const missing = rows.filter((r) => !r.reference?.trim()).map((r) => r.remittance_id).sort();
    expect(missing.length).toBeGreaterThan(0);
    const { run: checked, text } = await runCreated(user, id, uniqueChannel('ar-ops'));
    const listed = Papa.parse<Record<string, string>>(output(checked, 'check', 'gaps').csv, { header: true, skipEmptyLines: 'greedy' }).data;
    expect(listed.map((r) => r.remittance_id)).toEqual(missing);
    expect(text).toContain(`${missing.length} of ${rows.length} rows of in.c-bank.remittances have an empty reference`);
    const report = await artifact(user, checked.id, 'reports/quality.md');
    expect(report).toContain(`- Rows checked: ${rows.length}\n- Rows with an empty reference: ${missing.length}`);
  }, 120_000);

  it('discard: nothing is created, no approval is asked, and the README says why', async () => {
    const user = await createTestUser('author');
    const before = await playbookIds(user);
    const runId = await start(user, { task_description: TASK });
    let run = await drive(runId, user);
    run = await answer(user, runId, run, 'quality-check');
    run = await answer(user, runId, run, 'discard', 'We will fix close dates in Salesforce itself.');
    expect(run.status, run.status_reason).toBe('done');
    expect(run.approvals).toEqual([]);
    expect(output(run, 'create-draft', 'create')).toEqual([]);
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.playbook.create_draft')).toEqual([]);
    expect((await playbookIds(user)).filter((id) => !before.includes(id))).toHaveLength(1); // the fork only
    expect(await artifact(user, runId, 'README.md')).toContain('The requester discarded this draft: We will fix close dates in Salesforce itself. Nothing was created.');
    expect((await call('GET', `/runs/${runId}/artifacts/playbook.yaml`, user)).status).toBe(404);
    expect(JSON.parse(await artifact(user, runId, 'design/review.json'))).toMatchObject({ decision: 'discard', created: false });
  }, 120_000);

  it('negative control: validate refuses a draft naming a tool the registry does not have, with the path of the entry', async () => {
    const user = await createTestUser('author');
    const runId = await start(user, { task_description: TASK });
    let run = await drive(runId, user);
    run = await answer(user, runId, run, 'quality-check');
    const files: Record<string, string> = { 'design/registry.json': await artifact(user, runId, 'design/registry.json') };
    const doc = parseYaml(await artifact(user, runId, 'drafts/playbook.yaml')) as any;
    doc.sop.steps[1].allowed_tools.push('lineage.map');
    files['drafts/playbook.yaml'] = toYaml(doc);
    const ctx = memoryScriptContext(files);
    const result = await validate.run(validate.args.parse({ max_usd_per_run: 2 }), ctx);
    expect(result).toMatchObject({ valid: false, errors: [{ path: 'sop.steps[1].allowed_tools[2]', message: 'no tool "lineage.map" in the registry' }] });
    await expect(validate.run(validate.args.parse({ max_usd_per_run: 2, fail_when_invalid: true }), ctx)).rejects.toThrow(/sop\.steps\[1\]\.allowed_tools\[2\]: no tool "lineage\.map"/);
    // The unchanged draft passes the same check.
    files['drafts/playbook.yaml'] = await artifact(user, runId, 'drafts/playbook.yaml');
    expect(await validate.run(validate.args.parse({ max_usd_per_run: 2 }), ctx)).toMatchObject({ valid: true, errors: [] });
  }, 120_000);

  it('the other templates draft Playbooks that run on the sample: a KPI digest, a reconciliation and an approved export, each with the CSVs\' figures', async () => {
    const user = await createTestUser('author');

    // KPI digest: the sum of Amount per Segment, largest first, as the CSV adds it up.
    const kpi = await build(user, 'Every Friday at 9:00 total the Amount of in.c-salesforce.opportunities by Segment and post the digest to #sales-leads', 'kpi-digest');
    const channel = uniqueChannel('sales-leads');
    const { run: digest, text } = await runCreated(user, kpi, channel);
    const opportunities = parse(opportunitiesCsv);
    const bySegment = new Map<string, number>();
    for (const o of opportunities) bySegment.set(o.Segment!, (bySegment.get(o.Segment!) ?? 0) + Number(o.Amount));
    const expected = [...bySegment.entries()].sort((a, b) => b[1] - a[1]).map(([segment, total]) => ({ Segment: segment, row_count: String(opportunities.filter((o) => o.Segment === segment).length), total_Amount: String(Math.round(total * 100) / 100) }));
    expect(parse(output(digest, 'compute', 'groups').csv)).toEqual(expected);
    expect(output(digest, 'compute', 'totals').rows).toEqual([[opportunities.length, Math.round(opportunities.reduce((n, o) => n + Number(o.Amount), 0) * 100) / 100]]);
    expect(text).toContain(`*Opportunities KPI digest*: ${opportunities.length} rows, Amount `);
    expect((await json(await call('GET', `/playbooks/${kpi}`, user))).spec.triggers[1]).toMatchObject({ type: 'cron', expression: '0 9 * * 5' });

    // Reconciliation on the key both tables have: the accounts that sent no remittance, none unknown; no Slack without a channel.
    const reconcile = await build(user, 'Reconcile in.c-salesforce.accounts with in.c-bank.remittances: which customers sent nothing?', 'reconcile');
    const { run: matched } = await startCreated(user, reconcile);
    expect(matched.status, matched.status_reason).toBe('done');
    expect(matched.approvals).toEqual([]);
    const accounts = parse(accountsCsv);
    const remittances = parse(remittancesCsv);
    const paying = new Set(remittances.map((r) => r.customer_id));
    const silent = accounts.filter((a) => !paying.has(a.customer_id)).map((a) => a.customer_id).sort();
    expect(silent.length).toBeGreaterThan(0);
    expect(output(matched, 'compare', 'counts').rows).toEqual([[accounts.length, remittances.length, silent.length, remittances.filter((r) => !accounts.some((a) => a.customer_id === r.customer_id)).length, 0]]);
    expect(parse(output(matched, 'compare', 'differences').csv).map((r) => [r.difference, r.customer_id])).toEqual(silent.map((id) => ['only in in.c-salesforce.accounts', id]));

    // Export: the named columns into the bucket the task names, after a person approves the write it was shown the dry run of.
    const bucket = `out.c-exports-${crypto.randomUUID().slice(0, 8)}`;
    const exported = await build(user, `Copy the product_id, product_name and status of in.c-finance.product_master to ${bucket}`, 'export-table');
    const { runId, run: writing } = await startCreated(user, exported);
    const write = pendingApproval(writing);
    expect(write).toMatchObject({ tool_id: 'keboola.storage.write', payload: { args: { table_id: `${bucket}.product_master`, artifact: 'reports/export.csv', incremental: true, primary_key: ['product_id'] } } });
    expect(write.dry_run_result).toMatchObject({ dry_run: true, would: { action: 'create', columns: ['product_id', 'product_name', 'status'], rows: parse(productsCsv).length } });
    const wrote = await approveAndCommit(user, runId, write);
    expect(wrote.status, wrote.status_reason).toBe('done');
    expect(wrote.tool_calls.find((c: any) => c.tool_id === 'keboola.storage.write').result).toMatchObject({ table_id: `${bucket}.product_master`, rows: parse(productsCsv).length, action: 'created' });
  }, 180_000);
});
