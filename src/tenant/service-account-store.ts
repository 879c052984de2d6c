import type { ServiceAccount } from '../domain/service-account';
import type { Role, User } from '../domain/user';
import type { TokenHolder } from '../auth/user-token-cache';
import { sha256Hex } from '../auth/tokens';

/** How often "last used" is written for one account: a machine polling a run must not write a row per poll. */
const LAST_USED_GRANULARITY_MS = 10_000;

type Row = {
  id: string; name: string; role: string; playbooks: string; created_by: string; created_at: string; expires_at: string;
  token_hash: string | null; token_last4: string | null; token_issued_at: string; last_used_at: string | null; revoked_at: string | null;
};

export type { ServiceAccount };

export type ServiceAccountRecord = { id: string; name: string; role: Role; playbooks: 'all' | string[]; created_by: string; expires_at: string };

/** The Tenant's service accounts (issue 17): the current token's hash only, never a token. */
export class ServiceAccountStore {
  constructor(private readonly sql: SqlStorage) {}

  async create(account: ServiceAccountRecord, token: string, now: string): Promise<ServiceAccount> {
    this.sql.exec(
      'INSERT INTO service_accounts (id, name, role, playbooks, created_by, created_at, expires_at, token_hash, token_last4, token_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      account.id, account.name, account.role, JSON.stringify(account.playbooks), account.created_by, now, account.expires_at, await sha256Hex(token), token.slice(-4), now,
    );
    return this.get(account.id, now)!;
  }

  list(now: string): ServiceAccount[] {
    return this.sql.exec<Row>('SELECT * FROM service_accounts ORDER BY created_at, id').toArray().map((row) => view(row, now));
  }

  get(id: string, now: string): ServiceAccount | null {
    const row = this.sql.exec<Row>('SELECT * FROM service_accounts WHERE id = ?', id).toArray()[0];
    return row ? view(row, now) : null;
  }

  /**
   * The account's principal for a token. An expired account still answers (with its past expiry)
   * so the caller can say "expired" rather than "not valid"; the cache never trusts it past then.
   */
  async authenticate(token: string, now: string): Promise<TokenHolder | null> {
    const row = this.sql.exec<Row>('SELECT * FROM service_accounts WHERE token_hash = ?', await sha256Hex(token)).toArray()[0];
    if (!row) return null;
    // Machine tokens are checked here on every request (never cached), so "last used" is written at most every 10 s.
    const stale = new Date(Date.parse(now) - LAST_USED_GRANULARITY_MS).toISOString();
    if (row.expires_at > now && !(row.last_used_at && row.last_used_at > stale)) this.sql.exec('UPDATE service_accounts SET last_used_at = ? WHERE id = ?', now, row.id);
    return { user: principal(row), expires_at: row.expires_at };
  }

  /** A new token for a live account; false if there is no such live account. */
  async rotate(id: string, token: string, now: string): Promise<boolean> {
    const old = this.sql.exec<{ token_hash: string }>('SELECT token_hash FROM service_accounts WHERE id = ? AND token_hash IS NOT NULL', id).toArray()[0];
    if (!old) return false;
    this.sql.exec('UPDATE service_accounts SET token_hash = ?, token_last4 = ?, token_issued_at = ? WHERE id = ?', await sha256Hex(token), token.slice(-4), now, id);
    return true;
  }

  /** Forgets the token's hash, keeping the account's row so audit entries still name it; false if it was not live. */
  revoke(id: string, now: string): boolean {
    const old = this.sql.exec<{ token_hash: string }>('SELECT token_hash FROM service_accounts WHERE id = ? AND token_hash IS NOT NULL', id).toArray()[0];
    if (!old) return false;
    this.sql.exec('UPDATE service_accounts SET revoked_at = ?, token_hash = NULL, token_last4 = NULL WHERE id = ?', now, id);
    return true;
  }
}

function playbooksOf(row: Row): 'all' | string[] {
  return JSON.parse(row.playbooks) as 'all' | string[];
}

/** The user-shaped principal requireUser() hands to routes: its role, no groups, and its Playbook limit. */
function principal(row: Row): User {
  const playbooks = playbooksOf(row);
  return {
    id: row.id, name: row.name, role: row.role as Role, groups: [], created_at: row.created_at, kind: 'service_account',
    ...(playbooks === 'all' ? {} : { allowed_playbooks: playbooks }),
  };
}

function view(row: Row, now: string): ServiceAccount {
  return {
    id: row.id, name: row.name, role: row.role as Role, playbooks: playbooksOf(row), created_by: row.created_by, created_at: row.created_at,
    expires_at: row.expires_at, expired: row.expires_at <= now, token_last4: row.token_last4, token_issued_at: row.token_issued_at,
    last_used_at: row.last_used_at, revoked_at: row.revoked_at,
  };
}
