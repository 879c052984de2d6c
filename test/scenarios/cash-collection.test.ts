/**
 * Issue 15: the Cash Collection and Deductions blueprint runs on the built-in sample with no model.
 * Fork → run as of the sample's date → the lead's review → each write and the Slack digest approved
 * → done; every figure is checked against the generator's own ground truth
 * (sample/ground-truth/collections.json). Holding the worklist writes and sends nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import truthText from '../../sample/ground-truth/collections.json?raw';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import { slackMessages, uniqueChannel } from '../fakes/control';
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

async function start(user: TestUser, inputs: Record<string, unknown>): Promise<string> {
  const forked = await call('POST', '/blueprints/cash-collection-and-deductions/fork', user, { json: { name: 'Collections' } });
  expect(forked.status).toBe(201);
  const started = await call('POST', `/playbooks/${(await json(forked)).id}/run`, user, { json: { inputs: { as_of_date: truth.as_of, priority_limit: LIMIT, ...inputs } } });
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
