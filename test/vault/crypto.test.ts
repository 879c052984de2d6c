/**
 * Spec §6 "Secrets" (encrypted at rest, AES-GCM, key from a Worker secret): the cipher itself —
 * round trip, fresh IVs, the name bound as authenticated data, wrong and missing keys refused.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors';
import { deriveVaultKey, openSecret, sealSecret } from '../../src/vault/crypto';

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('vault crypto', () => {
  it('round-trips any text, including non-ASCII and the maximum length', async () => {
    const key = await deriveVaultKey(env.VAULT_KEY);
    for (const value of ['x', 'p@ss w0rd/ü€😀', '-----BEGIN KEY-----\nabc\n-----END KEY-----\n', 'z'.repeat(16384)]) {
      expect(await openSecret(key, 'name', await sealSecret(key, 'name', value))).toBe(value);
    }
  });

  it('uses a fresh 96-bit IV per encryption, so equal values never give equal ciphertexts', async () => {
    const key = await deriveVaultKey(env.VAULT_KEY);
    const a = await sealSecret(key, 'same', 'same value');
    const b = await sealSecret(key, 'same', 'same value');
    expect(a.iv.byteLength).toBe(12);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    // GCM appends a 16-byte tag; nothing else is added to the value.
    expect(a.ciphertext.byteLength).toBe(new TextEncoder().encode('same value').byteLength + 16);
  });

  it('binds the ciphertext to its name: opening it under another name fails', async () => {
    const key = await deriveVaultKey(env.VAULT_KEY);
    const sealed = await sealSecret(key, 'slack-token', 'xoxb-1');
    const error = await failure(openSecret(key, 'other-token', sealed));
    expect(error.code).toBe('vault_decrypt_failed');
    expect(error.message).toContain('"other-token"');
  });

  it('refuses a wrong key with a clear error that does not contain the value', async () => {
    const sealed = await sealSecret(await deriveVaultKey(env.VAULT_KEY), 'db', 'hunter2-hunter2');
    const wrong = await deriveVaultKey('another-key-another-key-another-key-1234');
    const error = await failure(openSecret(wrong, 'db', sealed));
    expect(error.status).toBe(500);
    expect(error.code).toBe('vault_decrypt_failed');
    expect(error.message).toMatch(/VAULT_KEY differs/);
    expect(JSON.stringify(error.toBody())).not.toContain('hunter2');
  });

  it('detects a tampered ciphertext or IV', async () => {
    const key = await deriveVaultKey(env.VAULT_KEY);
    const sealed = await sealSecret(key, 'db', 'value');
    const flipped = new Uint8Array(sealed.ciphertext);
    flipped[0]! ^= 1;
    expect((await failure(openSecret(key, 'db', { ...sealed, ciphertext: flipped }))).code).toBe('vault_decrypt_failed');
    const iv = new Uint8Array(sealed.iv);
    iv[11]! ^= 1;
    expect((await failure(openSecret(key, 'db', { ...sealed, iv }))).code).toBe('vault_decrypt_failed');
  });

  it('refuses to operate without VAULT_KEY or with one shorter than 32 characters', async () => {
    for (const secret of [undefined, '', 'x'.repeat(31)]) {
      const error = await failure(deriveVaultKey(secret));
      expect(error.status).toBe(503);
      expect(error.code).toBe('vault_not_configured');
      expect(error.message).toContain('VAULT_KEY');
    }
    await expect(deriveVaultKey('x'.repeat(32))).resolves.toBeDefined();
  });

  it('derives the same key from the same secret (values survive restarts) and different keys from different secrets', async () => {
    const sealed = await sealSecret(await deriveVaultKey(env.VAULT_KEY), 'n', 'v');
    expect(await openSecret(await deriveVaultKey(env.VAULT_KEY), 'n', sealed)).toBe('v');
    await expect(openSecret(await deriveVaultKey(`${env.VAULT_KEY}!`), 'n', sealed)).rejects.toThrow(/could not be decrypted/);
  });
});
