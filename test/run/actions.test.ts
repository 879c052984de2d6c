/**
 * Scripted-action features the blueprints rely on: for_each over a list input, references to
 * earlier actions of the same step, grid questions with per-row comments, free-text comments
 * (`${{ questions.<id>.comment }}`, with who answered and when), the run's spend in `${{ run.* }}`, and a tool call spanning units.
 */
import { describe, expect, it } from 'vitest';
import { runInDurableObject } from 'cloudflare:test';
import { call, createTestUser, json } from '../helpers';
import { createPlaybook, drive, playbookWith, runStub, scriptedStep, startRun } from './drive';

const TABLES = ['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users'];

describe('scripted actions', () => {
  it('for_each calls the tool once per item and outputs the list; later actions of the step read it', async () => {
    const user = await createTestUser('author');
    const playbook = playbookWith(
      [
        scriptedStep('export', [
          { id: 'files', tool: 'keboola.storage.tables', for_each: '${{ inputs.tables }}', args: { action: 'export', table_id: '${{ item }}', save_as: 'exports/${{ item }}.csv' } } as never,
          { id: 'note', tool: 'kbagent.log', args: { message: 'last: ${{ steps.export.outputs.files[2].saved_as }}' } },
          { id: 'all', tool: 'kbagent.log', args: { message: 'all: ${{ steps.export.outputs.files[*].saved_as }}' } },
        ]),
      ],
      { inputs: [{ name: 'tables', type: 'tables', default: TABLES }] },
    );
    const run = await drive(await startRun(user, await createPlaybook(user, playbook)), user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => s.error))).toBe('done');
    const files = run.steps[0].outputs.files;
    expect(files.map((f: any) => f.table_id)).toEqual(TABLES);
    expect(files.map((f: any) => f.saved_as)).toEqual(TABLES.map((t) => `exports/${t}.csv`));
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'keboola.storage.tables')).toHaveLength(3);
    // [*] maps the rest of the path over the list.
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.log').map((c: any) => c.args.message)).toEqual([
      'last: exports/in.c-zendesk.users.csv',
      `all: ${JSON.stringify(TABLES.map((t) => `exports/${t}.csv`))}`,
    ]);

    // An empty list makes no calls and outputs [] (here the next action then finds no files[2], and says so).
    const empty = await drive(await startRun(user, await createPlaybook(user, playbook), { tables: [] }), user);
    expect(empty.tool_calls.filter((c: any) => c.tool_id === 'keboola.storage.tables')).toHaveLength(0);
    expect(empty.steps[0].error).toContain('"${{ steps.export.outputs.files[2].saved_as }}" has no value (no "2")');
  });

  it('refuses at save: item outside for_each, for_each that is not one reference, a later action of the same step', async () => {
    const user = await createTestUser('author');
    const bad = playbookWith([
      scriptedStep('s', [
        { id: 'a', tool: 'kbagent.log', args: { message: '${{ item }} ${{ steps.s.outputs.b }}' } },
        { id: 'b', tool: 'kbagent.log', for_each: 'inputs.x', args: { message: 'x' } } as never,
      ]),
    ]);
    const res = await call('POST', '/playbooks', user, { json: bad });
    expect(res.status).toBe(422);
    const text = JSON.stringify(await json(res));
    expect(text).toContain('exists only in actions with for_each');
    expect(text).toContain('must name an earlier action id of this step');
    expect(text).toContain('for_each must be exactly one reference');
  });

  it('grid questions take one choice per row with comments; a text comment reaches ${{ questions.<id>.comment }}; run spend is readable', async () => {
    const user = await createTestUser('author');
    const playbook = playbookWith([
      scriptedStep('ask', [
        { id: 'classify', tool: 'kbagent.human_in_loop', args: { prompt: 'Classify', kind: 'grid', options: ['trend', 'one-off'], rows: [{ value: 'P1', label: 'P1 +12 %' }, { value: 'P2', label: 'P2 -8 %' }] } },
        { id: 'ok', tool: 'kbagent.human_in_loop', args: { prompt: 'Proceed?', kind: 'radio', options: ['yes', { value: 'other', label: 'Something else', detail: 'say what', requires_comment: true }] } },
      ]),
      scriptedStep('use', [
        { id: 'note', tool: 'kbagent.log', args: { message: '${{ answers.ok }} because ${{ questions.ok.comment }} (${{ questions.ok.answered_by }}); spent ${{ run.cost_usd }} USD, ${{ run.tokens }} tokens; ${{ run.url }}' } },
        { id: 'echo', tool: 'kbagent.log', args: { message: 'grid: ${{ answers.classify }}' } },
      ]),
    ]);
    const runId = await startRun(user, await createPlaybook(user, playbook));
    let run = await drive(runId, user);
    const grid = run.questions.find((q: any) => q.status === 'pending');
    expect(grid).toMatchObject({ kind: 'grid', rows: [{ value: 'P1' }, { value: 'P2' }] });

    const answer = (body: Record<string, unknown>) => call('POST', `/runs/${runId}/input`, user, { json: { question_id: grid.id, ...body } });
    // Every row exactly once, choices from the options: each mistake is a 400 naming it, and nothing changes.
    const missing = await answer({ answer: [{ row: 'P1', choice: 'trend' }] });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.message).toContain('missing: P2');
    const wrongChoice = await answer({ answer: [{ row: 'P1', choice: 'trend' }, { row: 'P2', choice: 'acquisition' }] });
    expect(wrongChoice.status).toBe(400);
    expect((await json(wrongChoice)).error.message).toContain('Row P2: the choice must be one of: trend, one-off');
    expect((await answer({ answer: [{ row: 'P1', choice: 'trend' }, { row: 'P1', choice: 'trend' }, { row: 'P2', choice: 'trend' }] })).status).toBe(400);
    expect((await json(await call('GET', `/runs/${runId}`, user))).questions[0].status).toBe('pending');

    expect((await answer({ answer: [{ row: 'P2', choice: 'one-off', comment: 'promo month' }, { row: 'P1', choice: 'trend' }] })).status).toBe(200);
    run = await drive(runId, user);
    const radio = run.questions.find((q: any) => q.status === 'pending');
    expect((await call('POST', `/runs/${runId}/input`, user, { json: { question_id: radio.id, answer: 'yes', comment: 'x'.repeat(2001) } })).status).toBe(422);
    // An option that needs a comment is refused without one, and nothing changes.
    const bare = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: radio.id, answer: 'other', comment: ' ' } });
    expect(bare.status).toBe(400);
    expect((await json(bare)).error.message).toBe('"Something else" needs a comment with the answer: say what');
    expect((await json(await call('GET', `/runs/${runId}`, user))).questions.find((q: any) => q.id === radio.id).status).toBe('pending');
    expect((await call('POST', `/runs/${runId}/input`, user, { json: { question_id: radio.id, answer: 'yes', comment: 'numbers reconciled' } })).status).toBe(200);
    run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => s.error))).toBe('done');
    expect(run.steps[0].outputs.classify).toEqual([{ row: 'P1', choice: 'trend' }, { row: 'P2', choice: 'one-off', comment: 'promo month' }]);
    expect(run.questions.find((q: any) => q.id === radio.id).comment).toBe('numbers reconciled');
    const logged = run.tool_calls.filter((c: any) => c.tool_id === 'kbagent.log').map((c: any) => c.args.message);
    // run.url: the run's page, absolute under PUBLIC_BASE_URL (http://studio.test in tests).
    expect(logged).toEqual([`yes because numbers reconciled (${user.id}); spent 0 USD, 0 tokens; http://studio.test/runs/${runId}`, 'grid: [{"row":"P1","choice":"trend"},{"row":"P2","choice":"one-off","comment":"promo month"}]']);
  });

  it('a compute tool that needs several units continues in fresh invocations, with progress events, to one result', async () => {
    const user = await createTestUser('author');
    const normalised = TABLES.map((t) => `normalised/${t}.csv`);
    const playbook = playbookWith(
      [
        scriptedStep('prepare', [
          { id: 'files', tool: 'keboola.storage.tables', for_each: '${{ inputs.tables }}', args: { action: 'export', table_id: '${{ item }}', save_as: 'exports/${{ item }}.csv' } } as never,
          { id: 'norm', tool: 'skill.schema-normalization.normalise', for_each: '${{ inputs.tables }}', args: { artifact: 'exports/${{ item }}.csv' } } as never,
        ], { skills: ['schema-normalization'] }),
        scriptedStep('resolve', [{ id: 'resolve', tool: 'skill.entity-resolution.resolve', args: { sources: normalised, calls_per_unit: 1 } }], { skills: ['entity-resolution'] }),
      ],
      { inputs: [{ name: 'tables', type: 'tables', default: TABLES }], skills: ['schema-normalization', 'entity-resolution'] },
    );
    const runId = await startRun(user, await createPlaybook(user, playbook));
    const run = await drive(runId, user);
    expect(run.status, JSON.stringify(run.tool_calls.find((c: any) => c.status === 'error'))).toBe('done');
    const resolveCall = run.tool_calls.find((c: any) => c.tool_id === 'skill.entity-resolution.resolve');
    expect(resolveCall.status).toBe('done');
    expect(run.tool_calls.filter((c: any) => c.tool_id === 'skill.entity-resolution.resolve')).toHaveLength(1);
    const events = await (await call('GET', `/runs/${runId}/events`, user)).text();
    const progress = [...events.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!)).filter((e) => e.type === 'tool_call_progress' && e.data.call_id === resolveCall.call_id);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeGreaterThan(2); // adding in chunks, then blocking and comparing
    expect(progress.at(-1).data.progress).toMatchObject({ records: 2714 });
    expect(run.steps[1].outputs.resolve.stats.records).toBe(2714);
    // The checkpoint is stored on the call row between units; the tool's memory is released at the end.
    const checkpoint = await runInDurableObject(runStub(runId), async (_i, state) => state.storage.sql.exec<{ checkpoint: string | null }>('SELECT checkpoint FROM tool_calls WHERE call_id = ?', resolveCall.call_id).toArray()[0]!.checkpoint);
    expect(JSON.parse(checkpoint!)).toMatchObject({ records: 2714 });
  });
});
