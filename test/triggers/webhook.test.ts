import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser, call, json, type TestUser } from '../helpers';
import { api } from '../api/contract';
import { createTriggered, deliver, nowSeconds, runsOf, sign, signedDelivery, triggeredPlaybook, triggersOf } from './helpers';

const INPUTS = [{ name: 'region', type: 'string' }];

async function webhookPlaybook(owner: TestUser) {
  const { id, body } = await createTriggered(owner, triggeredPlaybook([{ type: 'manual' }, { type: 'http_webhook', id: 'orders' }], INPUTS));
  const issued = body.trigger_secrets[0];
  return { playbookId: id, triggerId: issued.trigger_id as string, secret: issued.secret as string, path: issued.webhook_path as string };
}

describe('http_webhook triggers (Standard Webhooks)', () => {
  it('shows the secret once, in the response that created the trigger', async () => {
    const author = await createTestUser('author');
    const { playbookId, triggerId, secret, path } = await webhookPlaybook(author);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(path).toBe(`/v1/agent-studio/hooks/${triggerId}`);
    const again = await json(await call('GET', `/playbooks/${playbookId}`, author));
    expect(again.trigger_secrets).toBeUndefined();
    const listed = await triggersOf(author, playbookId);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    expect(listed.find((t) => t.id === triggerId)).toMatchObject({ key: 'orders', type: 'http_webhook', enabled: true, available: true, has_secret: true, webhook_url: `http://studio.test${path}` });
    // An edit keeps the trigger's id and secret, and shows no secret.
    const edited = await json(await call('PATCH', `/playbooks/${playbookId}`, author, { json: { name: 'Renamed' } }));
    expect(edited.trigger_secrets).toBeUndefined();
    expect((await triggersOf(author, playbookId)).find((t) => t.key === 'orders').id).toBe(triggerId);
  });

  it('a signed delivery starts exactly one run, naming its trigger, with only the declared inputs', async () => {
    const author = await createTestUser('author');
    const { playbookId, triggerId, secret, path } = await webhookPlaybook(author);
    const { res } = await signedDelivery(path, secret, { region: 'emea', unrelated: { deep: true } });
    expect(res.status).toBe(202);
    const result = await json(res);
    expect(result).toMatchObject({ trigger_id: triggerId, started: [{ run_id: result.run_id, playbook_id: playbookId }] });
    const runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: result.run_id, trigger: { type: 'http_webhook', id: triggerId }, inputs: { region: 'emea' }, created_by: author.id });
    expect((await triggersOf(author, playbookId))[1]).toMatchObject({ last_run_id: result.run_id });
  });

  it('a replayed webhook-id, a bad signature, a stale or future timestamp and missing headers start nothing', async () => {
    const author = await createTestUser('author');
    const { playbookId, secret, path } = await webhookPlaybook(author);
    const first = await signedDelivery(path, secret, { region: 'emea' });
    expect(first.res.status).toBe(202);

    const replay = await signedDelivery(path, secret, { region: 'emea' }, { id: first.id });
    expect(replay.res.status).toBe(409);
    expect((await json(replay.res)).error).toMatchObject({ code: 'webhook_replayed', details: { run_id: (await json(first.res)).run_id } });

    const wrongKey = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const forged = await signedDelivery(path, wrongKey, { region: 'emea' });
    expect(forged.res.status).toBe(401);
    expect((await json(forged.res)).error.code).toBe('webhook_signature_invalid');

    const stale = await signedDelivery(path, secret, { region: 'emea' }, { timestamp: nowSeconds() - 301 });
    expect(stale.res.status).toBe(401);
    expect((await json(stale.res)).error.code).toBe('webhook_timestamp_out_of_tolerance');
    const future = await signedDelivery(path, secret, { region: 'emea' }, { timestamp: nowSeconds() + 301 });
    expect(future.res.status).toBe(401);

    const bare = await deliver(path, '{}');
    expect(bare.status).toBe(401);
    expect((await json(bare)).error).toMatchObject({ code: 'webhook_headers_missing', details: { missing: ['webhook-id', 'webhook-timestamp', 'webhook-signature'] } });

    // A body changed after signing no longer verifies.
    const ts = nowSeconds();
    const signedForEmea = await sign(secret, 'msg_tampered', ts, JSON.stringify({ region: 'emea' }));
    const tampered = await deliver(path, JSON.stringify({ region: 'apac' }), { 'webhook-id': 'msg_tampered', 'webhook-timestamp': String(ts), 'webhook-signature': signedForEmea });
    expect(tampered.status).toBe(401);

    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });

  it("a sender's retry hours later (re-signed, same webhook-id) names the run the first delivery started, and starts nothing", async () => {
    const author = await createTestUser('author');
    const { playbookId, path, secret } = await webhookPlaybook(author);
    const first = await signedDelivery(path, secret, { region: 'emea' });
    expect(first.res.status).toBe(202);
    // Two hours pass: move the remembered delivery's expiry back by as much.
    await runInDurableObject(env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID)), (_t, state) => {
      state.storage.sql.exec('UPDATE webhook_deliveries SET expires_at = expires_at - ? WHERE message_id = ?', 2 * 3600 * 1000, first.id);
    });
    const retry = await signedDelivery(path, secret, { region: 'emea' }, { id: first.id });
    expect(retry.res.status).toBe(409);
    expect((await json(retry.res)).error).toMatchObject({ code: 'webhook_replayed', details: { run_id: (await json(first.res)).run_id } });
    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });

  it('accepts any one valid signature among several (key rotation on the sender side)', async () => {
    const author = await createTestUser('author');
    const { secret, path } = await webhookPlaybook(author);
    const body = JSON.stringify({ region: 'emea' });
    const id = `msg_${crypto.randomUUID()}`;
    const ts = nowSeconds();
    const res = await deliver(path, body, { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,AAAA v2,zzz ${await sign(secret, id, ts, body)}` });
    expect(res.status).toBe(202);
  });

  it('rotating the secret shows the new one once and retires the old one; only the owner or an admin may', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const stranger = await createTestUser('author');
    const { playbookId, triggerId, secret, path } = await webhookPlaybook(author);
    await call('PUT', `/playbooks/${playbookId}/sharing`, author, { json: { allowed_users: [runner.id] } });
    expect((await api('POST', `/playbooks/${playbookId}/triggers/${triggerId}/secret`, runner)).status).toBe(403);
    expect((await api('POST', `/playbooks/${playbookId}/triggers/${triggerId}/secret`, stranger)).status).toBe(404);
    const rotated = await api('POST', `/playbooks/${playbookId}/triggers/${triggerId}/secret`, author);
    expect(rotated.status).toBe(201);
    const fresh = (await json(rotated)).secret;
    expect(fresh).not.toBe(secret);
    expect((await signedDelivery(path, secret, { region: 'emea' })).res.status).toBe(401);
    expect((await signedDelivery(path, fresh, { region: 'emea' })).res.status).toBe(202);
  });

  it('a disabled trigger, a deleted Playbook and an unknown id start nothing', async () => {
    const author = await createTestUser('author');
    const { playbookId, triggerId, secret, path } = await webhookPlaybook(author);
    const off = await api('PATCH', `/playbooks/${playbookId}/triggers/${triggerId}`, author, { json: { enabled: false } });
    expect(off.status).toBe(200);
    expect(await json(off)).toMatchObject({ enabled: false, enabled_in_playbook: true });
    const refused = await signedDelivery(path, secret, { region: 'emea' });
    expect(refused.res.status).toBe(409);
    expect((await json(refused.res)).error.code).toBe('trigger_unavailable');
    expect(await runsOf(author, playbookId)).toHaveLength(0);

    expect((await signedDelivery('/v1/agent-studio/hooks/trg_doesnotexist', secret, {})).res.status).toBe(404);
    await call('DELETE', `/playbooks/${playbookId}`, author);
    expect((await signedDelivery(path, secret, { region: 'emea' })).res.status).toBe(404);
  });

  it('refuses bodies that are not a JSON object, and inputs of the wrong type, without burning the webhook-id', async () => {
    const author = await createTestUser('author');
    const { playbookId, secret, path } = await webhookPlaybook(author);
    const ts = nowSeconds();
    const notJson = await deliver(path, 'not json', { 'webhook-id': 'msg_a', 'webhook-timestamp': String(ts), 'webhook-signature': await sign(secret, 'msg_a', ts, 'not json') });
    expect(notJson.status).toBe(400);
    const list = await deliver(path, '[1]', { 'webhook-id': 'msg_b', 'webhook-timestamp': String(ts), 'webhook-signature': await sign(secret, 'msg_b', ts, '[1]') });
    expect(list.status).toBe(422);
    const wrongType = await signedDelivery(path, secret, { region: 42 }, { id: 'msg_c' });
    expect(wrongType.res.status).toBe(422);
    expect((await signedDelivery(path, secret, { region: 'emea' }, { id: 'msg_c' })).res.status).toBe(202);
    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });
});
