import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { issueFor, waitingRun } from '../broker/tokens';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval } from './helpers';
import { dispatched } from './taint-matrix';

/**
 * Issue 11 item 2 and 5: a call's class is decided by what its arguments do, by parsing them —
 * a full load and a DELETE are destructive, a read is compute — for steps and run tokens alike.
 */

async function runOf(steps: unknown[]) {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, playbookWith(steps)));
  return { author, runId, run: await drive(runId, author) };
}

describe('risk by effect', () => {
  it('a read in the Keboola workspace runs; a DELETE there waits for a person, named destructive with the reason', async () => {
    const { run } = await runOf([scriptedStep('read', [{ id: 'q', tool: 'keboola.workspace.query', args: { sql: 'SELECT COUNT(*) AS n FROM "in.c-zendesk.users"' } }])]);
    expect(run.status).toBe('done');
    expect(run.tool_calls[0]).toMatchObject({ risk: 'compute', status: 'done' });

    const { run: deleting } = await runOf([scriptedStep('purge', [{ tool: 'keboola.workspace.query', args: { sql: '-- tidy up\nSELECT 1; DELETE FROM "in.c-zendesk.users"' } }])]);
    expect(deleting.status).toBe('waiting_for_approval');
    const approval = pendingApproval(deleting);
    expect(approval).toMatchObject({ risk: 'destructive', tool_id: 'keboola.workspace.query' });
    expect(approval.reason).toMatch(/DELETE removes rows/);
    expect(deleting.tool_calls[0]).toMatchObject({ risk: 'destructive', status: 'awaiting_approval' });
  });

  it('sql.local: CREATE in the run\'s own workspace runs, DROP needs approval', async () => {
    const { run } = await runOf([scriptedStep('make', [{ tool: 'sql.local', args: { statements: ['CREATE TABLE t AS SELECT 1 AS a', 'SELECT a FROM t'] } }])]);
    expect(run.status).toBe('done');
    expect(run.tool_calls[0].risk).toBe('write');
    const { run: dropping } = await runOf([scriptedStep('drop', [{ tool: 'sql.local', args: { statements: 'CREATE TABLE t (a); DROP TABLE t' } }])]);
    expect(dropping.status).toBe('waiting_for_approval');
    expect(pendingApproval(dropping).risk).toBe('destructive');
  });

  it('an incremental load is a write (dry run, no person); a full load is destructive (dry run, then a person)', async () => {
    const table = `out.c-effect.t${crypto.randomUUID().slice(0, 6).replace(/-/g, '')}`;
    const { run } = await runOf([scriptedStep('append', [{ tool: 'keboola.storage.write', args: { table_id: table, csv: 'a\n1\n', incremental: true } }])]);
    expect(run.status).toBe('done');
    expect(run.tool_calls[0]).toMatchObject({ risk: 'write', status: 'done' });

    const { author, runId, run: replacing } = await runOf([scriptedStep('replace', [{ tool: 'keboola.storage.write', args: { table_id: table, csv: 'a\n2\n' } }])]);
    const approval = pendingApproval(replacing);
    expect(approval).toMatchObject({ risk: 'destructive', reason: expect.stringContaining(`a full load replaces every row of ${table}`) });
    // The dry run says what the person is approving: this replaces the row the first run wrote.
    expect(approval.dry_run_result.would).toMatchObject({ action: 'import', incremental: false, replaces_rows: 1 });
    expect((await approveAndCommit(author, runId, approval)).status).toBe('done');
  });

  it('a run token capped at compute or write cannot run a DELETE or a full load through the token endpoint (403), and nothing runs', async () => {
    const author = await createTestUser('author');
    const run = await waitingRun(author, ['keboola.workspace.query', 'keboola.storage.write']);
    const computeToken = await issueFor(run, { allowed_tools: ['keboola.workspace.query'], allowed_risk_max: 'compute' });
    const del = await call('POST', '/tools/keboola.workspace.query/call', computeToken, { json: { args: { sql: 'DELETE FROM "in.c-zendesk.users"' } } });
    expect(del.status).toBe(403);
    expect((await json(del)).error.message).toMatch(/destructive here \(DELETE removes rows/);
    const read = await call('POST', '/tools/keboola.workspace.query/call', computeToken, { json: { args: { sql: 'SELECT 1 AS one' } } });
    expect((await json(read)).status).toBe('done');

    const writeToken = await issueFor(run, { allowed_tools: ['keboola.storage.write'], allowed_risk_max: 'write' });
    const full = await call('POST', '/tools/keboola.storage.write/call', writeToken, { json: { args: { table_id: 'out.c-effect.x', csv: 'a\n1\n' } } });
    expect(full.status).toBe(403);
    const detail = await json(await call('GET', `/runs/${run.id}`, author));
    expect(detail.tool_calls.filter((c: any) => c.tool_id === 'keboola.storage.write')).toEqual([]);
    expect(detail.tool_calls.filter((c: any) => c.tool_id === 'keboola.workspace.query').map((c: any) => c.status)).toEqual(['done']);
  });

  it('a run token allowed destructive calls still cannot full-load a table unapproved: it waits for a person, with the dry run, and nothing is written until then', async () => {
    const author = await createTestUser('author');
    const run = await waitingRun(author, ['keboola.storage.write']);
    const table = `out.c-effect.tok${crypto.randomUUID().slice(0, 6).replace(/-/g, '')}`;
    const token = await issueFor(run, { allowed_tools: ['keboola.storage.write'], allowed_risk_max: 'destructive' });
    const full = await call('POST', '/tools/keboola.storage.write/call', token, { json: { args: { table_id: table, csv: 'a\n1\n' } } });
    const body = await json(full);
    expect(full.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('awaiting_approval');
    const detail = await json(await call('GET', `/runs/${run.id}`, author));
    const approval = detail.approvals.find((a: any) => a.id === body.approval_id);
    expect(approval).toMatchObject({ risk: 'destructive', status: 'pending', reason: expect.stringContaining(`a full load replaces every row of ${table}`) });
    expect(approval.dry_run_result.would).toMatchObject({ action: 'create', incremental: false });
    expect(detail.tool_calls.find((c: any) => c.tool_id === 'keboola.storage.write')).toMatchObject({ risk: 'destructive', status: 'awaiting_approval' });
    expect(await dispatched(run.id, 'keboola.storage.write', table)).toBe(0);
  });
});
