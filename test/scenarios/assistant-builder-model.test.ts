/**
 * Issue 15, the Assistant Builder with a model chosen: every `auto` step is a model step, and a
 * scripted model (test/fakes) does what each step's instruction says, with literal arguments as a
 * model writes them. It asks the requester the one thing the description leaves open, lists the
 * project's tables and finds the tools it needs with kbagent.tool_broker.discover (the registry's
 * real entries), writes a Playbook of its own (not a template), dry-reads the table, validates the
 * draft with skill.assistant-design.validate (the validator POST /playbooks uses, plus the registry
 * and governance checks), shows the review question with the diff, and creates the draft through
 * kbagent.playbook.create_draft once a person approves it after its dry run. A draft naming a tool
 * the registry lacks fails the validation and creates nothing.
 *
 * The tool outputs the model copies (the tables list, the discover answers, the preview) are read
 * first through a scripted Playbook calling the same tools with the same arguments, as the model
 * reads them in its tool results. The created Playbook's id exists only once the approved call
 * has run, so the model's turns after the creation are scripted then: the provider answers the
 * first request after the creation with a 429 (retry in an hour), which holds the run until the
 * test has uploaded the rest of the script.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as validate from '../../skills/assistant-design/scripts/validate';
import { sha256Hex } from '../../src/broker/canonical';
import { PROMPT_OUTPUT_CAP_BYTES } from '../../src/broker/untrusted';
import { PlaybookSpec } from '../../src/domain/playbook';
import { wireToolName } from '../../src/executors/model/tool-names';
import { toolRegistry } from '../../src/tools/registry';
import { checkPlaybookDocument, registeredIn } from '../../src/tools/kbagent/create-draft';
import { parseYaml } from '../../src/yaml';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, runStub, scriptedStep, startRun } from '../run/drive';
import { scriptModel, type RecordedRequest, type TestTurn } from '../fakes/control';
import { approve, pendingApproval, sleep } from '../governance/helpers';
import { memoryScriptContext } from '../skills/script-context';
import { useSampleProject } from './controller-handoff-helpers';

const TASK =
  'Every Monday at 8:00 Prague time, find the open opportunities in in.c-salesforce.opportunities whose close date has already ' +
  'passed, add up their Amount per OwnerTeam and post it to #sales-leads so the team leads can chase them.';
const TABLE = 'in.c-salesforce.opportunities';
const READS = [{ table: TABLE, columns: ['Id', 'Name', 'Amount', 'CloseDate', 'IsClosed', 'OwnerTeam'] }];
const CEILING = 2;
const STEP_TITLES = [
  'Clarify the task with the requester',
  'Inventory tables, tools and connections',
  'Draft the SOP',
  'Dry-read every table the draft reads',
  'Review risks, approvals and budget, and validate',
  'Review the draft with the requester',
  'Create the draft Playbook after approval',
  'Package the Playbook, README and risk review',
];
/** What the model looks up in the registry: one narrow call per capability, each answer read whole. */
const DISCOVER = [{ prefix: 'keboola.storage.' }, { prefix: 'sql.' }, { prefix: 'slack.' }, { prefix: 'kbagent.workspace' }];

const GOAL =
  'Every Monday, find the open opportunities in in.c-salesforce.opportunities whose CloseDate has passed, total their Amount ' +
  'per OwnerTeam in reports/stale-pipeline.csv, and post the totals to the team leads\' Slack channel once a person approves the message.';

/** The Playbook the model writes: its own goal, steps and wording (no template has these steps). */
function draftYaml(notifyTool = 'slack.send_message'): string {
  return `name: Stale pipeline nudge
description: Weekly list of the open opportunities past their close date, per owner team, for the team leads.
sop:
  goal: >-
    ${GOAL}
  steps:
    - id: export
      title: Export the opportunities
      instruction: >-
        Export ${TABLE} with keboola.storage.tables (action export, save_as exports/opportunities.csv).
        The later steps use its columns Id, Name, Amount, CloseDate, IsClosed and OwnerTeam.
      allowed_tools: [keboola.storage.tables]
      completion_criteria: exports/opportunities.csv exists and has as many rows as the table.
      on_failure: abort
    - id: find-stale
      title: Find the stale open opportunities
      instruction: >-
        With sql.local over exports/opportunities.csv select the rows where IsClosed = 'false' and
        CloseDate (YYYY-MM-DD, compared as text) is before the run date. Save them (Id, Name, OwnerTeam,
        Amount, CloseDate), ordered by OwnerTeam and CloseDate, to reports/stale-opportunities.csv, and
        the count and the sum of Amount per OwnerTeam, largest sum first, to reports/stale-pipeline.csv.
      allowed_tools: [sql.local, kbagent.workspace_artifact]
      completion_criteria: >-
        reports/stale-pipeline.csv has one row per OwnerTeam with stale opportunities and its counts add
        up to the rows of reports/stale-opportunities.csv.
      on_failure: abort
    - id: notify
      title: Post the totals to the team leads
      instruction: >-
        Send one ${notifyTool} to inputs.slack_channel: the number of stale opportunities, the Amount at
        stake and one line per OwnerTeam (count and Amount), from reports/stale-pipeline.csv. No customer
        contact data. The message waits until a person approves it.
      allowed_tools: [${notifyTool}]
      completion_criteria: The message was approved and posted, or the approver rejected it.
      on_failure: ask_user
  artifact_specs:
    - path: reports/stale-opportunities.csv
      description: The open opportunities past their close date.
      content_type: text/csv
    - path: reports/stale-pipeline.csv
      description: Count and Amount of stale opportunities per OwnerTeam.
      content_type: text/csv
inputs:
  - name: slack_channel
    type: string
    label: Slack channel of the team leads
    default: "#sales-leads"
connections: [keboola.connection]
triggers:
  - type: manual
  - type: cron
    id: weekly
    expression: 0 8 * * 1
    timezone: Europe/Prague
budget:
  max_usd_per_run: 0.08
  max_tokens_per_run: 200000
  max_wall_clock_seconds: 2700
  on_breach: pause_for_approval
approval_policy:
  default_ttl_seconds: 14400
  require_body_hash_for: [write, external_send, destructive]
  undo_window_seconds_for_external_send: 5
risk_policy:
  external_send: approve
  destructive: dry_run_then_approve
  admin: deny
`;
}

const REQUIREMENTS = `# Requirements: stale pipeline nudge

| item | answer | source |
|---|---|---|
| Goal | Team leads chase open opportunities whose close date has passed | description |
| Definition of done | The totals per OwnerTeam are posted to the channel after approval | description |
| Stale | IsClosed = false and CloseDate before the run date | interview |
| Trigger | manual; every Monday 08:00 Europe/Prague | description |
| Inputs | slack_channel (default #sales-leads) | description |
| Data sources | ${TABLE} | description |
| Deliverables | reports/stale-pipeline.csv, a Slack message | description |
| Approvers | the person running it approves the Slack message | description |
| Budget | at most $${CEILING} per run | run input |
`;

const RISK_REVIEW = `# Risk review: Stale pipeline nudge

| tool | risk class | steps | decision |
|---|---|---|---|
| kbagent.workspace_artifact | write | find-stale | allow: stays in the run workspace |
| keboola.storage.tables | read | export | allow |
| slack.send_message | external_send | notify | approve: a person approves each message, with its body hash |
| sql.local | compute | find-stale | allow |
`;

beforeAll(async () => {
  await useSampleProject();
});

type Observed = { tables: any; registry: any[]; preview: any; discovered: any[] };

/** The tools' answers to the calls the model makes, read through a scripted Playbook. */
async function observe(user: TestUser): Promise<Observed> {
  const id = await createPlaybook(user, playbookWith([
    scriptedStep('look', [
      { id: 'tables', tool: 'keboola.storage.tables', args: { action: 'list' } },
      { id: 'preview', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: TABLE, limit: 10 } },
      ...DISCOVER.map((args, i) => ({ id: `d${i}`, tool: 'kbagent.tool_broker.discover', args })),
      { id: 'all', tool: 'kbagent.tool_broker.discover', args: { limit: 500 } },
    ]),
  ]));
  const run = await drive(await startRun(user, id), user);
  expect(run.status, run.status_reason).toBe('done');
  const outputs = run.steps[0].outputs;
  const discovered = DISCOVER.map((_, i) => outputs[`d${i}`]);
  for (const answer of discovered) expect(answer.truncated).toBe(false);
  // Why the model narrows its calls: the whole registry is more than a model reads of one tool answer.
  expect(JSON.stringify(outputs.all, null, 1).length).toBeGreaterThan(PROMPT_OUTPUT_CAP_BYTES);
  return { tables: outputs.tables, preview: outputs.preview, discovered, registry: discovered.flatMap((d) => d.tools) };
}

async function start(user: TestUser, model: string): Promise<{ forkId: string; runId: string }> {
  const forked = await call('POST', '/blueprints/assistant-builder/fork', user, { json: { name: 'Builder with a model' } });
  expect(forked.status, await forked.clone().text()).toBe(201);
  const forkId = (await json(forked)).id;
  const patched = await call('PATCH', `/playbooks/${forkId}`, user, { json: { model: { provider: 'openai-compatible', model } }, contentType: 'application/merge-patch+json' });
  expect(patched.status, await patched.clone().text()).toBe(200);
  const started = await call('POST', `/playbooks/${forkId}/run`, user, { json: { inputs: { task_description: TASK, max_usd_per_run: CEILING } } });
  expect(started.status, await started.clone().text()).toBe(201);
  return { forkId, runId: (await json(started)).id };
}

const stepsOf = (run: any) => JSON.stringify(run.steps.map((s: any) => [s.id, s.mode, s.status, s.error]));

async function answer(user: TestUser, runId: string, run: any, value: string): Promise<any> {
  expect(run.status, stepsOf(run)).toBe('waiting_for_input');
  const question = run.questions.find((q: any) => q.status === 'pending');
  const res = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: value } });
  expect(res.status, await res.clone().text()).toBe(200);
  return drive(runId, user);
}

async function playbookIds(user: TestUser): Promise<string[]> {
  return (await json(await call('GET', '/playbooks', user))).playbooks.map((p: any) => p.id);
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return new TextDecoder().decode(await res.arrayBuffer());
}

const done = (summary: string, outputs?: Record<string, unknown>): TestTurn => ({ tool_calls: [{ tool: 'step.complete', args: { summary, ...(outputs ? { outputs } : {}) } }] });
const save = (path: string, content: unknown, content_type: string) => ({ tool: 'kbagent.workspace_artifact', args: { path, content, content_type } });

/** The model's turns from the interview up to its validation of the draft (governance-review). */
function turnsUpToValidation(seen: Observed, yaml: string): TestTurn[] {
  return [
    // interview: what the description says, then the one thing it leaves open.
    { tool_calls: [{ tool: 'skill.assistant-design.templates', args: { task_description: TASK } }] },
    {
      text: 'The description names the table, the channel, the schedule and the time zone; it leaves open which opportunities count as stale.',
      tool_calls: [{
        tool: 'kbagent.human_in_loop',
        args: {
          prompt: 'Which opportunities should the weekly message list as stale?',
          kind: 'radio',
          options: [
            { value: 'past-close', label: 'Open (IsClosed = false) with a CloseDate before the run date' },
            { value: 'past-close-14', label: 'Open, with a CloseDate more than 14 days before the run date' },
          ],
        },
      }],
    },
    { tool_calls: [save('design/requirements.md', REQUIREMENTS, 'text/markdown')] },
    done('Requirements written; stale means open with a CloseDate before the run date.', { requirements: 'design/requirements.md', stale: 'IsClosed = false and CloseDate < run date' }),
    // inventory: the tables, then one narrow discover per capability (the whole registry is cut at 16 KB).
    { tool_calls: [{ tool: 'keboola.storage.tables', args: { action: 'list' } }] },
    { tool_calls: DISCOVER.map((args) => ({ tool: 'kbagent.tool_broker.discover', args })) },
    { tool_calls: [save('design/storage-tables.json', seen.tables, 'application/json'), save('design/registry.json', { tools: seen.registry }, 'application/json')] },
    done('Inventory saved: the opportunities table has every column the task needs; export, SQL, Slack and workspace tools found.', { tables: 'design/storage-tables.json', registry: 'design/registry.json' }),
    // design-sop: its own draft, from the step patterns.
    { tool_calls: [{ tool: 'skill.load_reference', args: { skill: 'assistant-design', path: 'references/step-patterns.md' } }] },
    {
      tool_calls: [
        save('drafts/playbook.yaml', yaml, 'application/yaml'),
        save('design/inventory.json', { tables: [{ id: TABLE, columns_needed: READS[0]!.columns }], tools: seen.registry.filter((t) => ['keboola.storage.tables', 'sql.local', 'slack.send_message', 'kbagent.workspace_artifact'].includes(t.id)).map((t) => ({ id: t.id, risk: t.risk })), missing: [] }, 'application/json'),
      ],
    },
    done('Drafted drafts/playbook.yaml: export, find-stale, notify.', { draft: { path: 'drafts/playbook.yaml', tables: [TABLE], reads: READS } }),
    // dry-read: the preview, then the check of the columns the draft reads.
    { tool_calls: [{ tool: 'keboola.storage.tables', args: { action: 'preview', table_id: TABLE, limit: 10 } }] },
    { tool_calls: [{ tool: 'skill.assistant-design.dry_read', args: { previews: [seen.preview], reads: READS } }] },
    done('Every column the draft reads exists and the table returns rows.', { passed: true }),
    // governance-review: the risk review, then the validator.
    { tool_calls: [save('design/risk-review.md', RISK_REVIEW, 'text/markdown')] },
    { tool_calls: [{ tool: 'skill.assistant-design.validate', args: { max_usd_per_run: CEILING } }] },
  ];
}

/** Splits the recorded requests by the step whose system prompt they carry. */
function requestsByStep(requests: RecordedRequest[]): Map<string, RecordedRequest[]> {
  const by = new Map<string, RecordedRequest[]>();
  for (const request of requests) {
    const system = ((request.body as any).messages as any[]).find((m) => m.role === 'system')?.content as string;
    const title = /Current step: (.*)/.exec(system)?.[1] ?? '(none)';
    by.set(title, [...(by.get(title) ?? []), request]);
  }
  return by;
}

const offered = (request: RecordedRequest) => ((request.body as any).tools as any[]).map((t) => t.function.name as string);
/** The tool results the model read in a request, by the wire name of the tool. */
function toolResults(request: RecordedRequest, tool: string): string[] {
  const messages = (request.body as any).messages as any[];
  const ids = new Set(messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []) : [])).filter((c: any) => c.function.name === wireToolName(tool)).map((c: any) => c.id));
  return messages.filter((m) => m.role === 'tool' && ids.has(m.tool_call_id)).map((m) => String(m.content));
}

/** A tool result as JSON, unwrapped when the run's taint made the runtime wrap it as untrusted data. */
function resultJson(text: string): unknown {
  const inner = /^<untrusted [^>]*>\n([\s\S]*)\n<\/untrusted>$/.exec(text)?.[1];
  const raw = inner === undefined ? text : inner.replace(/&(lt|gt|amp|#x[0-9A-F]+);/g, (_, e: string) => (e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : String.fromCodePoint(parseInt(e.slice(2), 16))));
  return JSON.parse(raw);
}

describe('scenario: Assistant Builder with a model chosen', () => {
  it('the model interviews, discovers tools, drafts its own Playbook, validates it, shows the diff and creates the draft after approval', async () => {
    const user = await createTestUser('author');
    const seen = await observe(user);
    const yaml = draftYaml();
    const sha256 = sha256Hex(yaml);
    // The review question validate returns for this draft and registry (the model asks it unchanged).
    const expected = await validate.run(validate.args.parse({ max_usd_per_run: CEILING }), memoryScriptContext({ 'drafts/playbook.yaml': yaml, 'design/registry.json': JSON.stringify({ tools: seen.registry }) }));
    expect(expected).toMatchObject({ valid: true, errors: [], sha256 });

    const phase1: TestTurn[] = [
      ...turnsUpToValidation(seen, yaml),
      done('The draft validates: slack.send_message is approve, destructive dry_run_then_approve, budget $0.08 within $2.', { validation: { valid: true, sha256 } }),
      // review-draft: the review question (outline and diff), the answer, the decision.
      { tool_calls: [{ tool: 'skill.assistant-design.validate', args: { max_usd_per_run: CEILING } }] },
      { tool_calls: [{ tool: 'kbagent.human_in_loop', args: { prompt: expected.question!.prompt, kind: 'radio', options: expected.question!.options } }] },
      { tool_calls: [{ tool: 'skill.assistant-design.finalize', args: { answer: 'accept', answered_by: user.id, max_usd_per_run: CEILING } }] },
      done('The requester accepted the draft.', { decision: { decision: 'accept', sha256, create: [{ path: 'drafts/playbook.yaml', sha256 }] } }),
      // create-draft: one call, held for approval after its dry run.
      { tool_calls: [{ tool: 'kbagent.playbook.create_draft', args: { path: 'drafts/playbook.yaml', sha256 } }] },
      // The first request after the creation: rate limited for an hour (the test's hold, see the header).
      { error: { status: 429, headers: { 'retry-after': '3600' } } },
      { error: { status: 429, headers: { 'retry-after': '3600' } } },
    ];
    const scenario = await scriptModel(phase1);
    const before = await playbookIds(user);
    const { forkId, runId } = await start(user, scenario.model('gpt-4o-mini'));

    // The interview's question is the model's own, about what the description leaves open.
    let run = await drive(runId, user);
    expect(run.steps.map((s: any) => s.mode)).toEqual(Array(8).fill('agent'));
    const asked = run.questions.find((q: any) => q.status === 'pending');
    expect(asked).toMatchObject({ kind: 'radio', prompt: 'Which opportunities should the weekly message list as stale?' });
    run = await answer(user, runId, run, 'past-close');

    // The review question: the validator's outline of the model's draft and its diff.
    const review = run.questions.find((q: any) => q.status === 'pending');
    expect(review.options.map((o: any) => o.value)).toEqual(['accept', 'revise', 'discard']);
    for (const part of [`Goal: ${GOAL}`, '1. Export the opportunities [keboola.storage.tables]', '2. Find the stale open opportunities [sql.local, kbagent.workspace_artifact]', '3. Post the totals to the team leads [slack.send_message]', 'Triggers: manual; cron 0 8 * * 1 Europe/Prague', 'Budget: $0.08 per run', 'slack.send_message (external_send): approve', '--- /dev/null', '+name: Stale pipeline nudge']) {
      expect(review.prompt).toContain(part);
    }
    expect(await artifact(user, runId, 'drafts/playbook.yaml')).toBe(yaml);
    expect(JSON.parse(await artifact(user, runId, 'design/validation.json'))).toMatchObject({ valid: true, errors: [], sha256 });
    expect(JSON.parse(await artifact(user, runId, 'design/dry-read.json'))).toMatchObject({ passed: true, checks: [{ table: TABLE, passed: true, rows_previewed: 10, missing_columns: [] }] });
    run = await answer(user, runId, run, 'accept');

    // The creation waits for a person after its dry run, which shows the exact document; nothing exists yet.
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: 'kbagent.playbook.create_draft', risk: 'write', payload: { args: { path: 'drafts/playbook.yaml', sha256 } } });
    expect(approval.dry_run_result).toMatchObject({ dry_run: true, valid: true, errors: [], sha256, would_create: { name: 'Stale pipeline nudge', steps: ['export', 'find-stale', 'notify'], owner: user.id, status: 'draft' } });
    const diff: string = approval.dry_run_result.diff;
    const lines = diff.split('\n');
    expect(lines.slice(0, 3)).toEqual(['--- /dev/null', '+++ b/drafts/playbook.yaml', `@@ -0,0 +1,${yaml.trimEnd().split('\n').length} @@`]);
    expect(lines.slice(3).filter((l) => l.startsWith('+')).map((l) => l.slice(1)).join('\n')).toBe(yaml.trimEnd());
    expect((await playbookIds(user)).filter((id) => !before.includes(id))).toEqual([forkId]);

    // Approve; the commit creates the Playbook, then the model is held at its next request.
    const approved = await approve(user, approval);
    expect(approved.status, await approved.clone().text()).toBe(200);
    for (let i = 0; (await scenario.requests()).length < phase1.length - 1; i++) {
      expect(i, 'the model was not asked after the creation').toBeLessThan(100);
      await runDurableObjectAlarm(runStub(runId));
      await sleep(50);
    }
    const requested = await scenario.requests();
    run = await json(await call('GET', `/runs/${runId}`, user));
    const creations = run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.playbook.create_draft');
    expect(creations.map((c: any) => c.status)).toEqual(['done']);
    const created = creations[0].result;
    expect(created).toMatchObject({ revision: 1, status: 'draft', name: 'Stale pipeline nudge', created_by: user.id, sha256 });

    // The rest of the script, now that the id exists: the model reports it and packages the outcome.
    await scriptModel([
      done('Created the draft Playbook.', { create: [created] }),
      { tool_calls: [{ tool: 'skill.assistant-design.package', args: { decision: 'accept', created: [{ playbook_id: created.playbook_id, revision: created.revision, status: created.status }] } }] },
      done('playbook.yaml, README.md and risk-review.md written.', { files: ['playbook.yaml', 'README.md', 'risk-review.md'] }),
    ], scenario.name);
    run = await drive(runId, user);
    expect(run.status, stepsOf(run)).toBe('done');
    expect(run.steps.every((s: any) => s.mode === 'agent' && s.status === 'done'), stepsOf(run)).toBe(true);
    expect(run.budget.spent_usd).toBeGreaterThan(0);
    // No call the model made was refused or failed: each step's instruction can be followed with its tools.
    expect(run.tool_calls.filter((c: any) => c.status !== 'done').map((c: any) => [c.tool_id, c.status, c.error])).toEqual([]);

    // The model did each step: every step sent requests, offered the step's own tools.
    const requests = [...requested, ...(await scenario.requests())];
    expect(requests).toHaveLength(phase1.length - 1 + 3);
    const byStep = requestsByStep(requests);
    expect([...byStep.keys()]).toEqual(STEP_TITLES);
    expect(offered(byStep.get('Inventory tables, tools and connections')![0]!)).toEqual(expect.arrayContaining([wireToolName('kbagent.tool_broker.discover'), wireToolName('keboola.storage.tables')]));
    expect(offered(byStep.get('Review the draft with the requester')![0]!)).toEqual(expect.arrayContaining([wireToolName('skill.assistant-design.validate'), wireToolName('skill.assistant-design.finalize'), wireToolName('kbagent.human_in_loop')]));
    expect(offered(byStep.get('Create the draft Playbook after approval')![0]!)).toContain(wireToolName('kbagent.playbook.create_draft'));
    // What the model saved as the registry is what discover answered it, each answer whole.
    const inventoryRequests = byStep.get('Inventory tables, tools and connections')!;
    const answers = toolResults(inventoryRequests.at(-1)!, 'kbagent.tool_broker.discover');
    expect(answers).toHaveLength(DISCOVER.length);
    for (const [i, text] of answers.entries()) {
      expect(text).not.toContain('[output truncated');
      expect(resultJson(text)).toEqual(seen.discovered[i]);
    }
    expect(JSON.parse(await artifact(user, runId, 'design/registry.json'))).toEqual({ tools: seen.registry });
    // The run's discover calls are real broker calls.
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.tool_broker.discover').map((c: any) => c.args)).toEqual(DISCOVER.map((d) => ({ limit: 100, ...d })));

    // The new Playbook: a draft of this user's, exactly the model's document, not a template.
    expect((await playbookIds(user)).filter((id) => !before.includes(id)).sort()).toEqual([forkId, created.playbook_id].sort());
    const record = await json(await call('GET', `/playbooks/${created.playbook_id}`, user));
    expect(record).toMatchObject({ id: created.playbook_id, status: 'draft', revision: 1, created_by: user.id, name: 'Stale pipeline nudge' });
    expect(record.spec).toEqual(PlaybookSpec.parse(parseYaml(yaml)));
    expect(record.spec.sop.goal).toBe(GOAL);
    expect(record.spec.sop.steps.map((s: any) => s.id)).toEqual(['export', 'find-stale', 'notify']);
    expect(record.spec.triggers).toEqual([{ type: 'manual', enabled: true }, { type: 'cron', id: 'weekly', enabled: true, expression: '0 8 * * 1', timezone: 'Europe/Prague' }]);
    // Every tool it names is in the live registry (GET /tools), and the API's validator passes it.
    const live = (await json(await call('GET', '/tools', user))).tools.map((t: any) => t.id);
    const named = [...new Set(record.spec.sop.steps.flatMap((s: any) => s.allowed_tools))] as string[];
    expect(named.sort()).toEqual(['kbagent.workspace_artifact', 'keboola.storage.tables', 'slack.send_message', 'sql.local']);
    for (const id of named) expect(live, id).toContain(id);
    expect(checkPlaybookDocument(record.yaml, registeredIn(live))).toMatchObject({ valid: true, errors: [] });

    // The package names the created draft; the review records who accepted which document.
    expect(await artifact(user, runId, 'playbook.yaml')).toBe(yaml);
    expect(await artifact(user, runId, 'README.md')).toContain(`Created as the draft Playbook \`${record.id}\` (revision 1)`);
    expect(await artifact(user, runId, 'risk-review.md')).toBe(RISK_REVIEW);
    expect(JSON.parse(await artifact(user, runId, 'design/review.json'))).toMatchObject({ decision: 'accept', decided_by: user.id, sha256 });
  }, 180_000);

  it('negative: the model drafts a tool the registry lacks; validation reports it, the step fails and nothing is created', async () => {
    const user = await createTestUser('author');
    const seen = await observe(user);
    const yaml = draftYaml('slack.send_digest');
    const problem = 'sop.steps[2].allowed_tools[0]: no tool "slack.send_digest" in the registry';
    // The same check the create tool (and so the API's registry check) makes.
    expect(checkPlaybookDocument(yaml, registeredIn(toolRegistry().keys())).errors).toEqual([{ path: 'sop.steps[2].allowed_tools[0]', message: 'no tool "slack.send_digest" in the registry' }]);

    const turns: TestTurn[] = [
      ...turnsUpToValidation(seen, yaml),
      { tool_calls: [{ tool: 'step.fail', args: { reason: `skill.assistant-design.validate: drafts/playbook.yaml is invalid: ${problem}` } }] },
    ];
    const scenario = await scriptModel(turns);
    const before = await playbookIds(user);
    const { forkId, runId } = await start(user, scenario.model('gpt-4o-mini'));
    const run = await answer(user, runId, await drive(runId, user), 'past-close');

    expect(run.status, stepsOf(run)).toBe('failed');
    expect(run.steps.find((s: any) => s.id === 'governance-review')).toMatchObject({ mode: 'agent', status: 'failed' });
    expect(run.steps.find((s: any) => s.id === 'governance-review').error).toContain(problem);
    const validation = JSON.parse(await artifact(user, runId, 'design/validation.json'));
    expect(validation).toMatchObject({ valid: false, errors: [{ path: 'sop.steps[2].allowed_tools[0]', message: 'no tool "slack.send_digest" in the registry' }] });
    // What the model read from validate is the same verdict.
    const last = (await scenario.requests()).at(-1)!;
    expect(resultJson(toolResults(last, 'skill.assistant-design.validate').at(-1)!)).toMatchObject({ valid: false, errors: validation.errors });
    expect(await scenario.requests()).toHaveLength(turns.length);
    // Nothing was created or asked for.
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.playbook.create_draft')).toEqual([]);
    expect(run.approvals).toEqual([]);
    expect((await playbookIds(user)).filter((id) => !before.includes(id))).toEqual([forkId]);
  }, 180_000);
});
