import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser, type TestUser } from '../helpers';
import { api } from '../api/contract';
import { fireDueTriggers } from '../../src/triggers/alarm';
import { startTriggeredRun } from '../../src/triggers/fire';
import { TriggerStore } from '../../src/triggers/store';
import { createTriggered, runsOf, setNextFire, tenant, triggeredPlaybook, triggersOf } from './helpers';

const noTables = () => ({ tableDetail: () => Promise.reject(new Error('no table polling in this test')) });

/** Runs the Tenant's alarm work at a chosen instant, with the real registry and the real run start. */
async function fireAt(now: number): Promise<void> {
  await runInDurableObject(tenant(), async (_instance, state) => {
    const store = new TriggerStore(state.storage.sql, state.storage);
    await fireDueTriggers({ store, now, start: (t, inputs, mode) => startTriggeredRun(env, t, inputs, mode), tables: noTables });
  });
}

async function cronPlaybook(owner: TestUser, cron: Record<string, unknown>) {
  const { id } = await createTriggered(owner, triggeredPlaybook([{ type: 'cron', id: 'tick', ...cron }], [{ name: 'label', type: 'string' }]));
  const [trigger] = await triggersOf(owner, id);
  return { playbookId: id, trigger };
}

describe('cron triggers', () => {
  it('computes the next fire in the trigger time zone and fires on schedule as the owner, naming the trigger', async () => {
    const author = await createTestUser('author');
    const { playbookId, trigger } = await cronPlaybook(author, { expression: '0 9 * * *', timezone: 'Europe/Prague', inputs: { label: 'morning' } });
    const due = Date.parse(trigger.next_fire_at);
    // 09:00 in Prague is 07:00 or 08:00 UTC, depending on daylight saving time.
    expect(new Date(due).getUTCHours()).toBeOneOf([7, 8]);
    expect(new Date(due).getUTCMinutes()).toBe(0);
    expect(due).toBeGreaterThan(Date.now());

    await fireAt(due - 1);
    expect(await runsOf(author, playbookId)).toHaveLength(0);

    await fireAt(due);
    const runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: { type: 'cron', id: trigger.id }, created_by: author.id, inputs: { label: 'morning' } });
    const after = (await triggersOf(author, playbookId))[0];
    expect(Date.parse(after.next_fire_at) - due).toBeOneOf([23, 24, 25].map((h) => h * 3600_000));
    expect(after).toMatchObject({ last_run_id: runs[0].id, last_fired_at: new Date(due).toISOString() });

    // The same instant again finds the fire already taken: no second run.
    await fireAt(due);
    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });

  it('fires from the Durable Object alarm once its time has come', async () => {
    const author = await createTestUser('author');
    const { playbookId, trigger } = await cronPlaybook(author, { expression: '*/5 * * * *' });
    expect(Date.parse(trigger.next_fire_at) % 300_000).toBe(0);
    await setNextFire(trigger.id, Date.now() - 1000);
    expect(await runDurableObjectAlarm(tenant())).toBe(true);
    const runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toEqual({ type: 'cron', id: trigger.id });
    const next = Date.parse((await triggersOf(author, playbookId))[0].next_fire_at);
    expect(next).toBeGreaterThan(Date.now());
    expect(next - Date.now()).toBeLessThanOrEqual(300_000);
    // The alarm is re-armed for the earliest scheduled trigger.
    const alarm = await runInDurableObject(tenant(), (_i, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(next);
  });

  it('after downtime, a schedule that missed many fires runs once and resumes from now', async () => {
    const author = await createTestUser('author');
    const { playbookId, trigger } = await cronPlaybook(author, { expression: '* * * * *' });
    // Three days down: 4,320 minutely fires missed.
    await setNextFire(trigger.id, Date.now() - 3 * 24 * 3600_000);
    await runDurableObjectAlarm(tenant());
    await runDurableObjectAlarm(tenant());
    expect(await runsOf(author, playbookId)).toHaveLength(1);
    const next = Date.parse((await triggersOf(author, playbookId))[0].next_fire_at);
    expect(next).toBeGreaterThan(Date.now());
    expect(next - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('a disabled trigger is off the schedule; enabling it puts it back; only the owner or an admin may switch it', async () => {
    const author = await createTestUser('author');
    const admin = await createTestUser('admin');
    const runner = await createTestUser('runner');
    const { playbookId, trigger } = await cronPlaybook(author, { expression: '0 9 * * 1' });
    await api('PUT', `/playbooks/${playbookId}/sharing`, author, { json: { allowed_users: [runner.id] } });
    expect((await api('PATCH', `/playbooks/${playbookId}/triggers/${trigger.id}`, runner, { json: { enabled: false } })).status).toBe(403);
    const off = await api('PATCH', `/playbooks/${playbookId}/triggers/tick`, admin, { json: { enabled: false } });
    expect(off.status).toBe(200);
    const disabled = (await triggersOf(author, playbookId))[0];
    expect(disabled).toMatchObject({ enabled: false });
    expect(disabled.next_fire_at).toBeUndefined();
    await fireAt(Date.now() + 8 * 24 * 3600_000);
    expect(await runsOf(author, playbookId)).toHaveLength(0);
    await api('PATCH', `/playbooks/${playbookId}/triggers/${trigger.id}`, author, { json: { enabled: true } });
    expect((await triggersOf(author, playbookId))[0].next_fire_at).toBe(trigger.next_fire_at);
  });

  it('a schedule change in a new revision is recomputed; removing the trigger or deleting the Playbook stops it', async () => {
    const author = await createTestUser('author');
    const { playbookId, trigger } = await cronPlaybook(author, { expression: '0 9 * * 1' });
    await api('PATCH', `/playbooks/${playbookId}`, author, { json: { triggers: [{ type: 'cron', id: 'tick', expression: '30 18 * * *', timezone: 'UTC' }] } });
    // The registry follows the published revision: the new schedule counts once revision 2 is published.
    expect((await api('POST', `/playbooks/${playbookId}/publish`, author, { json: { revision: 2 } })).status).toBe(200);
    const moved = (await triggersOf(author, playbookId))[0];
    expect(moved.id).toBe(trigger.id);
    expect(new Date(moved.next_fire_at).toISOString()).toMatch(/T18:30:00\.000Z$/);
    await api('DELETE', `/playbooks/${playbookId}`, author);
    const left = await runInDurableObject(tenant(), (_i, state) => state.storage.sql.exec('SELECT COUNT(*) AS n FROM trigger_schedule WHERE trigger_id = ?', trigger.id).one().n);
    expect(left).toBe(0);
  });

  it('refuses a bad expression or time zone when the Playbook is saved', async () => {
    const author = await createTestUser('author');
    const bad = await api('POST', '/playbooks', author, { json: triggeredPlaybook([{ type: 'cron', expression: '0 25 * * *', timezone: 'UTC' }]) });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('triggers[0].expression');
    const zone = await api('POST', '/playbooks', author, { json: triggeredPlaybook([{ type: 'cron', expression: '0 9 * * *', timezone: 'Europe/Atlantis' }]) });
    expect(zone.status).toBe(422);
    expect(JSON.stringify(await zone.json())).toContain('triggers[0].timezone');
  });
});
