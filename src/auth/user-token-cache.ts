import type { User } from '../domain/user';
import { BoundedCache } from '../api/isolate-cache';
import { sha256Hex } from './tokens';

/** Who a token belongs to and when it stops working (ISO; null: until revoked), as the Tenant answers. */
export type TokenHolder = { user: User; expires_at: string | null };

export type TokenCheck = { kind: 'valid'; user: User } | { kind: 'expired'; expired_at: string } | { kind: 'unknown' };

type Cached = { user: User; expiresMs: number } | null;

export type UserTokenCacheOptions = {
  /** How long a known token's user is trusted without asking the Tenant: the delay before a role change or a revocation bites. */
  ttlMs: number;
  /** Short: a token issued just now must work soon, even where it was tried a moment before. */
  unknownTtlMs: number;
  maxEntries: number;
  /** Epoch milliseconds: TTLs and token expiry are both measured on this clock. */
  now: () => number;
};

const DEFAULTS = { ttlMs: 10_000, unknownTtlMs: 1_000, maxEntries: 1_000, now: () => Date.now() } satisfies UserTokenCacheOptions;

/**
 * Bearer-token lookups, remembered in the isolate (issue 12: the Tenant object was called on every
 * request just to learn who is asking). Keyed by the token's SHA-256, like the Tenant's own table,
 * so no token is held in memory. Bound: 1,000 entries of one small user each (well under 1 MB).
 *
 * Staleness is bounded by the TTL: a role change or a revoked person's token takes effect within
 * 10 s in every isolate. Whatever removes a token or changes a user in this isolate calls
 * `invalidate` / `invalidateUser` so it takes effect here at once; other isolates wait out the TTL.
 * DELETE /users/{id}/tokens/{token_id} does (src/users/service.ts). Service-account principals are
 * never kept: a revoked or rotated machine token must be refused at once in every isolate (issue
 * 17), and machines call far less often than the UI, so their Tenant call per request is cheap.
 * An expiring token is never trusted past its expiry: the expiry is cached with the user and
 * checked on every hit.
 */
export class UserTokenCache {
  private readonly options: UserTokenCacheOptions;
  private readonly users: BoundedCache<Cached>;

  constructor(options: Partial<UserTokenCacheOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.users = new BoundedCache({ maxEntries: this.options.maxEntries, now: this.options.now });
  }

  /** The token's user, from the cache or from `lookup` (the Tenant); null once the token has expired. */
  async resolve(token: string, lookup: (token: string) => Promise<TokenHolder | null>): Promise<User | null> {
    const found = await this.check(token, lookup);
    return found.kind === 'valid' ? found.user : null;
  }

  /** Like resolve, but says when a known token has expired, so the 401 can say so (service accounts). */
  async check(token: string, lookup: (token: string) => Promise<TokenHolder | null>): Promise<TokenCheck> {
    const hash = await sha256Hex(token);
    const cached = await this.users.load(
      hash,
      async () => {
        const holder = await lookup(token);
        return holder && { user: frozen(holder.user), expiresMs: holder.expires_at === null ? Infinity : Date.parse(holder.expires_at) };
      },
      (entry) => (entry?.user.kind === 'service_account' ? null : { ttlMs: entry ? Math.max(0, Math.min(this.options.ttlMs, entry.expiresMs - this.options.now())) : this.options.unknownTtlMs }),
    );
    if (!cached) return { kind: 'unknown' };
    if (cached.expiresMs <= this.options.now()) return { kind: 'expired', expired_at: new Date(cached.expiresMs).toISOString() };
    return { kind: 'valid', user: cached.user };
  }

  async invalidate(token: string): Promise<void> {
    this.invalidateHash(await sha256Hex(token));
  }

  invalidateHash(hash: string): void {
    this.users.delete(hash);
  }

  /** For a changed or removed user: every cached token of theirs. */
  invalidateUser(userId: string): void {
    this.users.deleteWhere((entry) => entry?.user.id === userId);
  }
}

/** One cached user object is shared by concurrent requests: none of them may change it for the others. */
function frozen(user: User): User {
  const scoped = user.allowed_playbooks ? { allowed_playbooks: Object.freeze([...user.allowed_playbooks]) as string[] } : {};
  return Object.freeze({ ...user, groups: Object.freeze([...user.groups]) as string[], ...scoped });
}

/** The isolate's cache, used by requireUser() unless an app is built with another (tests use a fake clock). */
export const userTokens = new UserTokenCache();
