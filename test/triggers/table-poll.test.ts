import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import type { TableInfo } from '../../src/connections/keboola/backend';
import { fireDueTriggers, type TableSource } from '../../src/triggers/alarm';
import { startTriggeredRun } from '../../src/triggers/fire';
import { TriggerStore } from '../../src/triggers/store';
import { createTriggered, runsOf, setNextFire, tenant, triggeredPlaybook, triggersOf } from './helpers';

/** A KeboolaBackend-shaped table source whose lastImportDate the test moves. */
function fakeTables(): TableSource & { imported: string | null; polls: number; fail?: string } {
  const source = {
    imported: null as string | null,
    polls: 0,
    fail: undefined as string | undefined,
    async tableDetail(tableId: string): Promise<TableInfo> {
      source.polls += 1;
      if (source.fail) throw new Error(source.fail);
      return {
        id: tableId, name: 'remittances', bucket: 'in.c-bank', columns: ['id'], primary_key: ['id'], rows_count: 1, data_size_bytes: 10,
        last_import_date: source.imported, last_change_date: source.imported,
      };
    },
  };
  return source;
}

/**
 * The Tenant alarm's work with an injected table source (the real Keboola and sample backends are
 * another module's; this tests the polling rule against the KeboolaBackend interface).
 */
async function poll(triggerId: string, tables: TableSource): Promise<void> {
  await setNextFire(triggerId, Date.now() - 1);
  await runInDurableObject(tenant(), async (_instance, state) => {
    const store = new TriggerStore(state.storage.sql, state.storage);
    await fireDueTriggers({ store, now: Date.now(), start: (t, inputs, mode) => startTriggeredRun(env, t, inputs, mode), tables: () => tables });
  });
}

describe('keboola.table_updated triggers', () => {
  it('fire once per advance of lastImportDate past the stored value, naming the trigger', async () => {
    const author = await createTestUser('author');
    const { id: playbookId } = await createTriggered(author, triggeredPlaybook(
      [{ type: 'keboola.table_updated', id: 'new-remittances', table_id: 'in.c-bank.remittances', poll_seconds: 300 }],
      [{ name: 'table_id', type: 'string' }],
    ));
    const [trigger] = await triggersOf(author, playbookId);
    // The first poll is one interval out, and the watermark starts at registration.
    expect(Date.parse(trigger.next_fire_at) - Date.now()).toBeGreaterThan(290_000);
    expect(Date.parse(trigger.watermark)).toBeLessThanOrEqual(Date.now());
    const tables = fakeTables();

    // An import from before the trigger existed does not fire.
    tables.imported = '2020-01-01T00:00:00+0100';
    await poll(trigger.id, tables);
    expect(tables.polls).toBe(1);
    expect(await runsOf(author, playbookId)).toHaveLength(0);

    // An import after it does, once.
    tables.imported = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, '+0000');
    await poll(trigger.id, tables);
    await poll(trigger.id, tables);
    let runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: { type: 'keboola.table_updated', id: trigger.id }, inputs: { table_id: 'in.c-bank.remittances' } });
    expect((await triggersOf(author, playbookId))[0]).toMatchObject({ watermark: tables.imported, last_run_id: runs[0].id });

    // The next advance fires again.
    tables.imported = new Date(Date.now() + 60_000).toISOString();
    await poll(trigger.id, tables);
    runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(2);
    expect(tables.polls).toBe(4);
  });

  it('records a failed poll on the trigger and keeps polling', async () => {
    const author = await createTestUser('author');
    const { id: playbookId } = await createTriggered(author, triggeredPlaybook([{ type: 'keboola.table_updated', table_id: 'in.c-bank.missing' }]));
    const [trigger] = await triggersOf(author, playbookId);
    const tables = fakeTables();
    tables.fail = 'Table in.c-bank.missing was not found';
    await poll(trigger.id, tables);
    const after = (await triggersOf(author, playbookId))[0];
    expect(after.last_error).toMatch(/Polling in.c-bank.missing failed: Table in.c-bank.missing was not found/);
    expect(Date.parse(after.next_fire_at)).toBeGreaterThan(Date.now());
    expect(await runsOf(author, playbookId)).toHaveLength(0);
  });
});
