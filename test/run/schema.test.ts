import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import { schemaOf } from '../../src/storage/migrate';
import { createPlaybook, playbookWith, runStub, scriptedStep, startRun } from './drive';

/**
 * A new run object creates its schema in one script learned from the first object of the isolate
 * that replayed the migrations (src/storage/migrate.ts). Whichever way it was made, the schema is
 * the same, column by column.
 */
describe('run object schema', () => {
  it('a run created from the learned script has exactly the schema of one that replayed every migration', async () => {
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([scriptedStep('a', [{ tool: 'kbagent.log', args: { message: 'x' } }])]));
    const runs = [await startRun(author, playbookId), await startRun(author, playbookId), await startRun(author, playbookId)];
    const describe = (runId: string) => runInDurableObject(runStub(runId), async (_instance, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").toArray();
      return {
        ddl: schemaOf(state.storage.sql),
        columns: tables.map(({ name }) => [name, state.storage.sql.exec(`PRAGMA table_info(${name})`).toArray()]),
        version: state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value,
      };
    });
    const [first, ...others] = await Promise.all(runs.map(describe));
    expect(first!.ddl).toContain('CREATE TABLE');
    for (const other of others) expect(other).toEqual(first);
  });
});
