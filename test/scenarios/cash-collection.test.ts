/**
 * Issue 15: the Cash Collection and Deductions blueprint runs on the built-in sample with no model.
 * Fork → run as of the sample's date → the lead's review → each write and the Slack digest approved
 * → done; every figure is checked against the generator's own ground truth
 * (sample/ground-truth/collections.json). Holding the worklist writes and sends nothing. With a
 * model chosen, the model drafts each customer's message; the digest the approver sees carries the
 * drafts with the scripts' amounts, days and invoice ids filled in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import truthText from '../../sample/ground-truth/collections.json?raw';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import { scriptModel, slackMessages, uniqueChannel } from '../fakes/control';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { useSampleProject } from './controller-handoff-helpers';

type Truth = {
  as_of: string;
  aging: Record<string, { invoices: number; open_amount: number }>;
  applications: { remittance_id: string; method: string; invoices: { invoice_id: string; applied: number }[]; unapplied: number }[];
  deductions: { remittance_id: string; invoice_id: string; customer_id: string; amount: number; reason: string; validity: string; write_off_candidate: boolean; dispute_deadline: string }[];
  totals: { remitted: number; applied: number; unapplied: number; deducted: number };
  worklist: { customer_id: string; overdue_amount: number; weighted_days_overdue: number; score: number; action: string; collector: string }[];
};
const truth = JSON.parse(truthText) as Truth;
const LIMIT = 10;

beforeAll(async () => {
  await useSampleProject();
});

async function start(user: TestUser, inputs: Record<string, unknown>, patch: Record<string, unknown> = {}): Promise<string> {
  const forked = await call('POST', '/blueprints/cash-collection-and-deductions/fork', user, { json: { name: 'Collections' } });
  expect(forked.status).toBe(201);
  const playbookId = (await json(forked)).id;
  if (Object.keys(patch).length > 0) {
    const patched = await call('PATCH', `/playbooks/${playbookId}`, user, { json: patch, contentType: 'application/merge-patch+json' });
    expect(patched.status, await patched.clone().text()).toBe(200);
  }
  const started = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs: { as_of_date: truth.as_of, priority_limit: LIMIT, ...inputs } } });
  expect(started.status, await started.clone().text()).toBe(201);
  return (await json(started)).id;
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res.text();
}

async function answerReview(user: TestUser, runId: string, run: any, answer: string, comment?: string): Promise<any> {
  expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
  const question = run.questions.find((q: any) => q.status === 'pending');
  const res = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer, ...(comment ? { comment } : {}) } });
  expect(res.status, await res.clone().text()).toBe(200);
  return drive(runId, user);
}

describe('scenario: Cash Collection and Deductions on the sample project', () => {
  it('ages, applies cash, judges deductions and ranks customers as the ground truth says; writes and the digest go out only after approval', async () => {
    const user = await createTestUser('author');
    const channel = uniqueChannel('ar');
    const bucket = `out.c-collections-${crypto.randomUUID().slice(0, 8)}`;
    const runId = await start(user, { slack_channel: channel, target_bucket: bucket });
    let run = await drive(runId, user);
    const output = (step: string, action: string) => run.steps.find((s: any) => s.id === step).outputs[action];

    expect(output('load-receivables', 'aging').buckets).toEqual(truth.aging);
    const cash = output('apply-cash', 'cash');
    expect(cash.totals).toEqual({ ...truth.totals, reconciles: true });
    expect(cash.no_remittances).toBe(false);
    expect(output('prioritize', 'worklist').no_cash_applied).toBe(false);
    expect(JSON.parse(await artifact(user, runId, 'ar/cash-application.json')).applications.map(({ customer_id: _c, ...a }: any) => a)).toEqual(truth.applications);
    const deductions = output('classify-deductions', 'deductions').deductions;
    expect(deductions.map((d: any) => ({ remittance_id: d.remittance_id, invoice_id: d.invoice_id, customer_id: d.customer_id, amount: d.amount, reason: d.reason, validity: d.validity, write_off_candidate: d.write_off_candidate, dispute_deadline: d.dispute_deadline }))).toEqual(truth.deductions);
    const worklist = output('prioritize', 'worklist');
    expect(worklist.customers_overdue).toBe(truth.worklist.length);
    expect(worklist.worklist.map((w: any) => ({ customer_id: w.customer_id, overdue_amount: w.overdue_amount, weighted_days_overdue: w.weighted_days_overdue, score: w.score, action: w.action, collector: w.collector }))).toEqual(truth.worklist.slice(0, LIMIT));
    // A memo that gives orders is data: it reaches no question and no message.
    expect(JSON.stringify(run.questions)).not.toMatch(/ignore previous instructions/i);

    run = await answerReview(user, runId, run, 'approve');
    // Each write waits for a person, after its dry run; then the digest does.
    for (const table of ['collections_worklist', 'deductions_log']) {
      const approval = pendingApproval(run);
      expect(approval).toMatchObject({ tool_id: 'keboola.storage.write', payload: { args: { table_id: `${bucket}.${table}`, incremental: true } } });
      run = await approveAndCommit(user, runId, approval);
    }
    const digest = pendingApproval(run);
    expect(digest).toMatchObject({ tool_id: 'slack.send_message', risk: 'external_send', payload: { args: { channel } } });
    expect(await slackMessages(channel)).toEqual([]);
    for (const w of truth.worklist.slice(0, LIMIT)) expect(digest.payload.args.text).toContain(`(${w.customer_id})`);
    expect(digest.payload.args.text).not.toMatch(/@|ignore previous/i); // names and ids only
    run = await approveAndCommit(user, runId, digest);
    expect(run.status, run.status_reason).toBe('done');
    const sent = await slackMessages(channel);
    expect(sent.map((m) => m.text)).toEqual([digest.payload.args.text]);

    // The writes landed in the project: the approved worklist and every deduction.
    const look = await call('GET', `/runs/${runId}/artifacts/ar/review.json`, user);
    expect(JSON.parse(await look.text())).toMatchObject({ decision: 'approve', customers: LIMIT });
    const tables = run.tool_calls.filter((c: any) => c.tool_id === 'keboola.storage.write' && c.status === 'done');
    expect(tables.map((c: any) => [c.args.table_id, c.result.rows])).toEqual([[`${bucket}.collections_worklist`, LIMIT], [`${bucket}.deductions_log`, truth.deductions.length]]);
  });

  it('with a model chosen, the model drafts each customer\'s message; the approved digest carries the drafts with the scripts\' figures', async () => {
    const user = await createTestUser('author');
    const channel = uniqueChannel('ar-model');
    const bucket = `out.c-collections-${crypto.randomUUID().slice(0, 8)}`;
    const [first, second, third] = truth.worklist;
    const drafts = {
      [first!.customer_id]: 'Hello {name}, our records show {overdue} overdue for about {days} days on {invoices}. Could you let us know when payment is scheduled? Kind regards, {collector}',
      [second!.customer_id]: 'Talking points for {name}: the balance of {overdue} is {days} days late on average; ask for a payment date and note any dispute.',
      // A figure the model wrote itself: left out of the digest.
      [third!.customer_id]: 'Please pay the 3 invoices by Friday.',
      'CU-NOT-ON-THE-LIST': 'Hello {name}.',
    };
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'kbagent.workspace_artifact', args: { path: 'ar/drafts.json', content: drafts } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'drafts written', outputs: { drafts: 'ar/drafts.json' } } }] },
    ]);
    const runId = await start(user, { slack_channel: channel, target_bucket: bucket }, { model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') } });
    let run = await drive(runId, user);

    // The model drafted before the lead's review; the figures before it are the scripts'.
    expect(run.steps.find((s: any) => s.id === 'draft-messages')).toMatchObject({ mode: 'agent', status: 'done', outputs: { drafts: 'ar/drafts.json' } });
    expect(run.steps.filter((s: any) => s.mode === 'agent').map((s: any) => s.id)).toEqual(['draft-messages']);
    const requests = await scenario.requests();
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[0]!.body)).toContain('Write ar/drafts.json with');
    const worklist = run.steps.find((s: any) => s.id === 'prioritize').outputs.worklist.worklist;
    expect(worklist.map((w: any) => w.customer_id)).toEqual(truth.worklist.slice(0, LIMIT).map((w) => w.customer_id));

    run = await answerReview(user, runId, run, 'approve');
    expect(run.steps.find((s: any) => s.id === 'review-worklist').outputs.final.drafts).toEqual({ included: [first!.customer_id, second!.customer_id].sort(), refused: [third!.customer_id] });
    for (const table of ['collections_worklist', 'deductions_log']) {
      const write = pendingApproval(run);
      expect(write).toMatchObject({ tool_id: 'keboola.storage.write', payload: { args: { table_id: `${bucket}.${table}` } } });
      run = await approveAndCommit(user, runId, write);
    }

    // The digest waiting for approval: each drafted customer's line, then the draft with the
    // ground truth's amount and days and the customer's overdue invoices filled in.
    const digest = pendingApproval(run);
    expect(digest).toMatchObject({ tool_id: 'slack.send_message', payload: { args: { channel } } });
    const text: string = digest.payload.args.text;
    const openAfterCash = (await artifact(user, runId, 'ar/open_after_cash.csv')).trim().split('\n').slice(1).map((l) => l.split(','));
    const overdueInvoices = (customer: string) =>
      openAfterCash.filter(([, c, , due, , open]) => c === customer && Number(open) > 0 && due! < truth.as_of).sort((a, b) => a[3]!.localeCompare(b[3]!) || a[0]!.localeCompare(b[0]!)).map(([id, , , , , open]) => `${id} (${open})`);
    const nameOf = (customer: string) => worklist.find((w: any) => w.customer_id === customer).name;
    const line = (w: Truth['worklist'][number]) => `• ${nameOf(w.customer_id)} (${w.customer_id}): ${w.overdue_amount.toFixed(2)} overdue, ${w.weighted_days_overdue} days → ${w.action}`;
    expect(overdueInvoices(first!.customer_id).length).toBeGreaterThan(0);
    expect(text).toContain(`${line(first!)}\n   Draft: Hello ${nameOf(first!.customer_id)}, our records show ${first!.overdue_amount.toFixed(2)} overdue for about ${first!.weighted_days_overdue} days on ${overdueInvoices(first!.customer_id).join(', ')}. Could you let us know when payment is scheduled? Kind regards, ${first!.collector}`);
    expect(text).toContain(`${line(second!)}\n   Draft: Talking points for ${nameOf(second!.customer_id)}: the balance of ${second!.overdue_amount.toFixed(2)} is ${second!.weighted_days_overdue} days late on average;`);
    expect(text).toContain(`${line(third!)}\n`);
    expect(text).not.toContain('Please pay the 3 invoices');
    expect(text.match(/ {3}Draft: /g)).toHaveLength(2);
    for (const w of truth.worklist.slice(0, LIMIT)) expect(text).toContain(`(${w.customer_id})`);
    expect(text).not.toMatch(/\{[a-z_]+\}|@|ignore previous/i);
    expect(await slackMessages(channel)).toEqual([]);
    run = await approveAndCommit(user, runId, digest);
    expect(run.status, run.status_reason).toBe('done');
    expect((await slackMessages(channel)).map((m) => m.text)).toEqual([text]);
  });

  it('a held worklist: nothing is written, nothing is sent, and the run is done', async () => {
    const user = await createTestUser('author');
    const channel = uniqueChannel('ar-hold');
    const runId = await start(user, { slack_channel: channel });
    const run = await answerReview(user, runId, await drive(runId, user), 'hold');
    expect(run.status, run.status_reason).toBe('done');
    expect(run.approvals).toEqual([]);
    expect(run.tool_calls.filter((c: any) => ['keboola.storage.write', 'slack.send_message'].includes(c.tool_id))).toEqual([]);
    expect(await slackMessages(channel)).toEqual([]);
    expect(JSON.parse(await artifact(user, runId, 'ar/review.json'))).toMatchObject({ decision: 'hold', customers: 0 });
  });
});
