/**
 * Issue 12: the Tenant keeps GET /playbooks as JSON text per view (src/tenant/playbook-lists.ts)
 * until a write changes what it shows. Each test lists first (so a list is kept), makes one change
 * through the API or the Tenant's own alarm, and expects the very next list to show it.
 */
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { TenantObject } from '../../src/tenant/tenant-object';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { api } from './contract';
import { tenant, triggeredPlaybook, triggersOf } from '../triggers/helpers';

const listOf = async (who: TestUser): Promise<any[]> => {
  const response = await api('GET', '/playbooks', who);
  expect(response.status).toBe(200);
  return (await json(response)).playbooks;
};
const listed = async (who: TestUser, id: string) => (await listOf(who)).find((p) => p.id === id);

async function created(who: TestUser, doc = minimalPlaybook(), query = ''): Promise<any> {
  const response = await api('POST', `/playbooks${query}`, who, { json: doc });
  expect(response.status, await response.clone().text()).toBe(201);
  return json(response);
}

describe('the kept Playbook list', () => {
  it('is kept: a change made behind the stores\' back is not seen, the next write through them is', async () => {
    const author = await createTestUser('author');
    const pb = await created(author);
    expect((await listed(author, pb.id)).name).toBe('Weekly check');
    await runInDurableObject(tenant(), (_t: TenantObject, state) => {
      state.storage.sql.exec("UPDATE playbooks SET name = 'Behind its back' WHERE id = ?", pb.id);
    });
    expect((await listed(author, pb.id)).name).toBe('Weekly check');
    expect((await api('PATCH', `/playbooks/${pb.id}`, author, { json: { description: 'now' } })).status).toBe(200);
    expect(await listed(author, pb.id)).toMatchObject({ name: 'Weekly check', description: 'now', revision: 2 });
  });

  it('shows a create, an edit and a delete at once', async () => {
    const author = await createTestUser('author');
    await listOf(author);
    const pb = await created(author);
    expect(await listed(author, pb.id)).toMatchObject({ revision: 1 });
    expect((await api('PATCH', `/playbooks/${pb.id}`, author, { json: { name: 'Renamed' } })).status).toBe(200);
    expect(await listed(author, pb.id)).toMatchObject({ name: 'Renamed', revision: 2, published_revision: 1 });
    expect((await api('DELETE', `/playbooks/${pb.id}`, author)).status).toBe(204);
    expect(await listed(author, pb.id)).toBeUndefined();
  });

  it('follows sharing and publishing for each view: the owner\'s and a runner\'s lists differ and both move', async () => {
    const owner = await createTestUser('author');
    const runner = await createTestUser('runner', ['ops']);
    const pb = await created(owner);
    expect(await listed(runner, pb.id)).toBeUndefined();
    expect((await api('PUT', `/playbooks/${pb.id}/sharing`, owner, { json: { allowed_users: ['group:ops'] } })).status).toBe(200);
    expect(await listed(runner, pb.id)).toMatchObject({ revision: 1 });

    // A draft: the owner lists revision 2, the runner still the published 1; a publish moves the runner.
    expect((await api('PATCH', `/playbooks/${pb.id}`, owner, { json: { description: 'v2' } })).status).toBe(200);
    expect(await listed(owner, pb.id)).toMatchObject({ revision: 2, published_revision: 1 });
    expect(await listed(runner, pb.id)).toMatchObject({ revision: 1 });
    expect((await api('POST', `/playbooks/${pb.id}/publish`, owner, { json: { revision: 2 } })).status).toBe(200);
    expect(await listed(runner, pb.id)).toMatchObject({ revision: 2, published_revision: 2 });

    expect((await api('PUT', `/playbooks/${pb.id}/sharing`, owner, { json: { allowed_users: [] } })).status).toBe(200);
    expect(await listed(runner, pb.id)).toBeUndefined();
  });

  it('follows the next cron fire: a trigger switched off, and a fire by the alarm', async () => {
    const author = await createTestUser('author');
    const pb = await created(author, triggeredPlaybook([
      { type: 'cron', id: 'minutely', expression: '* * * * *', timezone: 'UTC' },
      { type: 'cron', id: 'yearly', expression: '0 8 1 1 *', timezone: 'UTC' },
    ]));
    expect((await listed(author, pb.id)).next_run.trigger).toBe('minutely');
    const minutely = (await triggersOf(author, pb.id)).find((t) => t.key === 'minutely');
    expect((await api('PATCH', `/playbooks/${pb.id}/triggers/${minutely.id}`, author, { json: { enabled: false } })).status).toBe(200);
    expect((await listed(author, pb.id)).next_run.trigger).toBe('yearly');
    expect((await api('PATCH', `/playbooks/${pb.id}/triggers/${minutely.id}`, author, { json: { enabled: true } })).status).toBe(200);
    const before = (await listed(author, pb.id)).next_run;
    expect(before.trigger).toBe('minutely');

    // Made due behind the stores' back, then a sharing change rebuilds the list: it shows the past time.
    const due = Date.now() - 1000;
    await runInDurableObject(tenant(), (_t: TenantObject, state) => {
      state.storage.sql.exec('UPDATE trigger_schedule SET next_fire_at = ? WHERE trigger_id = ?', due, minutely.id);
    });
    expect((await api('PUT', `/playbooks/${pb.id}/sharing`, author, { json: { allowed_users: [] } })).status).toBe(200);
    expect(Date.parse((await listed(author, pb.id)).next_run.at)).toBe(due);
    // The Tenant's own alarm fires it and moves it on: the next list shows the new time.
    await runInDurableObject(tenant(), (t: TenantObject) => t.alarm());
    expect(Date.parse((await listed(author, pb.id)).next_run.at)).toBeGreaterThan(Date.now());
  });
});
