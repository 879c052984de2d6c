import { VaultError, type SealedSecret } from './entry';

/**
 * Encryption at rest for vault values (spec §6 "Secrets"): AES-256-GCM with a key derived from the
 * Worker secret VAULT_KEY. The Tenant Durable Object only ever sees the output of `sealSecret`.
 */

export const MIN_VAULT_KEY_LENGTH = 32;

// Changing either constant makes every stored secret undecryptable; they version the derivation.
const HKDF_SALT = new TextEncoder().encode('agent-studio/vault/salt/v1');
const HKDF_INFO = new TextEncoder().encode('agent-studio/vault/aes-256-gcm/v1');
const AAD_PREFIX = 'agent-studio/vault/v1:';
const IV_BYTES = 12;

/**
 * HKDF rather than using the bytes directly: any sufficiently long random string (hex, base64, a
 * passphrase-like token) becomes a uniform 256-bit key, and the same secret could later derive
 * other keys under a different `info` without reuse.
 */
export async function deriveVaultKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret) {
    throw new VaultError('vault_not_configured', 'The vault is not configured: set the Worker secret VAULT_KEY (at least 32 random characters)');
  }
  if (secret.length < MIN_VAULT_KEY_LENGTH) {
    throw new VaultError('vault_not_configured', `VAULT_KEY is too short (${secret.length} characters); it must be at least ${MIN_VAULT_KEY_LENGTH} random characters`);
  }
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The name is authenticated data: a ciphertext copied onto another name's row fails to open. */
function aadFor(name: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${AAD_PREFIX}${name}`);
}

/** A fresh random IV every time: GCM with a repeated (key, IV) pair leaks plaintext and the auth key. */
export async function sealSecret(key: CryptoKey, name: string, value: string): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aadFor(name) }, key, new TextEncoder().encode(value));
  return { ciphertext: new Uint8Array(ciphertext), iv };
}

export async function openSecret(key: CryptoKey, name: string, sealed: SealedSecret): Promise<string> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: aadFor(name) }, key, sealed.ciphertext);
  } catch (cause) {
    // GCM cannot tell a wrong key from a tampered or swapped row; both mean the value is unusable.
    throw new VaultError(
      'vault_decrypt_failed',
      `Vault secret "${name}" could not be decrypted: VAULT_KEY differs from the one it was stored with, or the stored value was altered`,
      { name },
      { cause },
    );
  }
  return new TextDecoder().decode(plain);
}
