/**
 * Spec §2 "Vault": handles are resolved only at tool-call time. resolveVaultHandles replaces
 * `{{vault:<name>}}` anywhere inside the strings of any JSON value and reports which secrets it
 * used (for masking that call's output); unknown or malformed handles are named in the error.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { resolveVaultHandles } from '../../src/vault/service';
import { call, createTestUser } from '../helpers';

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

async function put(name: string, value: string): Promise<void> {
  const response = await call('PUT', `/vault/${name}`, await createTestUser('admin'), { json: { value } });
  expect(response.status).toBe(201);
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('resolveVaultHandles', () => {
  it('replaces handles deep inside any JSON value, leaving everything else as it was', async () => {
    const token = unique('token');
    const password = unique('password');
    await put(token, 'xoxb-123');
    // `$&` and `$1` must come through literally, not as replacement patterns.
    await put(password, 'p$&ss$1word');
    const args = {
      channel: '#ops',
      headers: { authorization: `Bearer {{vault:${token}}}`, 'x-both': `{{vault:${token}}}:{{vault:${password}}}` },
      list: [1, true, null, [`{{vault:${password}}}`, { deep: { deeper: [`pre {{vault:${token}}} post`] } }]],
      [`{{vault:${token}}}`]: 'keys are not resolved',
    };
    const before = structuredClone(args);
    const { value, secrets } = await resolveVaultHandles(env, args);
    expect(value).toEqual({
      channel: '#ops',
      headers: { authorization: 'Bearer xoxb-123', 'x-both': 'xoxb-123:p$&ss$1word' },
      list: [1, true, null, ['p$&ss$1word', { deep: { deeper: ['pre xoxb-123 post'] } }]],
      [`{{vault:${token}}}`]: 'keys are not resolved',
    });
    expect(secrets.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [{ name: token, value: 'xoxb-123' }, { name: password, value: 'p$&ss$1word' }].sort((a, b) => a.name.localeCompare(b.name)),
    );
    // The input is not modified: the engine keeps the handle form for events and the audit log.
    expect(args).toEqual(before);
  });

  it('resolves a plain string, and returns values without handles as they are, without needing a key', async () => {
    const name = unique('plain');
    await put(name, 'the-value');
    expect(await resolveVaultHandles(env, `{{vault:${name}}}`)).toEqual({ value: 'the-value', secrets: [{ name, value: 'the-value' }] });
    const noKey = { ...env, VAULT_KEY: undefined };
    for (const value of [null, 3, 'no handles here', { a: ['{{ vault:spaced }}', '{vault:single}'] }]) {
      expect(await resolveVaultHandles(noKey, value)).toEqual({ value, secrets: [] });
    }
  });

  it('names every unknown handle in a 422 and resolves nothing', async () => {
    const known = unique('known');
    await put(known, 'known-value');
    const missingA = unique('missing-a');
    const missingB = unique('missing-b');
    const error = await failure(resolveVaultHandles(env, { a: `{{vault:${known}}}`, b: [`{{vault:${missingA}}}`], c: `x {{vault:${missingB}}}` }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('vault_unknown_handle');
    expect(error.message).toContain(`{{vault:${missingA}}}`);
    expect(error.message).toContain(`{{vault:${missingB}}}`);
    expect(error.message).not.toContain('known-value');
    expect(error.details).toEqual({ handles: expect.arrayContaining([`{{vault:${missingA}}}`, `{{vault:${missingB}}}`]) });
  });

  it('refuses malformed handles by name instead of passing them through', async () => {
    for (const bad of ['{{vault:}}', '{{vault:Upper}}', '{{vault:has space}}', '{{vault:../etc}}']) {
      const error = await failure(resolveVaultHandles(env, { arg: `x ${bad} y` }));
      expect(error.code).toBe('vault_unknown_handle');
      expect(error.message).toContain(bad);
    }
  });

  it('refuses to resolve with a missing key', async () => {
    const name = unique('needs-key');
    await put(name, 'v');
    const error = await failure(resolveVaultHandles({ ...env, VAULT_KEY: undefined }, `{{vault:${name}}}`));
    expect(error.code).toBe('vault_not_configured');
  });
});
