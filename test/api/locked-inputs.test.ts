/**
 * Locked inputs (the controller hand-off: the author's allocation SQL runs unchanged): someone who
 * may run a Playbook but not edit it cannot run it with a different value for an input its author
 * locked — 403 input_locked naming every such input, and nothing is created. Leaving the input out
 * or sending the author's value is fine; the owner and admins may change it. A webhook body cannot
 * change it either: the field is ignored and the author's value runs.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { createTriggered, runsOf, signedDelivery, triggeredPlaybook } from '../triggers/helpers';
import { api } from './contract';

const SQL = 'SELECT period, cost_center, product_id, amount AS allocated_amount\nFROM "in.c-finance.gl_costs"\nWHERE period = :period\n';
const TABLES = ['in.c-finance.gl_costs', 'in.c-finance.allocation_drivers'];
const INPUTS = [
  { name: 'period', type: 'string', required: true },
  { name: 'allocation_sql', type: 'text', required: true, locked: true, default: SQL },
  { name: 'source_tables', type: 'tables', locked: true, default: TABLES },
  { name: 'threshold', type: 'number', default: 5 },
];
const LOCKED_MESSAGE = 'Input "allocation_sql" is fixed by the Playbook\'s author; run without it to use the author\'s value';

let author: TestUser;
let runner: TestUser;
let colleague: TestUser;
let admin: TestUser;
let playbookId: string;

const start = (who: TestUser, inputs: Record<string, unknown>) => api('POST', `/playbooks/${playbookId}/run`, who, { json: { inputs } });
const runIds = async () => (await json(await api('GET', `/runs?playbook_id=${playbookId}`, author))).runs.map((r: { id: string }) => r.id);
/** The Tenant's run index rows for the Playbook: a refused start must not even take a run number. */
const indexRows = () =>
  runInDurableObject(env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID)), (_t: TenantObject, state) =>
    state.storage.sql.exec<{ number: number }>('SELECT number FROM runs WHERE playbook_id = ?', playbookId).toArray().length,
  );

beforeAll(async () => {
  author = await createTestUser('author');
  runner = await createTestUser('runner');
  colleague = await createTestUser('author');
  admin = await createTestUser('admin');
  const created = await api('POST', '/playbooks', author, { json: minimalPlaybook({ name: 'Allocation (locked SQL)', inputs: INPUTS }) });
  expect(created.status, await created.clone().text()).toBe(201);
  playbookId = (await json(created)).id;
  const shared = await api('PUT', `/playbooks/${playbookId}/sharing`, author, { json: { allowed_users: [runner.id, colleague.id] } });
  expect(shared.status).toBe(200);
});

describe('locked inputs', () => {
  it('a locked input without a default is a 422 naming inputs[i].default', async () => {
    const inputs = [{ name: 'period', type: 'string' }, { name: 'allocation_sql', type: 'text', locked: true }];
    const response = await api('POST', '/playbooks', author, { json: minimalPlaybook({ inputs }) });
    expect(response.status).toBe(422);
    const { error } = await json(response);
    expect(error.details.issues).toEqual([{ path: 'inputs[1].default', message: expect.stringContaining('locked input needs a default') }]);
    const unlocked = await api('POST', '/playbooks', author, { json: minimalPlaybook({ inputs: [{ ...inputs[1], locked: false }] }) });
    expect(unlocked.status).toBe(201);
    expect((await json(unlocked)).spec.inputs[0].locked).toBe(false);
  });

  it('a runner who changes the locked SQL gets 403 input_locked naming it, and no run is created', async () => {
    const before = await runIds();
    const rows = await indexRows();
    // One character more is a different query: strings compare exactly.
    for (const sql of ['DELETE FROM "in.c-finance.gl_costs"', `${SQL} `, SQL.trimEnd(), '']) {
      const refused = await start(runner, { period: '2026-10', allocation_sql: sql });
      expect(refused.status, JSON.stringify(sql)).toBe(403);
      expect((await json(refused)).error).toEqual({ code: 'input_locked', message: LOCKED_MESSAGE, details: { inputs: ['allocation_sql'] } });
    }
    expect(await runIds()).toEqual(before);
    expect(await indexRows()).toBe(rows);
  });

  it('names every changed locked input, compares lists deeply, and refuses before validating the rest', async () => {
    const before = await runIds();
    const refused = await start(runner, { allocation_sql: 'SELECT 1', source_tables: [...TABLES].reverse(), threshold: 'not a number' });
    expect(refused.status).toBe(403);
    const { error } = await json(refused);
    expect(error.details).toEqual({ inputs: ['allocation_sql', 'source_tables'] });
    expect(error.message).toBe('Inputs "allocation_sql", "source_tables" are fixed by the Playbook\'s author; run without them to use the author\'s values');
    // Another author the Playbook is shared with is still not its owner.
    expect((await start(colleague, { period: '2026-10', source_tables: ['in.c-finance.other'] })).status).toBe(403);
    expect(await runIds()).toEqual(before);
  });

  it('a runner who leaves the locked inputs out, or sends the author\'s values, runs with the author\'s values', async () => {
    for (const given of [{}, { allocation_sql: SQL, source_tables: [...TABLES] }, { allocation_sql: null }]) {
      const started = await start(runner, { period: '2026-10', threshold: 7, ...given });
      expect(started.status, JSON.stringify(given)).toBe(201);
      const run = await json(started);
      expect(run.inputs).toEqual({ period: '2026-10', allocation_sql: SQL, source_tables: TABLES, threshold: 7 });
      expect(run.created_by).toBe(runner.id);
      expect(await runIds()).toContain(run.id);
    }
  });

  it('the owner and an admin may run with a different value', async () => {
    for (const who of [author, admin]) {
      const sql = `-- tried by ${who.id}\n${SQL}`;
      const started = await start(who, { period: '2026-10', allocation_sql: sql, source_tables: ['in.c-finance.gl_costs'] });
      expect(started.status, who.role).toBe(201);
      expect((await json(started)).inputs).toMatchObject({ allocation_sql: sql, source_tables: ['in.c-finance.gl_costs'] });
    }
  });

  it('a webhook field for a locked input is ignored: the run starts (as the owner) with the author\'s value', async () => {
    const doc = triggeredPlaybook([{ type: 'manual' }, { type: 'http_webhook', id: 'close' }], INPUTS);
    const { id, body } = await createTriggered(author, doc);
    const { secret, webhook_path: path } = body.trigger_secrets[0];
    const { res } = await signedDelivery(path, secret, { period: '2026-10', allocation_sql: 'DELETE FROM "in.c-finance.gl_costs"', threshold: 9 });
    expect(res.status).toBe(202);
    const runs = await runsOf(author, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: { type: 'http_webhook' }, created_by: author.id });
    expect(runs[0].inputs).toEqual({ period: '2026-10', allocation_sql: SQL, source_tables: TABLES, threshold: 9 });
  });
});
