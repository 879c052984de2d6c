/** Tenant SQLite schema. Each entry runs once, in order; the applied count is kept in `meta`. */
export const TENANT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS users (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, groups TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS tokens (
     hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), label TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS playbooks (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, revision INTEGER NOT NULL, status TEXT NOT NULL,
     created_by TEXT NOT NULL, allowed_users TEXT NOT NULL, source_blueprint TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
   CREATE TABLE IF NOT EXISTS playbook_revisions (
     playbook_id TEXT NOT NULL, revision INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (playbook_id, revision));`,
  `CREATE TABLE IF NOT EXISTS runs (
     id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, playbook_id TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL,
     summary TEXT NOT NULL, created_by TEXT NOT NULL, parent_run_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS runs_by_playbook ON runs (playbook_id, number);
   CREATE TABLE IF NOT EXISTS inbox (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, run_id TEXT NOT NULL, playbook_id TEXT NOT NULL, title TEXT NOT NULL, created_at TEXT NOT NULL);`,
  // Vault (spec §6 "Secrets"): AES-GCM output only; the Worker encrypts before anything reaches this table.
  `CREATE TABLE IF NOT EXISTS vault (
     name TEXT PRIMARY KEY, ciphertext BLOB NOT NULL, iv BLOB NOT NULL,
     created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);`,
  // Tenant-wide risk policy overrides (PATCH /policies, spec §3); the Worker refuses loosening a floor before writing.
  `CREATE TABLE IF NOT EXISTS risk_policy (
     risk TEXT PRIMARY KEY, decision TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);`,
  // Approvals across runs (GET /approvals, the inbox): each run reports its approvals here.
  `CREATE TABLE IF NOT EXISTS approvals (
     id TEXT PRIMARY KEY, run_id TEXT NOT NULL, playbook_id TEXT NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS approvals_by_status ON approvals (status, created_at);`,
  // Skill context persistence (spec §7, src/skills/context.ts): the latest value of each key a skill
  // declares, per Playbook, handed to that Playbook's next run.
  `CREATE TABLE IF NOT EXISTS skill_context (
     playbook_id TEXT NOT NULL, skill TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, run_id TEXT NOT NULL, updated_at TEXT NOT NULL,
     PRIMARY KEY (playbook_id, skill, key));`,
  // Connection auto-discovery (spec §7, src/connections/discovery.ts): the latest result, one row.
  `CREATE TABLE IF NOT EXISTS discovered_connections (
     slot INTEGER PRIMARY KEY CHECK (slot = 1), backend TEXT NOT NULL, source TEXT NOT NULL, connections TEXT NOT NULL, error TEXT, discovered_at TEXT NOT NULL);`,
  // Trigger registry (spec §7, src/triggers/store.ts): webhook secrets sealed like vault values;
  // one schedule row per enabled cron / table_updated trigger; webhook-ids seen, until they expire.
  `CREATE TABLE IF NOT EXISTS triggers (
     id TEXT PRIMARY KEY, playbook_id TEXT NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, config TEXT NOT NULL,
     enabled_in_playbook INTEGER NOT NULL, enabled_override INTEGER, secret_ciphertext BLOB, secret_iv BLOB, secret_created_at TEXT,
     watermark TEXT, last_fired_at TEXT, last_run_id TEXT, last_error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
     UNIQUE (playbook_id, key));
   CREATE TABLE IF NOT EXISTS trigger_schedule (trigger_id TEXT PRIMARY KEY, next_fire_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS trigger_schedule_by_time ON trigger_schedule (next_fire_at);
   CREATE TABLE IF NOT EXISTS webhook_deliveries (
     trigger_id TEXT NOT NULL, message_id TEXT NOT NULL, run_id TEXT, expires_at INTEGER NOT NULL, PRIMARY KEY (trigger_id, message_id));`,
  // What saved skill context derives from (src/broker/taint.ts): handed to the next run wrapped as untrusted when set.
  `ALTER TABLE skill_context ADD COLUMN taint TEXT;`,
  // Idempotent starts (issue 13): a client's Idempotency-Key per user, for 24 h, with the run it
  // started and a hash of the request it came with.
  `CREATE TABLE IF NOT EXISTS idempotency_keys (
     user_id TEXT NOT NULL, key TEXT NOT NULL, run_id TEXT NOT NULL, request_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
     PRIMARY KEY (user_id, key));`,
  // Token expiry, listing and revocation (issue 16): a public id to list and revoke by, the last
  // four characters to recognise a token by, and when it stops working (NULL: never). Tokens
  // issued before get an id from their hash (not from the token itself) and no last four.
  `ALTER TABLE tokens ADD COLUMN id TEXT;
   ALTER TABLE tokens ADD COLUMN last4 TEXT;
   ALTER TABLE tokens ADD COLUMN expires_at TEXT;
   UPDATE tokens SET id = 'tok_' || substr(hash, 1, 16) WHERE id IS NULL;
   CREATE UNIQUE INDEX IF NOT EXISTS tokens_by_id ON tokens (id);
   CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user_id);`,
  // Service accounts (issue 17): machine principals with a role, the Playbooks they may touch and
  // an expiry; the current token's SHA-256 only (NULL once revoked, the row kept so audit ids still
  // name someone). The request log: who called what, the newest rows only (src/tenant/request-log.ts).
  `CREATE TABLE IF NOT EXISTS service_accounts (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, playbooks TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL, token_hash TEXT UNIQUE, token_last4 TEXT, token_issued_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
   CREATE TABLE IF NOT EXISTS request_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, principal_id TEXT NOT NULL, principal_kind TEXT NOT NULL,
     method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL);`,
  // Draft → published (issue 18): the revision runners and triggers run. Playbooks that exist
  // already were live at their current revision, so that one is published: nothing they run changes.
  `ALTER TABLE playbooks ADD COLUMN published_revision INTEGER;
   UPDATE playbooks SET published_revision = revision;`,
];
