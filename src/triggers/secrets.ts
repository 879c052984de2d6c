import type { Env } from '../env';
import type { IssuedTriggerSecret } from '../domain/trigger';
import type { TenantObject } from '../tenant/tenant-object';
import { deriveVaultKey, openSecret, sealSecret } from '../vault/crypto';
import { HOOK_TYPES } from './entries';
import { notificationPath, webhookPath } from './paths';
import { hmacKey, newWebhookSecret } from './signature';
import type { TriggerRow } from './store';

/**
 * Per-trigger webhook secrets (spec §8). Verifying an HMAC needs the secret itself, so it is kept
 * sealed with the vault's AES-GCM key (src/vault/crypto.ts) rather than hashed; the trigger id is
 * the authenticated data, so a sealed secret copied onto another trigger does not open.
 */

type Tenant = DurableObjectStub<TenantObject>;

const sealName = (triggerId: string) => `trigger:${triggerId}`;
const TOKEN_CONTEXT = 'agent-studio/keboola-notification-url/v1:';

/**
 * Issues a secret for a hook trigger and returns it, the only time it is shown. Without `rotate`
 * it is the first secret and only stored if the trigger has none (a concurrent save that lost the
 * race shows nothing); with `rotate` it replaces the old one at once.
 */
export async function issueSecret(env: Env, tenant: Tenant, trigger: Pick<TriggerRow, 'id' | 'key' | 'type'>, rotate: boolean): Promise<IssuedTriggerSecret | null> {
  const secret = newWebhookSecret();
  const sealed = await sealSecret(await deriveVaultKey(env.VAULT_KEY), sealName(trigger.id), secret);
  if (!(await tenant.setTriggerSecret(trigger.id, sealed, new Date().toISOString(), !rotate))) return null;
  return {
    trigger_id: trigger.id,
    key: trigger.key,
    type: trigger.type,
    secret,
    webhook_path: webhookPath(trigger.id),
    ...(trigger.type === 'keboola.job_finished' ? { notification_path: notificationPath(trigger.id, await notificationToken(secret, trigger.id)) } : {}),
  };
}

/** First secrets for the hook triggers that lack one. Skipped without VAULT_KEY: the status API says so and rotating issues one later. */
export async function issueMissingSecrets(env: Env, tenant: Tenant, triggers: TriggerRow[]): Promise<IssuedTriggerSecret[]> {
  if (!env.VAULT_KEY) return [];
  const lacking = triggers.filter((t) => HOOK_TYPES.includes(t.type) && !t.has_secret);
  const issued = await Promise.all(lacking.map((t) => issueSecret(env, tenant, t, false)));
  return issued.filter((s): s is IssuedTriggerSecret => s !== null);
}

export async function openTriggerSecret(env: Env, tenant: Tenant, triggerId: string): Promise<string | null> {
  const sealed = await tenant.getTriggerSecret(triggerId);
  return sealed ? openSecret(await deriveVaultKey(env.VAULT_KEY), sealName(triggerId), sealed) : null;
}

/**
 * The path token of a keboola.job_finished trigger's notification URL: an HMAC of the trigger id
 * under its secret, so it rotates with the secret and nothing more is stored.
 */
export async function notificationToken(secret: string, triggerId: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(TOKEN_CONTEXT + triggerId));
  return base64url(new Uint8Array(mac));
}

/** Constant-time: subtle.verify recomputes the HMAC and compares it without an early exit. */
export async function notificationTokenValid(secret: string, triggerId: string, token: string): Promise<boolean> {
  const bytes = fromBase64url(token);
  return bytes !== null && crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, new TextEncoder().encode(TOKEN_CONTEXT + triggerId));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
