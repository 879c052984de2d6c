import type { NewUser, TokenInfo, User } from '../domain/user';
import type { TokenHolder } from '../auth/user-token-cache';
import { randomId, sha256Hex } from '../auth/tokens';

type UserRow = { id: string; name: string; role: string; groups: string; created_at: string };
type TokenRow = Omit<TokenInfo, 'expired'>;

/** The Tenant's users and their tokens (hashes only, never a token itself). */
export class UserStore {
  constructor(private readonly sql: SqlStorage) {}

  userCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM users').one().n;
  }

  /** The token's user and when the token expires; null for an unknown, revoked or expired token. */
  async authenticate(token: string): Promise<TokenHolder | null> {
    const hash = await sha256Hex(token);
    const row = this.sql
      .exec<UserRow & { token_expires_at: string | null }>(
        'SELECT u.*, t.expires_at AS token_expires_at FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)',
        hash, new Date().toISOString(),
      )
      .toArray()[0];
    return row ? { user: toUser(row), expires_at: row.token_expires_at } : null;
  }

  listUsers(): User[] {
    return this.sql.exec<UserRow>('SELECT * FROM users ORDER BY id').toArray().map(toUser);
  }

  getUser(id: string): User | null {
    const row = this.sql.exec<UserRow>('SELECT * FROM users WHERE id = ?', id).toArray()[0];
    return row ? toUser(row) : null;
  }

  /** Returns null when the id is taken. */
  createUser(user: NewUser, now: string): User | null {
    if (this.getUser(user.id)) return null;
    this.sql.exec('INSERT INTO users (id, name, role, groups, created_at) VALUES (?, ?, ?, ?, ?)', user.id, user.name, user.role, JSON.stringify(user.groups), now);
    return this.getUser(user.id);
  }

  /** Stores the token's hash (never the token); `expiresAt` null: until revoked. */
  async addToken(userId: string, token: string, label: string, now: string, expiresAt: string | null): Promise<string> {
    const hash = await sha256Hex(token);
    const id = randomId('tok');
    this.sql.exec(
      'INSERT OR IGNORE INTO tokens (hash, user_id, label, created_at, id, last4, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      hash, userId, label, now, id, token.slice(-4), expiresAt,
    );
    return id;
  }

  listTokens(userId: string, now: string): TokenInfo[] {
    return this.sql
      .exec<TokenRow>('SELECT id, user_id, label, created_at, expires_at, last4 FROM tokens WHERE user_id = ? ORDER BY created_at, id', userId)
      .toArray()
      .map((row) => ({ ...row, expired: row.expires_at !== null && row.expires_at <= now }));
  }

  /** Removes one of the user's tokens; the hash, for the Worker's cache to forget, or null if that user has no such token. */
  revokeToken(userId: string, tokenId: string): string | null {
    const row = this.sql.exec<{ hash: string }>('DELETE FROM tokens WHERE user_id = ? AND id = ? RETURNING hash', userId, tokenId).toArray()[0];
    return row?.hash ?? null;
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, name: row.name, role: row.role as User['role'], groups: JSON.parse(row.groups) as string[], created_at: row.created_at };
}
