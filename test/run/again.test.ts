import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';
import { approveAndCommit, pendingApproval, runSql } from '../governance/helpers';

/**
 * Issue 13, "no way back": run again, retry a failed run from a step with changed inputs, and fork
 * a run at a step to ask "what if" without touching anything outside the run until a person approves.
 */

const post = (user: TestUser, path: string, body: unknown) => call('POST', path, user, { json: body });

describe('run again', () => {
  it('with the original inputs (changed where asked), on the pinned revision or the current one', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith(
      [scriptedStep('note', [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'note.txt', content: 'hello ${{ inputs.who }} from ${{ inputs.where }}' } }])],
      { inputs: [{ name: 'who', type: 'string' }, { name: 'where', type: 'string' }] },
    ));
    const original = await drive(await startRun(author, playbookId, { who: 'ada', where: 'prague' }), author);
    expect(original.status).toBe('done');
    // The Playbook changes after the run: revision 2 says goodbye.
    const edited = await call('PATCH', `/playbooks/${playbookId}`, author, {
      json: { sop: { goal: 'g', steps: [scriptedStep('note', [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'note.txt', content: 'bye ${{ inputs.who }}' } }])] } },
      contentType: 'application/merge-patch+json',
    });
    expect(edited.status, await edited.clone().text()).toBe(200);

    const again = await post(author, `/runs/${original.id}/rerun`, { inputs: { who: 'carl' } });
    expect(again.status, await again.clone().text()).toBe(201);
    const pinned = await drive((await json(again)).id, author);
    expect(pinned).toMatchObject({ status: 'done', revision: 1, inputs: { who: 'carl', where: 'prague' }, trigger: { type: 'rerun', id: original.id } });
    expect(await (await call('GET', `/runs/${pinned.id}/artifacts/note.txt`, author)).text()).toBe('hello carl from prague');

    const current = await drive((await json(await post(author, `/runs/${original.id}/rerun`, { revision: 'current' }))).id, author);
    expect(current.revision).toBe(2);
    expect(await (await call('GET', `/runs/${current.id}/artifacts/note.txt`, author)).text()).toBe('bye ada');
    // Bad input is refused with the field named, and creates nothing.
    const before = (await json(await call('GET', `/runs?playbook_id=${playbookId}`, author))).runs.length;
    expect((await post(author, `/runs/${original.id}/rerun`, { revision: 'latest' })).status).toBe(422);
    expect((await post(author, `/runs/${original.id}/rerun`, { inputs: { nobody: 1 } })).status).toBe(422);
    expect((await json(await call('GET', `/runs?playbook_id=${playbookId}`, author))).runs.length).toBe(before);
  });
});

describe('retry from a step', () => {
  async function failing(author: TestUser) {
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('prepare', [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'people.csv', content: 'name,city\nada,prague\ncarl,brno\n' } }]),
      scriptedStep('query', [{ id: 'q', tool: 'sql.local', args: { statements: 'SELECT COUNT(*) AS n FROM ${{ inputs.table }}', load: [{ table: 'people', artifact: 'people.csv' }] } }]),
    ], { inputs: [{ name: 'table', type: 'string', default: 'peeple' }] }));
    const runId = await startRun(author, playbookId);
    return { playbookId, runId };
  }

  it('a failed run retried from the failing step with a corrected input: the earlier step is not run again, its file is there', async () => {
    const author = await createTestUser('author');
    const { runId } = await failing(author);
    const failed = await drive(runId, author);
    expect(failed.status).toBe('failed');

    const retried = await post(author, `/runs/${runId}/retry`, { from_step: 'query', inputs: { table: 'people' } });
    expect(retried.status, await retried.clone().text()).toBe(201);
    const done = await drive((await json(retried)).id, author);
    expect(done.status_reason ?? '').toBe('');
    expect(done).toMatchObject({ status: 'done', origin: { mode: 'retry', run_id: runId, from_step: 1, step_id: 'query' }, inputs: { table: 'people' } });
    // The first step's result is the original's, not a new call.
    expect(done.steps[0]).toMatchObject({ status: 'done', outputs: failed.steps[0].outputs });
    expect(done.tool_calls.filter((c: any) => c.tool_id === 'kbagent.workspace_artifact' && c.step_id === 'prepare')).toHaveLength(1);
    expect(done.steps[1].outputs.q.rows).toEqual([[2]]);
  });

  it('refuses a run that did not fail, an unknown step and a step after one that never finished', async () => {
    const author = await createTestUser('author');
    const ok = await drive(await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }])]))), author);
    const notFailed = await post(author, `/runs/${ok.id}/retry`, { from_step: 'a' });
    expect(notFailed.status).toBe(409);
    const { runId } = await failing(author);
    await drive(runId, author);
    const unknown = await post(author, `/runs/${runId}/retry`, { from_step: 'nope' });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error.details.issues[0]).toMatchObject({ path: 'from_step', message: 'must be one of: prepare, query' });
    expect((await post(author, `/runs/${runId}/retry`, { from_step: 'query', extra: 1 })).status).toBe(422);
    const stranger = await createTestUser('author');
    expect((await post(stranger, `/runs/${runId}/retry`, { from_step: 'query' })).status).toBe(404);
  });
});

describe('fork at a step', () => {
  it('a fork serves reads from the original record and writes nothing until a person approves it as new; the audit chains link', async () => {
    const author = await createTestUser('author');
    const table = `out.c-fork.t${crypto.randomUUID().slice(0, 6).replace(/-/g, '')}`;
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('seed', [{ tool: 'keboola.storage.write', args: { table_id: table, csv: 'v\nfirst\n', incremental: true } }]),
      scriptedStep('ask', [{ id: 'pick', tool: 'kbagent.human_in_loop', args: { prompt: 'Which?', kind: 'radio', options: ['a', 'b'] } }]),
      scriptedStep('read', [{ id: 'rows', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: table } }]),
      scriptedStep('write', [{ id: 'out', tool: 'keboola.storage.write', args: { table_id: table, csv: 'v\n${{ answers.pick }}\n', incremental: true } }]),
    ]));
    const runId = await startRun(author, playbookId);
    let original = await drive(runId, author);
    expect(original.status, JSON.stringify(original.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    await post(author, `/runs/${runId}/input`, { question_id: original.questions[0].id, answer: 'a' });
    original = await drive(runId, author);
    expect(original.status).toBe('done');
    const rowsAfterOriginal = await previewRows(author, table);
    expect(rowsAfterOriginal).toEqual(['first', 'a']);

    // Fork at the question, answer differently.
    const forked = await post(author, `/runs/${runId}/fork`, { from_step: 'ask' });
    expect(forked.status, await forked.clone().text()).toBe(201);
    const forkId = (await json(forked)).id;
    let fork = await drive(forkId, author);
    expect(fork.origin).toEqual({ mode: 'fork', run_id: runId, from_step: 1, step_id: 'ask' });
    expect(fork.status, `${fork.status_reason} ${JSON.stringify(fork.steps.map((s: any) => [s.id, s.status, s.error]))}`).toBe('waiting_for_input');
    await post(author, `/runs/${forkId}/input`, { question_id: fork.questions.find((q: any) => q.status === 'pending').id, answer: 'b' });
    fork = await drive(forkId, author);

    // The read was served from the original's record, not Keboola (which has changed since).
    const read = fork.tool_calls.find((c: any) => c.tool_id === 'keboola.storage.tables');
    expect(read.result).toEqual(original.tool_calls.find((c: any) => c.tool_id === 'keboola.storage.tables').result);
    expect(((await runSql(forkId, "SELECT COUNT(*) AS n FROM audit WHERE kind = 'replayed'")) as { n: number }[])[0]!.n).toBe(1);
    // The write waits for a person, after its dry run, and nothing reached Keboola.
    expect(fork.status).toBe('waiting_for_approval');
    const approval = pendingApproval(fork);
    expect(approval.payload.args.csv).toBe('v\nb\n');
    expect(approval.reason).toMatch(/fork of run .* nothing it writes or sends goes out until a person approves it as new/);
    expect(await previewRows(author, table)).toEqual(rowsAfterOriginal);
    // The original is untouched.
    expect(await json(await call('GET', `/runs/${runId}`, author))).toMatchObject({ status: 'done', updated_at: original.updated_at });

    const approved = await approveAndCommit(author, forkId, approval);
    expect(approved.status).toBe('done');
    expect(await previewRows(author, table)).toEqual(['first', 'a', 'b']);

    // Audit: the fork's chain starts by naming the original's head; both verify.
    const parentAudit = await json(await call('GET', `/runs/${runId}/audit`, author));
    const forkAudit = await json(await call('GET', `/runs/${forkId}/audit`, author));
    expect(parentAudit.verification.ok).toBe(true);
    expect(forkAudit.verification.ok).toBe(true);
    expect(forkAudit.entries[0]).toMatchObject({ kind: 'run_forked', data: { mode: 'fork', parent_run_id: runId, parent_audit_head: parentAudit.verification.head } });
  });
});

async function previewRows(user: TestUser, table: string): Promise<string[]> {
  const runId = await startRun(user, await createPlaybook(user, playbookWith([scriptedStep('look', [{ id: 'p', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: table } }])])));
  const run = await drive(runId, user);
  expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');
  return Papa.parse<{ v: string }>(run.steps[0].outputs.p.csv, { header: true, skipEmptyLines: true }).data.map((r) => r.v);
}
