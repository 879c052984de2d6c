import { env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { expectContract } from '../api/contract';
import { call, json, type TestUser } from '../helpers';
import { playbookWith, scriptedStep } from '../run/drive';

export function tenant() {
  return env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
}

/** A Playbook whose runs only write one workspace file, with the given triggers and inputs. */
export function triggeredPlaybook(triggers: unknown[], inputs: unknown[] = []) {
  return playbookWith([scriptedStep('note', [{ tool: 'kbagent.workspace_artifact', args: { path: 'note.txt', content: 'triggered' } }])], { triggers, inputs });
}

/** Creates the Playbook and returns its id with the response body (which carries any new trigger secrets). */
export async function createTriggered(user: TestUser, doc: Record<string, unknown>): Promise<{ id: string; body: any }> {
  const res = await call('POST', '/playbooks', user, { json: doc });
  if (res.status !== 201) throw new Error(`create failed ${res.status}: ${await res.text()}`);
  const body = await json(res);
  return { id: body.id, body };
}

export async function triggersOf(user: TestUser, playbookId: string): Promise<any[]> {
  const res = await call('GET', `/playbooks/${playbookId}/triggers`, user);
  await expectContract('GET', `/v1/agent-studio/playbooks/${playbookId}/triggers`, res);
  if (res.status !== 200) throw new Error(`triggers failed ${res.status}: ${await res.text()}`);
  return (await json(res)).triggers;
}

export async function runsOf(user: TestUser, playbookId: string): Promise<any[]> {
  return (await json(await call('GET', `/runs?playbook_id=${playbookId}`, user))).runs;
}

/**
 * Standard Webhooks signing, written here from the scheme rather than imported from src/, so a
 * mistake in the verifier cannot be mirrored by the test: HMAC-SHA256 under the base64-decoded
 * part of `whsec_…`, over `id.timestamp.body`, base64, prefixed `v1,`.
 */
export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** POSTs a delivery with whatever headers are given (no user token), checking the response against the OpenAPI document. */
export async function deliver(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = `http://studio.test${path}`;
  const res = await exports.default.fetch(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));
  await expectContract('POST', path, res);
  return res;
}

/** A correctly signed delivery, with overrides for the attack cases. */
export async function signedDelivery(path: string, secret: string, payload: unknown, opts: { id?: string; timestamp?: number; signature?: string } = {}) {
  const body = JSON.stringify(payload);
  const id = opts.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = opts.timestamp ?? nowSeconds();
  const signature = opts.signature ?? (await sign(secret, id, timestamp, body));
  return { id, res: await deliver(path, body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }) };
}

/** Moves a trigger's scheduled time, as if that much time had passed (the alarm itself stays armed for the old time). */
export async function setNextFire(triggerId: string, at: number): Promise<void> {
  await runInDurableObject(tenant(), async (_instance, state) => {
    state.storage.sql.exec('UPDATE trigger_schedule SET next_fire_at = ? WHERE trigger_id = ?', at, triggerId);
  });
}
