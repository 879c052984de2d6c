/**
 * Acceptance scenario B (spec §10, issue 7), through the public API with two users: a data engineer
 * forks product-cost-allocation with their own SQL and shares it with a controller; the controller
 * sees only that, runs it, classifies the variances above 5 %, downloads the .xlsx (read back here)
 * and approves the Slack delivery, which the fake Slack receives exactly once. Then the race
 * (payload changed after approval), a stale hash, a broken allocation under on_failure abort and
 * ask_user, and everything of the author's the controller must not reach.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import glCosts from '../../sample/in.c-finance/gl_costs.csv?raw';
import { slackMessages, uniqueChannel } from '../fakes/control';
import { approve, passUndoWindow, pendingApproval, runSql } from '../governance/helpers';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import {
  COMMENTS, PERIOD, PRIOR, WORKBOOK, artifactText, askedItems, authorSql, classifyAsTruth, csvRecords, downloadWorkbook,
  flaggedTruth, forkWithSql, groundTruth, header, pendingQuestion, sheetRows, startAndDrive, truthAnswer, useSampleProject, type Fork,
} from './controller-handoff-helpers';

const TIMEOUT = 90_000;
let author: TestUser;
let runner: TestUser;
let shared: Fork;
/** The author's second fork, never shared. */
let draft: Fork;

beforeAll(async () => {
  await useSampleProject();
  author = await createTestUser('author');
  runner = await createTestUser('runner');
  shared = await forkWithSql(author, 'Product cost allocation — Dana', authorSql());
  draft = await forkWithSql(author, 'Allocation experiment (draft)', authorSql());
  const sharing = await call('PUT', `/playbooks/${shared.id}/sharing`, author, { json: { allowed_users: [runner.id] } });
  expect(sharing.status).toBe(200);
  expect(await json(sharing)).toMatchObject({ allowed_users: [runner.id] });
}, TIMEOUT);

/** GL cost of a period straight from the sample's CSV: the number the allocation must add up to. */
function glTotal(period: string): number {
  return csvRecords(glCosts).filter((r) => r.period === period).reduce((sum, r) => sum + Number(r.amount), 0);
}

describe('the hand-off: the controller sees only what was shared', () => {
  it('lists exactly the shared Playbook, which they can open and run but not edit, share or delete', async () => {
    const list = await json(await call('GET', '/playbooks', runner));
    expect(list.playbooks.map((p: any) => p.id)).toEqual([shared.id]);
    const opened = await json(await call('GET', `/playbooks/${shared.id}`, runner));
    expect(opened).toMatchObject({ id: shared.id, created_by: author.id, can_edit: false, revision: 2 });
    expect(opened.spec.inputs.find((i: any) => i.name === 'allocation_sql').default).toBe(authorSql());

    const edit = await call('PATCH', `/playbooks/${shared.id}`, runner, { json: { name: 'Mine now' } });
    expect([403, 404]).toContain(edit.status);
    expect((await json(edit)).error.code).toMatch(/forbidden|not_found/);
    expect((await call('PUT', `/playbooks/${shared.id}/sharing`, runner, { json: { allowed_users: [] } })).status).toBe(403);
    expect((await call('DELETE', `/playbooks/${shared.id}`, runner)).status).toBe(403);
    const after = await json(await call('GET', `/playbooks/${shared.id}`, author));
    expect(after).toMatchObject({ name: 'Product cost allocation — Dana', revision: 2, allowed_users: [runner.id] });
  });
});

describe('the controller runs it end to end', () => {
  it('classifies the variances, downloads a workbook that matches the SQL, approves once and Slack gets exactly that text', async () => {
    const channel = uniqueChannel('fin');
    const waiting = await startAndDrive(runner, shared.id, channel);
    expect(waiting.status, waiting.status_reason).toBe('waiting_for_input');
    expect(waiting.created_by).toBe(runner.id);
    const runId = waiting.id;

    // The reconciliation passed for both periods, within 0.01 of the sample's GL.
    const checks = JSON.parse(await artifactText(runner, runId, 'reconciliation/checks.json'));
    expect(checks.ok).toBe(true);
    expect(checks.periods.map((p: any) => p.period)).toEqual([PRIOR, PERIOD]);
    for (const p of checks.periods) expect(Math.abs(p.allocated - glTotal(p.period))).toBeLessThanOrEqual(0.01);

    // One grid question: a row per flagged product (exactly the ground truth's), the five classes.
    const grid = pendingQuestion(waiting);
    expect(grid.kind).toBe('grid');
    expect(askedItems(grid).sort()).toEqual(flaggedTruth().map((t) => t.product_id).sort());
    expect(grid.options.map((o: any) => o.value)).toEqual(['new product launch', 'acquisition', 'data quality', 'one-off', 'trend']);
    expect(grid.rows.find((r: any) => r.value === 'P-1019').label).toMatch(/^P-1019: new in 2026-10 \(prior 0\.00, current 15,729\.9\d/);
    // A row left out or a class not offered is a 400 and changes nothing.
    const partial = truthAnswer(grid).slice(1);
    const missing = await call('POST', `/runs/${waiting.id}/input`, runner, { json: { question_id: grid.id, answer: partial } });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.message).toContain(`missing: ${askedItems(grid)[0]}`);
    const odd = await call('POST', `/runs/${waiting.id}/input`, runner, { json: { question_id: grid.id, answer: [...partial, { row: askedItems(grid)[0], choice: 'seasonal' }] } });
    expect(odd.status).toBe(400);

    const atApproval = await classifyAsTruth(runner, runId, waiting);
    expect(atApproval.status, atApproval.status_reason).toBe('waiting_for_approval');
    expect(atApproval.questions).toEqual([expect.objectContaining({ id: grid.id, status: 'answered', answered_by: runner.id })]);

    // The answers are in the report, next to the numbers.
    const classified = JSON.parse(await artifactText(runner, runId, 'variances/classifications.json'));
    const truth = new Map(flaggedTruth().map((t) => [t.product_id, t.expected_classification]));
    expect(Object.fromEntries(classified.items.map((i: any) => [i.item, i.classification]))).toEqual(Object.fromEntries(truth));
    expect(classified.items.find((i: any) => i.item === 'P-2001').comment).toBe(COMMENTS['P-2001']);
    // Each classification names who gave it and when (the person's explanation, for next month).
    const answeredAt = atApproval.questions[0].answered_at;
    for (const item of classified.items) expect(item).toMatchObject({ answered_by: runner.id, answered_at: answeredAt });
    const summary = await artifactText(runner, runId, 'reports/summary.md');
    // (The change is rounded from the raw sums, so it can differ by a cent from the rounded amounts' difference.)
    expect(summary).toMatch(/\| P-1012 \| 62,563\.79 \| 72,482\.38 \| \+9,918\.5[89] \| 15\.85 % \| data quality \| units_shipped driver for CC-200 posted twice in 2026-10 \|/);
    expect(summary).toMatch(/\| P-2001 \| 0\.00 \| 78,072\.64 \| \+78,072\.64 \| new \| acquisition \| came with Nordlys Foods and the Oslo plant CC-130 \|/);
    expect(summary).toContain(`## Open data-quality issues\n\n- P-1012: ${COMMENTS['P-1012']}`);

    await expectWorkbook(runner, runId, truth);

    // The approval shows exactly the text the report composed, with the workbook link.
    const approval = pendingApproval(atApproval);
    const composed = atApproval.steps.find((s: any) => s.id === 'render-workbook').outputs.report.slack_text;
    expect(approval).toMatchObject({ tool_id: 'slack.send_message', risk: 'external_send', requested_for: runner.id, payload: { args: { channel, text: composed } } });
    // An absolute link to the run's page that opens the workbook (PUBLIC_BASE_URL is http://studio.test here).
    expect(composed).toContain(`Workbook: http://studio.test/runs/${runId}?file=${WORKBOOK} (run ${runId})`);
    expect(composed).toContain(`7 products moved more than 5 % vs ${PRIOR}: new product launch 1, acquisition 2, data quality 1, one-off 2, trend 1.`);
    expect(composed).toContain('Open data-quality issues: P-1012.');
    const linked = new URL(composed.match(/Workbook: (\S+)/)![1]!).searchParams.get('file')!;
    expect((await call('GET', `/runs/${runId}/artifacts/${linked}`, runner)).status).toBe(200);
    expect(await slackMessages(channel)).toEqual([]);

    const res = await approve(runner, approval, { comment: 'numbers checked' });
    expect(res.status, await res.clone().text()).toBe(200);
    const approved = await json(res);
    expect(approved).toMatchObject({ status: 'approved', decided_by: runner.id });
    expect(await slackMessages(channel)).toEqual([]); // inside the 5 s undo window
    await passUndoWindow(runId, approved);
    const done = await drive(runId, runner);
    expect(done.status, done.status_reason).toBe('done');
    expect(done.approvals[0].status).toBe('committed');

    const sent = await slackMessages(channel);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe(approval.payload.args.text);
    const delivery = JSON.parse(await artifactText(runner, runId, 'reports/delivery.json'));
    expect(delivery).toMatchObject({ outcome: 'sent', channel, run_id: runId, proposed_text: composed });

    // The author sees the controller's run of their Playbook; the stale hash of it is refused below.
    expect((await call('GET', `/runs/${runId}`, author)).status).toBe(200);
    staleHash = approval.body_hash;
  }, TIMEOUT);
});

let staleHash = '';

/** Sheets, headers, formats, values and totals against the SQL's own result and the sample GL. */
async function expectWorkbook(user: TestUser, runId: string, truth: Map<string, string>): Promise<void> {
  const workbook = await downloadWorkbook(user, runId);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Allocation', 'By Product', 'Reconciliation', 'Variances']);

  // Allocation: the SQL's rows for the period (as keboola.workspace.query saved them), every column.
  const sqlResult = csvRecords(await artifactText(user, runId, 'allocation/current.csv'));
  expect(sqlResult.length).toBeGreaterThan(20);
  const allocation = workbook.getWorksheet('Allocation')!;
  const columns = ['period', 'cost_center', 'product_id', 'driver_qty', 'driver_share', 'allocated_amount'];
  expect(header(allocation)).toEqual(columns);
  expect(allocation.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  for (let c = 1; c <= columns.length; c++) expect(allocation.getRow(1).getCell(c).font?.bold).toBe(true);
  expect(allocation.getColumn(6).width).toBeGreaterThanOrEqual(8);
  const rows = sheetRows(allocation);
  const body = rows.slice(0, -1);
  const expected = [...sqlResult].sort((a, b) => a.cost_center!.localeCompare(b.cost_center!) || a.product_id!.localeCompare(b.product_id!));
  expect(body).toEqual(expected.map((r) => [r.period, r.cost_center, r.product_id, Number(r.driver_qty), Number(r.driver_share), Number(r.allocated_amount)]));
  expect(allocation.getRow(2).getCell(6).numFmt).toBe('#,##0.00');
  expect(allocation.getRow(2).getCell(5).numFmt).toBe('0.00%');
  const total = allocation.getRow(rows.length + 1);
  expect(total.getCell(1).value).toBe('Total');
  const sum = total.getCell(6).value as { formula: string; result: number };
  expect(sum.formula).toBe(`SUM(F2:F${rows.length})`);
  expect(sum.result).toBeCloseTo(sqlResult.reduce((s, r) => s + Number(r.allocated_amount), 0), 6);
  expect(Math.abs(sum.result - glTotal(PERIOD))).toBeLessThanOrEqual(0.01);

  // By Product: every product, the flagged ones classified as the controller said.
  const byProduct = workbook.getWorksheet('By Product')!;
  expect(header(byProduct)).toEqual(['Product', `Allocated ${PRIOR}`, `Allocated ${PERIOD}`, 'Change', 'Change %', 'Status', 'Flagged', 'Classification', 'Comment']);
  const products = sheetRows(byProduct).slice(0, -1);
  expect(products).toHaveLength(groundTruth().length);
  for (const t of groundTruth()) {
    const row = products.find((r) => r[0] === t.product_id)!;
    expect(row[1]).toBeCloseTo(Number(t.prior_allocated), 2);
    expect(row[2]).toBeCloseTo(Number(t.current_allocated), 2);
    expect(row[6]).toBe(t.flagged);
    expect(row[7] ?? null).toBe(t.flagged === 'yes' ? t.expected_classification : null);
  }

  // Variances: the seven flagged, largest change first, with their effects adding up.
  const variances = sheetRows(workbook.getWorksheet('Variances')!).slice(0, -1);
  expect(variances.map((r) => r[0]).sort()).toEqual([...truth.keys()].sort());
  for (const r of variances) {
    expect((r[6] as number) + (r[7] as number)).toBeCloseTo(r[3] as number, 1);
    expect(r[9]).toBe(truth.get(r[0] as string));
  }
  expect(variances.find((r) => r[0] === 'P-1012')![10]).toBe(COMMENTS['P-1012']);

  // Reconciliation: every cost centre ok; its totals are the GL's.
  const recon = workbook.getWorksheet('Reconciliation')!;
  const centres = sheetRows(recon);
  expect(centres.slice(0, -1).every((r) => r[4] === 'ok')).toBe(true);
  expect((centres.at(-1)![1] as { result: number }).result).toBeCloseTo(glTotal(PERIOD), 2);

  // Summary: the headline numbers, labelled.
  const summary = workbook.getWorksheet('Summary')!;
  expect(summary.getCell('A1').value).toBe(`Product cost allocation ${PERIOD}`);
  const items = new Map<string, unknown>();
  summary.eachRow((row, n) => n > 2 && items.set(String(row.getCell(1).value), row.getCell(2).value));
  expect(items.get('Total allocated') as number).toBeCloseTo(sum.result, 2);
  expect(items.get('Total cost') as number).toBeCloseTo(glTotal(PERIOD), 2);
  expect(items.get('Reconciliation')).toBe('reconciled');
  expect(items.get('Variances above 5 %')).toBe(7);
  expect(items.get('Classified acquisition')).toBe(2);
  expect(items.get('Run')).toBe(runId);
}

describe('the Slack delivery cannot change after the click', () => {
  it('race: a payload changed between approve and commit is refused, nothing reaches Slack, the run says why; a stale hash is a 409', async () => {
    const channel = uniqueChannel('race');
    const waiting = await startAndDrive(runner, shared.id, channel);
    const atApproval = await classifyAsTruth(runner, waiting.id, waiting);
    const approval = pendingApproval(atApproval);

    // A hash of another payload (the first run's, or none at all) is refused and changes nothing.
    for (const hash of [staleHash || 'b'.repeat(64), 'a'.repeat(64)]) {
      const stale = await call('POST', `/approvals/${approval.id}/approve`, runner, { json: { body_hash: hash } });
      expect(stale.status).toBe(409);
      expect((await json(stale)).error.message).toMatch(/body hash does not match/);
    }
    expect(pendingApproval(await json(await call('GET', `/runs/${waiting.id}`, runner))).id).toBe(approval.id);

    const approved = await json(await approve(runner, approval));
    expect(approved.status).toBe('approved');
    // Someone (or a bug) rewrites the stored call after the click and before the commit.
    await runSql(waiting.id, 'UPDATE tool_calls SET args = ? WHERE call_id = ?', JSON.stringify({ channel, text: 'All fine, no variances this month.' }), approval.call_id);
    await passUndoWindow(waiting.id, approved);
    const refused = await drive(waiting.id, runner);

    // deliver-slack's on_failure is ask_user: the run stops and tells the controller why.
    expect(await slackMessages(channel)).toEqual([]);
    expect(refused.status).toBe('waiting_for_input');
    const why = pendingQuestion(refused);
    expect(why.prompt).toMatch(/^Step "Post the summary to Slack after approval" failed: slack\.send_message: .*payload changed after approval/s);
    expect(refused.steps.find((s: any) => s.id === 'deliver-slack').error).toMatch(/payload changed after approval/);
    await call('POST', `/runs/${waiting.id}/input`, runner, { json: { question_id: why.id, answer: 'abort' } });
    const run = await drive(waiting.id, runner);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/^Step "deliver-slack" failed: .*payload changed after approval/s);
    expect(run.approvals[0].status).toBe('refused');
    expect(run.tool_calls.find((c: any) => c.call_id === approval.call_id)).toMatchObject({ tool_id: 'slack.send_message', status: 'refused', error: expect.stringMatching(/payload changed after approval/) });
    expect(await (await call('GET', `/runs/${waiting.id}/events`, runner)).text()).toContain('"type":"approval_refused"');
    const artifacts = (await json(await call('GET', `/runs/${waiting.id}/artifacts`, runner))).artifacts.map((a: any) => a.path);
    expect(artifacts).toContain(WORKBOOK);
    expect(artifacts).not.toContain('reports/delivery.json');
  }, TIMEOUT);
});

describe('a broken allocation is never delivered', () => {
  // Dropping CC-130 (the acquired Oslo plant, 94,579.74 of cost in 2026-10) leaves its pool unallocated.
  const broken = authorSql("AND cost_center <> 'CC-130'");
  const message = /Allocation does not reconcile \(tolerance 0\.01\): 2026-10: allocated [\d.]+ vs cost [\d.]+, difference -94579\.74; cost centres off: CC-130 \(-94579\.74\)/;

  it('on_failure abort: the step fails with the difference, the run ends, nothing is rendered or sent', async () => {
    const fork = await forkWithSql(author, 'Broken allocation', broken);
    const channel = uniqueChannel('broken');
    const run = await startAndDrive(author, fork.id, channel);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/^Step "reconcile" failed: skill\.cost-allocation-runner\.check_allocation: /);
    expect(run.status_reason).toMatch(message);
    expect(run.steps.find((s: any) => s.id === 'reconcile')).toMatchObject({ status: 'failed', error: expect.stringMatching(message) });
    expect(run.steps.filter((s: any) => s.status === 'pending').map((s: any) => s.id)).toEqual(['detect-variances', 'classify-variances', 'render-workbook', 'deliver-slack']);
    const checks = JSON.parse(await artifactText(author, run.id, 'reconciliation/checks.json'));
    expect(checks).toMatchObject({ ok: false, periods: [{ period: PRIOR, ok: true }, { period: PERIOD, ok: false, cost_centers_off: ['CC-130'], unallocated_cost_centers: ['CC-130'] }] });
    expect(run.questions).toEqual([]);
    expect(run.approvals).toEqual([]);
    expect((await call('GET', `/runs/${run.id}/artifacts/${WORKBOOK}`, author)).status).toBe(404);
    expect(await slackMessages(channel)).toEqual([]);
  }, TIMEOUT);

  it('on_failure ask_user: the person sees the difference; retry fails the same way, abort ends the run', async () => {
    const fork = await forkWithSql(author, 'Broken allocation, ask me', broken, (spec) => ({
      sop: { steps: spec.sop.steps.map((s: any) => (s.id === 'reconcile' ? { ...s, on_failure: 'ask_user' } : s)) },
    }));
    const channel = uniqueChannel('ask');
    const waiting = await startAndDrive(author, fork.id, channel);
    expect(waiting.status).toBe('waiting_for_input');
    const first = pendingQuestion(waiting);
    expect(first.prompt).toMatch(/^Step "Check that allocated cost equals actual cost" failed: /);
    expect(first.prompt).toMatch(message);
    expect(first.options.map((o: any) => o.value)).toEqual(['retry', 'skip', 'abort']);

    await call('POST', `/runs/${waiting.id}/input`, author, { json: { question_id: first.id, answer: 'retry' } });
    const again = await drive(waiting.id, author);
    const second = pendingQuestion(again);
    expect(second.id).not.toBe(first.id);
    expect(second.prompt).toMatch(message);

    await call('POST', `/runs/${waiting.id}/input`, author, { json: { question_id: second.id, answer: 'abort' } });
    const ended = await drive(waiting.id, author);
    expect(ended.status).toBe('failed');
    expect(ended.status_reason).toMatch(message);
    expect(ended.approvals).toEqual([]);
    expect(await slackMessages(channel)).toEqual([]);
  }, TIMEOUT);
});

describe("the author's unshared draft stays invisible to the controller", () => {
  it('404 on the draft, its run, its artifacts, its questions and its approval by id; nothing of it in their lists', async () => {
    const channel = uniqueChannel('draft');
    const waiting = await startAndDrive(author, draft.id, channel);
    const atApproval = await classifyAsTruth(author, waiting.id, waiting);
    const approval = pendingApproval(atApproval);
    const runId = waiting.id;

    const notFound = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, runner, body === undefined ? {} : { json: body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await json(res)).error.code, `${method} ${path}`).toBe('not_found');
    };
    await notFound('GET', `/playbooks/${draft.id}`);
    await notFound('GET', `/playbooks/${draft.id}/revisions`);
    await notFound('PATCH', `/playbooks/${draft.id}`, { name: 'taken' });
    await notFound('POST', `/playbooks/${draft.id}/run`, { inputs: { period: PERIOD } });
    await notFound('GET', `/runs/${runId}`);
    await notFound('GET', `/runs/${runId}/artifacts`);
    await notFound('GET', `/runs/${runId}/artifacts/${WORKBOOK}`);
    await notFound('GET', `/runs/${runId}/artifacts/reports/summary.md`);
    await notFound('GET', `/runs/${runId}/audit`);
    await notFound('POST', `/runs/${runId}/cancel`);
    await notFound('POST', `/runs/${runId}/input`, { question_id: atApproval.questions[0].id, answer: 'x' });
    await notFound('POST', `/approvals/${approval.id}/approve`, { body_hash: approval.body_hash });
    await notFound('POST', `/approvals/${approval.id}/reject`, { comment: 'not mine' });

    expect((await json(await call('GET', '/runs', runner))).runs.map((r: any) => r.id)).not.toContain(runId);
    expect((await json(await call('GET', '/approvals', runner))).approvals.map((a: any) => a.id)).not.toContain(approval.id);
    expect((await json(await call('GET', '/inbox', runner))).items.map((i: any) => i.run_id)).not.toContain(runId);

    // Untouched by those attempts: still waiting for its owner, who rejects it.
    const after = await json(await call('GET', `/runs/${runId}`, author));
    expect(after.status).toBe('waiting_for_approval');
    expect(after.approvals[0].status).toBe('pending');
    expect((await call('POST', `/approvals/${approval.id}/reject`, author, { json: { comment: 'experiment only' } })).status).toBe(200);
    expect(await slackMessages(channel)).toEqual([]);
  }, TIMEOUT);
});
