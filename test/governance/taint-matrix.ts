import { expect } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { scriptModel, slackMessages, uniqueChannel } from '../fakes/control';
import { issueFor } from '../broker/tokens';
import { createTriggered, signedDelivery } from '../triggers/helpers';
import { createPlaybook, drive, startRun } from '../run/drive';
import { approve, pendingApproval, runSql } from './helpers';

/**
 * The governance matrix of issue 11 / docs/security.md: each way untrusted data can reach a value
 * (SOURCES) × each kind of call that acts outside the run (SINKS) × the approvals a run may hold
 * when the data arrives (STATES). In every cell the sink call that carries the data must stop at a
 * fresh approval bound to its exact arguments, with nothing dispatched; approving it then
 * dispatches it exactly once (the positive control that proves the cell can fail).
 */

// Enabled configurations of the sample project: keboola.ex-salesforce and keboola.ex-hubspot.
const SAMPLE_CONFIG = '1187650001';
const OTHER_CONFIG = '1187650002';

export type Cell = { source: Source; sink: Sink; state: State };

/** What a sink needs from a source: an expression that resolves to `value` and derives from untrusted content. */
type Sourced = { steps: unknown[]; expression: string; playbook?: Record<string, unknown>; start?: (author: TestUser, playbookId: string) => Promise<string>; after?: (author: TestUser, runId: string) => Promise<any> };

export type Source = { name: string; make(value: string, author: TestUser): Promise<Sourced> };
export type Sink = {
  name: string;
  tool: string;
  /** The sink's arguments with `value` (or an expression resolving to it) in them. */
  args(value: string, ctx: SinkContext): Record<string, unknown>;
  /** The value a source must deliver for this sink (a job needs a real configuration id); `clean`: the one called before the taint. */
  value(cell: string, clean?: boolean): string;
  /** Called by the test, not by a step: the run-token sink. */
  external?: boolean;
};
export type State = { name: string };
type SinkContext = { channel: string; table: string };

const sqlRead = (id: string, value: string, extra: Record<string, unknown> = {}) => ({
  id, tool: 'sql.local', args: { statements: `SELECT '${value}' AS v`, ...extra },
});

function step(id: string, actions: { id?: string; tool: string; args?: Record<string, unknown> }[], extra: Record<string, unknown> = {}) {
  return {
    id, title: `Step ${id}`, instruction: `Do ${id}`, completion_criteria: 'done',
    allowed_tools: [...new Set(actions.map((a) => a.tool))], actions: actions.map((a) => ({ args: {}, ...a })), ...extra,
  };
}

export const SOURCES: Source[] = [
  {
    name: 'tool output',
    make: async (value) => ({ steps: [step('src', [sqlRead('q', value)])], expression: '${{ steps.src.outputs.q.rows[0][0] }}' }),
  },
  {
    // A model step that read untrusted rows: everything it writes derives from its conversation.
    name: "earlier step's output",
    make: async (value) => {
      const model = await scriptModel([
        { tool_calls: [{ tool: 'sql.local', args: { statements: `SELECT '${value}' AS v` } }] },
        { tool_calls: [{ tool: 'step.complete', args: { summary: 'read it', outputs: { v: value } } }] },
      ]);
      return {
        steps: [{ id: 'src', title: 'Read', instruction: 'Read the value', completion_criteria: 'read', allowed_tools: ['sql.local'] }],
        expression: '${{ steps.src.outputs.v }}',
        playbook: { model: { provider: 'openai-compatible', model: model.model('gpt-4o-mini') } },
      };
    },
  },
  {
    name: 'child Playbook output',
    make: async (value, author) => {
      const child = await createPlaybook(author, { name: 'Child', budget: { max_usd_per_run: 1 }, sop: { goal: 'Read', steps: [step('read', [sqlRead('q', value)])] } });
      return {
        steps: [step('src', [{ id: 'child', tool: 'kbagent.call_playbook', args: { playbook_id: child } }])],
        expression: '${{ steps.src.outputs.child.outputs.read.q.rows[0][0] }}',
        after: async (user, runId) => {
          const parent = await drive(runId, user);
          const childId = parent.child_run_ids.at(-1);
          if (childId) expect((await drive(childId, user)).status).toBe('done');
          return drive(runId, user);
        },
      };
    },
  },
  {
    // The run starts from a signed webhook: the body's fields are its inputs, and they are outside data.
    name: 'webhook input',
    make: async (value) => ({
      steps: [],
      expression: '${{ inputs.v }}',
      playbook: { inputs: [{ name: 'v', type: 'string' }], triggers: [{ type: 'manual' }, { type: 'http_webhook', id: 'in' }] },
      start: (_author, playbookId) => webhookRun(playbookId, value),
    }),
  },
  {
    // A file written from untrusted rows, read back by a script whose own arguments are clean.
    name: 'workspace file',
    make: async (value) => ({
      steps: [
        step('write', [sqlRead('q', value, { save_as: 'in/values.csv' })]),
        step('src', [{ id: 'profile', tool: 'skill.data-quality-profiling.profile', args: { artifact: 'in/values.csv', mask_pii: false } }]),
      ],
      expression: '${{ steps.src.outputs.profile.columns[0].top_values[0].value }}',
      playbook: { skills: ['data-quality-profiling'] },
    }),
  },
  {
    // A person picks an option that quotes untrusted data: the answer carries it.
    name: 'question answer quoting untrusted text',
    make: async (value) => ({
      steps: [
        step('read', [sqlRead('q', value)]),
        step('src', [{ id: 'pick', tool: 'kbagent.human_in_loop', args: { prompt: 'Which value?', kind: 'radio', options: ['${{ steps.read.outputs.q.rows[0][0] }}', 'none'] } }]),
      ],
      expression: '${{ answers.pick }}',
      after: async (user, runId) => {
        const waiting = await drive(runId, user);
        const question = waiting.questions.find((q: any) => q.status === 'pending');
        expect((await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: value } })).status).toBe(200);
        return drive(runId, user);
      },
    }),
  },
];

/** Webhook runs are found by their trigger: the delivery answers with the run it started. */
export async function webhookRun(playbookId: string, value: string): Promise<string> {
  const issued = webhookSecrets.get(playbookId);
  if (!issued) throw new Error('the webhook Playbook was not created through createWebhookPlaybook');
  const { res } = await signedDelivery(issued.path, issued.secret, { v: value });
  expect(res.status).toBe(202);
  return (await json(res)).run_id;
}

const webhookSecrets = new Map<string, { path: string; secret: string }>();

export const SINKS: Sink[] = [
  { name: 'external send', tool: 'slack.send_message', value: unique, args: (v, c) => ({ channel: c.channel, text: v }) },
  { name: 'write', tool: 'keboola.storage.write', value: unique, args: (v, c) => ({ table_id: c.table, csv: `v\n${v}\n`, incremental: true }) },
  { name: 'destructive write', tool: 'keboola.storage.write', value: unique, args: (v, c) => ({ table_id: c.table, csv: `v\n${v}\n`, incremental: false }) },
  {
    // The clean call before the taint runs another configuration (a session approval covers any job of the tool).
    name: 'keboola.jobs.run', tool: 'keboola.jobs.run', value: (_cell, clean) => (clean ? OTHER_CONFIG : SAMPLE_CONFIG),
    args: (v) => ({ component: v === OTHER_CONFIG ? 'keboola.ex-hubspot' : 'keboola.ex-salesforce', config: v }),
  },
  { name: 'run-token POST /tools/{id}/call', tool: 'slack.send_message', value: unique, args: (v, c) => ({ channel: c.channel, text: v }), external: true },
];

export const STATES: State[] = [{ name: 'no approval' }, { name: 'session approval given before the taint' }, { name: 'batch approval' }];

function unique(cell: string): string {
  return `v${cell}${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;
}

/**
 * Runs one cell: the approval state is set up first (with clean arguments, before any untrusted
 * data), then the source taints a value, then the sink is called with it.
 */
export async function runCell({ source, sink, state }: Cell): Promise<void> {
  const author = await createTestUser('author');
  const cellId = crypto.randomUUID().replace(/-/g, '').slice(0, 6);
  const ctx = { channel: uniqueChannel('taint'), table: `out.c-taint.t_${cellId}` };
  const value = sink.value(cellId);
  const sourced = await source.make(value, author);
  const expected = sink.args(value, ctx);
  const clean = sink.args(sink.value(`${cellId}c`, true), ctx);

  // The approval a person gave before the data arrived: for the same tool and destination.
  const before = state.name.startsWith('session')
    ? [step('before', [{ id: 'clean', tool: sink.tool, args: clean }])]
    : state.name.startsWith('batch')
      ? [step('before', [{ id: 'batch', tool: 'kbagent.request_approval', args: { tool_id: sink.tool, items: [expected, clean] } }])]
      : [];
  const sinkStep = sink.external
    ? step('park', [{ id: 'wait', tool: 'kbagent.human_in_loop', args: { prompt: 'Hold the run open', kind: 'text' } }], { allowed_tools: ['kbagent.human_in_loop', sink.tool] })
    : step('sink', [{ id: 'call', tool: sink.tool, args: sink.args(sourced.expression, ctx) }]);
  const doc = {
    name: `Taint ${source.name} → ${sink.name}`,
    budget: { max_usd_per_run: 1 },
    // Writes and jobs run without a person unless something requires one: a session needs an approval to exist.
    tool_policies: state.name.startsWith('session') ? { [sink.tool]: 'approve' } : {},
    approval_policy: { undo_window_seconds_for_external_send: 0 },
    ...sourced.playbook,
    sop: { goal: 'Exercise the taint guard', steps: [...before, ...sourced.steps, sinkStep] },
  };
  const playbookId = source.name === 'webhook input' ? await createWebhookPlaybook(author, doc) : await createPlaybook(author, doc);
  const runId = sourced.start ? await sourced.start(author, playbookId) : await startRun(author, playbookId);

  let run = await drive(runId, author);
  if (before.length > 0) {
    const given = pendingApproval(run);
    const res = await approve(author, given, state.name.startsWith('session') ? { scope: 'session' } : {});
    expect(res.status, await res.clone().text()).toBe(200);
    run = await drive(runId, author);
  }
  run = sourced.after ? await sourced.after(author, runId) : await drive(runId, author);

  let approval: any;
  if (sink.external) {
    expect(run.status, `${run.status}: ${run.status_reason ?? ''}`).toBe('waiting_for_input');
    const token = await issueFor(run, { allowed_tools: [sink.tool], allowed_risk_max: 'destructive' });
    const res = await call('POST', `/tools/${sink.tool}/call`, token, { json: { args: expected } });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('awaiting_approval');
    run = await json(await call('GET', `/runs/${runId}`, author));
    approval = run.approvals.find((a: any) => a.id === body.approval_id);
  } else {
    expect(run.status, `${run.status}: ${run.status_reason ?? ''} ${JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))}`).toBe('waiting_for_approval');
    approval = pendingApproval(run);
  }
  // A fresh approval, for exactly these arguments, naming where the data came from.
  expect(approval).toMatchObject({ status: 'pending', tool_id: sink.tool, scope: 'single' });
  expect(approval.payload.args).toMatchObject(expected);
  expect(approval.untrusted_sources?.length, JSON.stringify(approval)).toBeGreaterThan(0);
  expect(await dispatched(runId, sink.tool, value)).toBe(0);
  if (sink.tool === 'slack.send_message') expect((await slackMessages(ctx.channel)).filter((m: any) => m.text === value)).toEqual([]);
  expect(run.approvals.filter((a: any) => a.kind === 'tool' && a.status === 'committed' && JSON.stringify(a.payload).includes(value))).toEqual([]);

  // Positive control: approving this exact payload dispatches it, once.
  const res = await approve(author, approval);
  expect(res.status, await res.clone().text()).toBe(200);
  await drive(runId, author);
  expect(await dispatched(runId, sink.tool, value)).toBe(1);
  if (sink.tool === 'slack.send_message') expect((await slackMessages(ctx.channel)).filter((m: any) => m.text === value)).toHaveLength(1);
}

/** A Playbook with an http_webhook trigger whose secret `webhookRun` signs with; its input `v` is filled from the body. */
export async function createWebhookPlaybook(author: TestUser, doc: Record<string, unknown>): Promise<string> {
  const { id, body } = await createTriggered(author, doc);
  const issued = body.trigger_secrets[0];
  webhookSecrets.set(id, { path: issued.webhook_path, secret: issued.secret });
  return id;
}

/** Calls of the tool the Broker dispatched with the value in their arguments (its own audit log). */
export async function dispatched(runId: string, toolId: string, value: string): Promise<number> {
  const rows = (await runSql(runId, "SELECT data FROM audit WHERE kind = 'dispatch'")) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data)).filter((d) => d.tool_id === toolId && JSON.stringify(d.args).includes(value)).length;
}
