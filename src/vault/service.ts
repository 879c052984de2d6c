import type { Env } from '../env';
import type { User } from '../domain/user';
import type { TenantObject } from '../tenant/tenant-object';
import { assertRole } from '../api/auth';
import { tenantStub } from '../api/context';
import { parseOrThrow } from '../domain/issues';
import { NotFoundError } from '../errors';
import { deriveVaultKey, openSecret, sealSecret } from './crypto';
import { SecretValue, VaultError, VaultName, type ResolvedSecret, type VaultEntry } from './entry';

export { maskSecrets } from './mask';
export type { ResolvedSecret } from './entry';

/**
 * The vault (spec §2, §6 "Secrets"): admins store values and list which names exist, and only the
 * run engine reads values — at tool-dispatch time, through resolveVaultHandles, so the model only
 * ever sees `{{vault:<name>}}`.
 */

type Deps = { env: Env; tenant: DurableObjectStub<TenantObject>; user: User };

/** Admin only (least privilege): names and who stored them already map which systems the tenant reaches. */
export async function listSecrets(deps: Pick<Deps, 'tenant' | 'user'>): Promise<VaultEntry[]> {
  assertRole(deps.user, ['admin'], 'list vault secrets');
  return deps.tenant.listVaultEntries();
}

/** Encrypts here, in the Worker: the Tenant Durable Object never holds a plaintext value. */
export async function putSecret(deps: Deps, name: string, value: string): Promise<{ entry: VaultEntry; created: boolean }> {
  assertRole(deps.user, ['admin'], 'store vault secrets');
  parseOrThrow(VaultName, name, 'Vault secret name');
  parseOrThrow(SecretValue, value, 'Vault secret value');
  const sealed = await sealSecret(await deriveVaultKey(deps.env.VAULT_KEY), name, value);
  return deps.tenant.putVaultEntry(name, sealed, deps.user.id, new Date().toISOString());
}

export async function deleteSecret(deps: Deps, name: string): Promise<void> {
  assertRole(deps.user, ['admin'], 'delete vault secrets');
  if (!(await deps.tenant.deleteVaultEntry(name))) throw new NotFoundError('Vault secret', name);
}

const HANDLE = /\{\{vault:([^{}]*)\}\}/g;
const handle = (name: string) => `{{vault:${name}}}`;

/**
 * For the run engine, at tool-dispatch time: a deep copy of `value` (any JSON) with every
 * `{{vault:<name>}}` inside a string replaced by the secret's value, plus the secrets used, which
 * the engine hands to maskSecrets for that call's outputs. Object keys are left as they are.
 * Throws VaultError `vault_unknown_handle` (422) naming every handle with no stored secret,
 * `vault_not_configured` (503) without VAULT_KEY, `vault_decrypt_failed` (500) with the wrong key.
 * A value without handles is returned as is and needs no key.
 */
export async function resolveVaultHandles<T>(env: Env, value: T): Promise<{ value: T; secrets: ResolvedSecret[] }> {
  const names = new Set<string>();
  mapStrings(value, (text) => {
    for (const match of text.matchAll(HANDLE)) names.add(match[1]!);
    return text;
  });
  if (names.size === 0) return { value, secrets: [] };

  const malformed = [...names].filter((name) => !VaultName.safeParse(name).success);
  if (malformed.length > 0) {
    throw new VaultError('vault_unknown_handle', `Not a valid vault handle: ${malformed.map(handle).join(', ')} (names are lowercase slugs)`, { handles: malformed.map(handle) });
  }
  const stored = await tenantStub(env).getSealedSecrets([...names].sort());
  const missing = [...names].filter((name) => !stored.some((entry) => entry.name === name));
  if (missing.length > 0) {
    throw new VaultError('vault_unknown_handle', `No vault secret for ${missing.map(handle).join(', ')}; an admin stores it with PUT /vault/{name}`, { handles: missing.map(handle) });
  }

  const key = await deriveVaultKey(env.VAULT_KEY);
  const secrets = await Promise.all(stored.map(async ({ name, sealed }) => ({ name, value: await openSecret(key, name, sealed) })));
  const values = new Map(secrets.map((secret) => [secret.name, secret.value]));
  // A replacer function, so `$&`-like sequences inside a secret are not treated as patterns.
  const resolved = mapStrings(value, (text) => text.replace(HANDLE, (_, name: string) => values.get(name)!));
  return { value: resolved as T, secrets };
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}
