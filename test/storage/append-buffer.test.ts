import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import { AppendBuffer } from '../../src/storage/append-buffer';
import { createPlaybook, playbookWith, runStub, scriptedStep, startRun } from '../run/drive';

/** A real run object's SQLite, with a scratch table, and every statement the buffer sends counted. */
async function inRunObject<T>(work: (buffer: AppendBuffer, sql: SqlStorage, statements: string[]) => Promise<T>): Promise<T> {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }])])));
  return runInDurableObject(runStub(runId), async (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS scratch (seq INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)');
    const statements: string[] = [];
    const counted = { exec: (query: string, ...values: SqlStorageValue[]) => (statements.push(query), sql.exec(query, ...values)) } as unknown as SqlStorage;
    return work(new AppendBuffer(counted), sql, statements);
  });
}

const count = (sql: SqlStorage) => sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM scratch').one().n;
const COLUMNS = ['seq', 'a', 'b', 'c'];

describe('AppendBuffer', () => {
  it('writes a task’s rows in as few statements as the 100-parameter limit allows, before the task ends', async () => {
    const result = await inRunObject(async (buffer, sql, statements) => {
      for (let i = 1; i <= 60; i++) {
        buffer.add('scratch', COLUMNS, [i, `a${i}`, 'b', 'c']);
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
      buffer.add('scratch', COLUMNS, [1, 'a', 'b', 'c']);
      buffer.flush();
      const seen = count(sql);
      buffer.add('scratch', COLUMNS, [2, 'a', 'b', 'c']);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { seen, after: count(sql), statements: statements.length };
    });
    expect(result).toEqual({ seen: 1, after: 2, statements: 2 });
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
