import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';

const CSV = 'region,amount\nnorth,10\nsouth,32\nnorth,5\n';

function threeStepPlaybook() {
  return playbookWith(
    [
      scriptedStep('prepare', [
        { id: 'note', tool: 'kbagent.log', args: { message: 'preparing ${{ inputs.label }}' } },
        { id: 'data', tool: 'kbagent.workspace_artifact', args: { path: 'data/sales.csv', content: CSV } },
      ]),
      scriptedStep('aggregate', [
        {
          id: 'totals',
          tool: 'sql.local',
          args: { load: [{ table: 'sales', artifact: '${{ steps.prepare.outputs.data.path }}' }], statements: 'SELECT region, SUM(amount) AS total FROM sales GROUP BY region ORDER BY region', save_as: 'out/totals.csv' },
        },
      ]),
      scriptedStep('report', [
        { id: 'md', tool: 'kbagent.workspace_artifact', args: { path: 'report.md', content: '# ${{ inputs.label }}\n\nRegions: ${{ steps.aggregate.outputs.totals.row_count }}\n' } },
      ]),
    ],
    { inputs: [{ name: 'label', type: 'string', required: true }] },
  );
}

describe('scripted runs', () => {
  it('runs several steps to done with events, outputs and artifacts', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, threeStepPlaybook());
    const runId = await startRun(author, playbookId, { label: 'Q3 sales' });
    const run = await drive(runId, author);

    expect(run.status).toBe('done');
    expect(run.steps.map((s: any) => s.status)).toEqual(['done', 'done', 'done']);
    expect(run.steps[1].outputs.totals.rows).toEqual([['north', 15], ['south', 32]]);
    expect(run.steps[1].outputs.totals.saved_as).toBe('out/totals.csv');

    const artifacts = await json(await call('GET', `/runs/${runId}/artifacts`, author));
    expect(artifacts.artifacts.map((a: any) => a.path).sort()).toEqual(['data/sales.csv', 'out/totals.csv', 'report.md']);
    const report = await call('GET', `/runs/${runId}/artifacts/report.md`, author);
    expect(report.status).toBe(200);
    expect(report.headers.get('etag')).toBeTruthy();
    expect(await report.text()).toBe('# Q3 sales\n\nRegions: 2\n');

    const events = await (await call('GET', `/runs/${runId}/events`, author)).text();
    const types = [...events.matchAll(/^id: \d+\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!).type);
    expect(types[0]).toBe('run_created');
    expect(types.filter((t) => t === 'step_completed')).toHaveLength(3);
    expect(types).toContain('note');
    expect(types[types.length - 1], JSON.stringify(types)).toBe('status');
    expect(events).toContain('event: end');
  });

  it('keeps the revision it started with when the Playbook is edited mid-run', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, threeStepPlaybook());
    const runId = await startRun(author, playbookId, { label: 'pinned' });
    const edited = await call('PATCH', `/playbooks/${playbookId}`, author, {
      json: { sop: { goal: 'changed', steps: [{ id: 'only', title: 'Only', instruction: 'x', completion_criteria: 'y', actions: [{ tool: 'kbagent.log', args: { message: 'rev2' } }], allowed_tools: ['kbagent.log'] }] } },
      contentType: 'application/merge-patch+json',
    });
    expect(edited.status).toBe(200);
    expect((await json(edited)).revision).toBe(2);
    const run = await drive(runId, author);
    expect(run.status).toBe('done');
    expect(run.revision).toBe(1);
    expect(run.steps).toHaveLength(3);
    const newRun = await drive(await startRun(author, playbookId, { label: 'rev2' }), author);
    expect(newRun.revision).toBe(2);
    expect(newRun.steps.map((s: any) => s.id)).toEqual(['only']);
  });

  it('refuses inputs that do not match the Playbook, naming the input', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, threeStepPlaybook());
    const missing = await call('POST', `/playbooks/${playbookId}/run`, author, { json: { inputs: {} } });
    expect(missing.status).toBe(422);
    expect((await json(missing)).error.details.issues[0].path).toBe('inputs.label');
    const unknown = await call('POST', `/playbooks/${playbookId}/run`, author, { json: { inputs: { label: 'x', extra: 1 } } });
    expect(unknown.status).toBe(422);
    const runs = await json(await call('GET', `/runs?playbook_id=${playbookId}`, author));
    expect(runs.runs).toHaveLength(0);
  });

  it('fails a step whose tool errors and applies on_failure: skip', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('broken', [{ tool: 'sql.local', args: { statements: 'SELECT * FROM no_such_table' } }], { on_failure: 'skip' }),
      scriptedStep('after', [{ tool: 'kbagent.log', args: { message: 'still here' } }]),
    ]));
    const run = await drive(await startRun(author, playbookId), author);
    expect(run.status).toBe('done');
    expect(run.steps[0].status).toBe('skipped');
    expect(run.steps[0].error).toMatch(/no such table/);
    expect(run.steps[1].status).toBe('done');
  });

  it('aborts on a failing step by default, with the reason on the run', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([scriptedStep('broken', [{ tool: 'sql.local', args: { statements: 'SELECT * FROM no_such_table' } }])]));
    const run = await drive(await startRun(author, playbookId), author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/broken/);
  });

  it('on_failure ask_user asks retry / skip / abort and does what the person chose', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('fragile', [{ tool: 'sql.local', args: { statements: 'SELECT * FROM missing' } }], { on_failure: 'ask_user' }),
      scriptedStep('after', [{ tool: 'kbagent.log', args: { message: 'after' } }]),
    ]));
    const answerAndDrive = async (runId: string, answer: string) => {
      const waiting = await drive(runId, author);
      expect(waiting.status).toBe('waiting_for_input');
      const q = waiting.questions.find((x: any) => x.status === 'pending');
      expect(q.options.map((o: any) => o.value)).toEqual(['retry', 'skip', 'abort']);
      expect(q.prompt).toMatch(/no such table: missing/);
      await call('POST', `/runs/${runId}/input`, author, { json: { question_id: q.id, answer } });
      return drive(runId, author);
    };
    const skipped = await answerAndDrive(await startRun(author, playbookId), 'skip');
    expect(skipped.status).toBe('done');
    expect(skipped.steps.map((s: any) => s.status)).toEqual(['skipped', 'done']);

    const retried = await startRun(author, playbookId);
    const second = await answerAndDrive(retried, 'retry');
    expect(second.status).toBe('waiting_for_input');
    expect(second.tool_calls.filter((c: any) => c.tool_id === 'sql.local')).toHaveLength(2);
    const aborted = await answerAndDrive(retried, 'abort');
    expect(aborted.status).toBe('failed');
  });

  it('sql.local runs one statement per batch of a table\'s rows and returns every batch\'s rows in turn; more than one statement is refused', async () => {
    const author = await createTestUser('author');
    const rows = Array.from({ length: 7 }, (_, i) => `r${i + 1},${i + 1}`).join('\n');
    const load = [{ table: 'items', artifact: 'data/items.csv' }];
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('data', [{ tool: 'kbagent.workspace_artifact', args: { path: 'data/items.csv', content: `name,amount\n${rows}\n` } }]),
      scriptedStep('sums', [
        { id: 'plain', tool: 'sql.local', args: { load, statements: 'SELECT count(*) AS n, sum(amount) AS total FROM batch', batch: { table: 'items', rows: 3 } } },
        { id: 'cte', tool: 'sql.local', args: { statements: 'WITH big AS (SELECT * FROM batch WHERE CAST(amount AS INTEGER) > 2) SELECT count(*) FROM big', batch: { table: 'items', rows: 5 } } },
      ]),
      scriptedStep('summed', [{ id: 'sum', tool: 'sql.local', args: { statements: 'SELECT count(*) AS n, sum(amount) AS total FROM batch', batch: { table: 'items', rows: 3, sum: true } } }]),
      scriptedStep('two', [{ tool: 'sql.local', args: { statements: ['SELECT 1 FROM batch', 'SELECT 2 FROM batch'], batch: { table: 'items', rows: 3 } } }], { on_failure: 'skip' }),
      scriptedStep('text', [{ tool: 'sql.local', args: { statements: 'SELECT name FROM batch', batch: { table: 'items', rows: 3, sum: true } } }], { on_failure: 'skip' }),
    ]));
    const run = await drive(await startRun(author, playbookId), author);
    expect(run.status).toBe('done');
    expect(run.steps[1].outputs.plain).toMatchObject({ columns: ['n', 'total'], rows: [[3, 6], [3, 15], [1, 7]], row_count: 3 });
    expect(run.steps[1].outputs.cte.rows).toEqual([[3], [2]]);
    // sum: the three batches' rows added up into one.
    expect(run.steps[2].outputs.sum).toMatchObject({ columns: ['n', 'total'], rows: [[7, 28]], row_count: 1 });
    expect(run.steps[3]).toMatchObject({ status: 'skipped', error: expect.stringMatching(/batch runs one statement; 2 were given/) });
    expect(run.steps[4]).toMatchObject({ status: 'skipped', error: expect.stringMatching(/batch.sum adds numbers, but column "name" holds "r1"/) });
  });

  it('sql.local loads a large CSV a part at a time: every row once, quoted line breaks kept, a bad row named by its number in the whole file', async () => {
    const author = await createTestUser('author');
    const rows = Array.from({ length: 2_500 }, (_, i) => (i === 1_200 ? `${i},"two\nlines"` : `${i},v${i}`));
    const good = `id,note\n${rows.join('\n')}\n`;
    const bad = `id,note\n${rows.map((r, i) => (i === 2_100 ? `${i},"unclosed` : r)).join('\n')}\n`;
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('data', [
        { tool: 'kbagent.workspace_artifact', args: { path: 'data/good.csv', content: good } },
        { tool: 'kbagent.workspace_artifact', args: { path: 'data/bad.csv', content: bad } },
      ]),
      scriptedStep('load', [
        { id: 'count', tool: 'sql.local', args: { load: [{ table: 'good', artifact: 'data/good.csv', index: ['id'] }], statements: "SELECT count(*), count(DISTINCT id), sum(note = 'two' || char(10) || 'lines') FROM good" } },
        { id: 'plan', tool: 'sql.local', args: { statements: "EXPLAIN QUERY PLAN SELECT note FROM good WHERE id = '7'" } },
      ]),
      scriptedStep('bad', [{ tool: 'sql.local', args: { load: [{ table: 'bad', artifact: 'data/bad.csv' }], statements: 'SELECT count(*) FROM bad' } }], { on_failure: 'skip' }),
      scriptedStep('no_column', [{ tool: 'sql.local', args: { load: [{ table: 'other', artifact: 'data/good.csv', index: ['ID'] }], statements: 'SELECT 1' } }], { on_failure: 'skip' }),
    ]));
    const run = await drive(await startRun(author, playbookId), author);
    expect(run.status).toBe('done');
    expect(run.steps[1].outputs.count.rows).toEqual([[2_500, 2_500, 1]]);
    expect(JSON.stringify(run.steps[1].outputs.plan.rows)).toContain('USING INDEX good_index (id=?)');
    expect(run.steps[2]).toMatchObject({ status: 'skipped', error: expect.stringMatching(/CSV for "bad" is invalid at row 2\d{3}/) });
    expect(run.steps[3]).toMatchObject({ status: 'skipped', error: expect.stringContaining('cannot index "other" on "ID": its columns are id, note') });
  });
});
