/**
 * Issue 18: the trigger registry follows the published revision, never a draft. A fire runs the
 * published revision (src/triggers/fire.ts), so the triggers that can fire must be that revision's
 * too: a draft adding a cron trigger schedules nothing, a draft removing a webhook leaves it
 * answering, until someone publishes. Publishing an older revision (a rollback) re-syncs to it,
 * and a trigger keeps its id and secret across all of this.
 */
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser, json, type TestUser } from '../helpers';
import { api } from '../api/contract';
import { createTriggered, runsOf, signedDelivery, tenant, triggeredPlaybook, triggersOf } from './helpers';

const WEBHOOK = { type: 'http_webhook', id: 'orders' };
const CRON = { type: 'cron', id: 'tick', expression: '0 9 * * *', timezone: 'UTC' };

const edit = (who: TestUser, id: string, triggers: unknown[]) =>
  api('PATCH', `/playbooks/${id}`, who, { json: { triggers }, contentType: 'application/merge-patch+json' });

async function publish(who: TestUser, id: string, revision: number) {
  const res = await api('POST', `/playbooks/${id}/publish`, who, { json: { revision } });
  expect(res.status, await res.clone().text()).toBe(200);
  return json(res);
}

/** The registry as the Tenant keeps it: each trigger key with whether it is on the schedule. */
async function registry(playbookId: string): Promise<Record<string, boolean>> {
  const rows = await runInDurableObject(tenant(), (_i, state) =>
    state.storage.sql
      .exec<{ key: string; scheduled: number }>(
        'SELECT t.key, s.trigger_id IS NOT NULL AS scheduled FROM triggers t LEFT JOIN trigger_schedule s ON s.trigger_id = t.id WHERE t.playbook_id = ?',
        playbookId,
      )
      .toArray(),
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.scheduled === 1]));
}

describe('the trigger registry follows the published revision', () => {
  it('a draft adding a cron trigger schedules nothing until it is published', async () => {
    const author = await createTestUser('author');
    const { id } = await createTriggered(author, triggeredPlaybook([WEBHOOK]));
    expect(await registry(id)).toEqual({ orders: false });

    const drafted = await edit(author, id, [WEBHOOK, CRON]);
    expect(drafted.status).toBe(200);
    expect(await json(drafted)).toMatchObject({ revision: 2, published_revision: 1 });
    expect(await registry(id)).toEqual({ orders: false });
    expect((await triggersOf(author, id)).map((t) => t.key)).toEqual(['orders']);

    await publish(author, id, 2);
    expect(await registry(id)).toEqual({ orders: false, tick: true });
    expect((await triggersOf(author, id)).find((t) => t.key === 'tick').next_fire_at).toMatch(/T09:00:00\.000Z$/);
  });

  it('a draft removing a webhook leaves it answering, with the published revision, until it is published', async () => {
    const author = await createTestUser('author');
    const { id, body } = await createTriggered(author, triggeredPlaybook([WEBHOOK]));
    const hook = body.trigger_secrets[0];

    expect((await edit(author, id, [])).status).toBe(200);
    expect(await registry(id)).toEqual({ orders: false });
    const delivered = await signedDelivery(hook.webhook_path, hook.secret, {});
    expect(delivered.res.status).toBe(202);
    const runId = (await json(delivered.res)).run_id;
    expect((await runsOf(author, id)).find((r) => r.id === runId).revision).toBe(1);

    await publish(author, id, 2);
    expect(await registry(id)).toEqual({});
    expect((await signedDelivery(hook.webhook_path, hook.secret, {})).res.status).toBe(404);
  });

  it('publishing an older revision re-syncs the registry to it, keeping webhook ids and secrets', async () => {
    const author = await createTestUser('author');
    const { id, body } = await createTriggered(author, triggeredPlaybook([WEBHOOK, CRON]));
    const hook = body.trigger_secrets[0];
    const tickId = (await triggersOf(author, id)).find((t) => t.key === 'tick').id;

    // Revision 2 drops the cron trigger and renames nothing else; published, the schedule is gone.
    expect((await edit(author, id, [WEBHOOK])).status).toBe(200);
    const second = await publish(author, id, 2);
    expect(second.trigger_secrets).toBeUndefined();
    expect(await registry(id)).toEqual({ orders: false });

    // Rolling back to revision 1 brings the cron trigger back on the schedule (a new registration).
    await publish(author, id, 1);
    expect(await registry(id)).toEqual({ orders: false, tick: true });
    const back = await triggersOf(author, id);
    expect(back.find((t) => t.key === 'tick').id).not.toBe(tickId);
    // The webhook was in both revisions: same id, and its secret still signs deliveries.
    expect(back.find((t) => t.key === 'orders').id).toBe(hook.trigger_id);
    expect((await signedDelivery(hook.webhook_path, hook.secret, {})).res.status).toBe(202);
  });

  it('a Playbook created with ?publish=false registers nothing; publishing registers its triggers and shows each secret once', async () => {
    const author = await createTestUser('author');
    const created = await api('POST', '/playbooks?publish=false', author, { json: triggeredPlaybook([WEBHOOK, CRON]) });
    expect(created.status).toBe(201);
    const draft = await json(created);
    expect(draft.trigger_secrets).toBeUndefined();
    expect(await registry(draft.id)).toEqual({});

    const published = await publish(author, draft.id, 1);
    expect(published.trigger_secrets).toEqual([expect.objectContaining({ key: 'orders', type: 'http_webhook', secret: expect.stringMatching(/^whsec_/) })]);
    expect(await registry(draft.id)).toEqual({ orders: false, tick: true });
    // Publishing the same revision again re-syncs without issuing the secret again.
    expect((await publish(author, draft.id, 1)).trigger_secrets).toBeUndefined();
    expect((await signedDelivery(published.trigger_secrets[0].webhook_path, published.trigger_secrets[0].secret, {})).res.status).toBe(202);
  });
});
