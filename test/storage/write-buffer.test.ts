import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import { WriteBuffer } from '../../src/storage/write-buffer';
import { createPlaybook, playbookWith, runStub, scriptedStep, startRun } from '../run/drive';

/** A real run object's SQLite, with a scratch table, and every statement the buffer sends counted. */
async function inRunObject<T>(work: (buffer: WriteBuffer, sql: SqlStorage, statements: string[]) => Promise<T>): Promise<T> {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }])])));
  return runInDurableObject(runStub(runId), async (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS scratch (seq INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)');
    const statements: string[] = [];
    const counted = { exec: (query: string, ...values: SqlStorageValue[]) => (statements.push(query), sql.exec(query, ...values)) } as unknown as SqlStorage;
    return work(new WriteBuffer(counted), sql, statements);
  });
}

const count = (sql: SqlStorage) => sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM scratch').one().n;

describe('WriteBuffer', () => {
  it('writes a task’s rows in as few statements as the 100-parameter limit allows, before the task ends', async () => {
    const result = await inRunObject(async (buffer, sql, statements) => {
      for (let i = 1; i <= 60; i++) {
        buffer.insert('scratch', { seq: i, a: `a${i}`, b: 'b', c: 'c' });
        await Promise.resolve(); // the unit's own awaits: the rows wait for them
      }
      const beforeTaskEnds = count(sql);
      await new Promise((resolve) => setTimeout(resolve, 0)); // the task ended: the rows are in
      return { beforeTaskEnds, after: count(sql), statements: statements.length, rows: sql.exec('SELECT seq, a FROM scratch ORDER BY seq').toArray() };
    });
    expect(result.beforeTaskEnds).toBe(0);
    expect(result.after).toBe(60);
    expect(result.statements).toBe(3); // 4 columns → 25 rows per statement
    expect(result.rows[59]).toEqual({ seq: 60, a: 'a60' });
  });

  it('flush writes at once, so a reader sees every row; a later add starts a new batch', async () => {
    const result = await inRunObject(async (buffer, sql, statements) => {
      buffer.insert('scratch', { seq: 1, a: 'a', b: 'b', c: 'c' });
      buffer.flush();
      const seen = count(sql);
      buffer.insert('scratch', { seq: 2, a: 'a', b: 'b', c: 'c' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { seen, after: count(sql), statements: statements.length };
    });
    expect(result).toEqual({ seen: 1, after: 2, statements: 2 });
  });

  it('changes to a row not yet written join its INSERT; changes to a stored row become one UPDATE; other tables wait', async () => {
    const result = await inRunObject(async (buffer, sql, statements) => {
      sql.exec("INSERT INTO scratch (seq, a, b, c) VALUES (1, 'stored', 'b', 'c')");
      buffer.insert('scratch', { seq: 2, a: 'new' }, 'seq');
      buffer.update('scratch', 'seq', 2, { b: 'joined' });
      buffer.update('scratch', 'seq', 2, { c: 'too' });
      buffer.update('scratch', 'seq', 1, { a: 'changed' });
      buffer.update('scratch', 'seq', 1, { b: 'twice' });
      sql.exec('CREATE TABLE IF NOT EXISTS scratch2 (x INTEGER)');
      buffer.insert('scratch2', { x: 1 });
      buffer.flush(['scratch']);
      const rows = sql.exec('SELECT seq, a, b, c FROM scratch ORDER BY seq').toArray();
      const waited = sql.exec('SELECT COUNT(*) AS n FROM scratch2').one().n;
      const flushedStatements = [...statements];
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { rows, statements: flushedStatements, waited, later: sql.exec('SELECT COUNT(*) AS n FROM scratch2').one().n };
    });
    expect(result.rows).toEqual([{ seq: 1, a: 'changed', b: 'twice', c: 'c' }, { seq: 2, a: 'new', b: 'joined', c: 'too' }]);
    expect(result.statements).toEqual(['INSERT INTO scratch (seq,a,b,c) VALUES (?, ?, ?, ?)', 'UPDATE scratch SET a = ?, b = ? WHERE seq = ?']);
    expect([result.waited, result.later]).toEqual([0, 1]);
  });

  it('a run’s events and audit chain are all there and verify after a 30-step run', async () => {
    const author = await createTestUser('author');
    const steps = Array.from({ length: 30 }, (_, i) => scriptedStep(`s${i}`, [{ tool: 'kbagent.log', args: { message: `${i}` } }]));
    const runId = await startRun(author, await createPlaybook(author, playbookWith(steps)));
    const stub = runStub(runId);
    const rpc = stub as unknown as { summary(): Promise<{ status: string }>; audit(): Promise<{ verification: unknown }> };
    for (let i = 0; i < 200 && (await rpc.summary()).status !== 'done'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const { events, audit } = await runInDurableObject(stub, async (_instance, state) => ({
      events: state.storage.sql.exec<{ seq: number; type: string }>('SELECT seq, type FROM events ORDER BY seq').toArray(),
      audit: state.storage.sql.exec<{ seq: number }>('SELECT seq FROM audit ORDER BY seq').toArray(),
    }));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'step_completed')).toHaveLength(30);
    expect(events.at(-1)!.type).toBe('status');
    expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i + 1));
    expect((await rpc.audit()).verification).toMatchObject({ ok: true, entries: audit.length });
  });
});
