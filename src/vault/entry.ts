import { z } from '@hono/zod-openapi';
import { AppError, type ErrorDetails } from '../errors';
import { IsoDateTime, Slug, UserId } from '../domain/common';

/** Names appear in URLs and in `{{vault:<name>}}` handles, so they follow the id rules. */
export const VaultName = Slug;

/** Large enough for PEM keys and service-account JSON; small enough to scan every tool output for. */
export const MAX_SECRET_LENGTH = 16384;

/** A secret's value as an admin sends it. */
export const SecretValue = z.string().min(1).max(MAX_SECRET_LENGTH);

/** What anyone may know about a secret: never its value (security.md "Secrets"). */
export const VaultEntry = z
  .object({ name: VaultName, created_by: UserId, created_at: IsoDateTime, updated_at: IsoDateTime })
  .openapi('VaultEntry');
export type VaultEntry = z.infer<typeof VaultEntry>;

/** A value as stored: AES-GCM output (ciphertext + tag) and its IV; decryptable only with the Worker's VAULT_KEY. */
export type SealedSecret = { ciphertext: Uint8Array<ArrayBuffer>; iv: Uint8Array<ArrayBuffer> };

/** A secret resolved for one tool call; the pair maskSecrets needs to scrub its outputs. */
export type ResolvedSecret = { name: string; value: string };

type VaultErrorCode = 'vault_not_configured' | 'vault_decrypt_failed' | 'vault_unknown_handle';
const STATUS: Record<VaultErrorCode, 422 | 500 | 503> = {
  // The deployment lacks its key: nothing the client did, and retrying after configuration works.
  vault_not_configured: 503,
  // The stored ciphertext does not open with this key (key rotated/replaced, or the row was tampered with).
  vault_decrypt_failed: 500,
  // A Playbook or tool argument names a secret nobody stored.
  vault_unknown_handle: 422,
};

/** Vault failures. Messages name secrets and handles, never values. */
export class VaultError extends AppError {
  override name = 'VaultError';
  constructor(code: VaultErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(STATUS[code], code, message, details, options);
  }
}
