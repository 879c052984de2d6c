import { AUDIT_ANCHOR_TRIGGER, AUDIT_TABLE } from '../broker/audit';

/** PlaybookRun SQLite schema; applied once per version (see tenant/schema.ts for the pattern). */
export const RUN_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS run (
     id TEXT PRIMARY KEY, number INTEGER NOT NULL, playbook_id TEXT NOT NULL, revision INTEGER NOT NULL, spec TEXT NOT NULL,
     status TEXT NOT NULL, status_reason TEXT, paused INTEGER NOT NULL DEFAULT 0,
     inputs TEXT NOT NULL, objective_override TEXT, trigger TEXT NOT NULL, created_by TEXT NOT NULL,
     step_index INTEGER NOT NULL DEFAULT 0, parent_run_id TEXT, parent_call_id TEXT, budget TEXT NOT NULL,
     cost_usd REAL NOT NULL DEFAULT 0, tokens INTEGER NOT NULL DEFAULT 0, wall_ms INTEGER NOT NULL DEFAULT 0, running_since INTEGER,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, ended_at TEXT);
   CREATE TABLE IF NOT EXISTS steps (
     idx INTEGER PRIMARY KEY, id TEXT NOT NULL, status TEXT NOT NULL, action_cursor INTEGER NOT NULL DEFAULT 0,
     outputs TEXT NOT NULL DEFAULT '{}', error TEXT, turns INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, started_at TEXT, ended_at TEXT);
   CREATE TABLE IF NOT EXISTS messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, step_idx INTEGER NOT NULL, message TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS tool_calls (
     call_id TEXT PRIMARY KEY, step_idx INTEGER NOT NULL, action_idx INTEGER, model_call_id TEXT, tool_id TEXT NOT NULL,
     args TEXT NOT NULL, risk TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT, child_run_id TEXT,
     started_at TEXT NOT NULL, ended_at TEXT);
   CREATE TABLE IF NOT EXISTS questions (
     id TEXT PRIMARY KEY, step_idx INTEGER NOT NULL, call_id TEXT, purpose TEXT NOT NULL, kind TEXT NOT NULL,
     prompt TEXT NOT NULL, options TEXT NOT NULL, status TEXT NOT NULL, answer TEXT, answered_by TEXT,
     created_at TEXT NOT NULL, answered_at TEXT);
   CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);`,
  // Governance (spec §6): approvals, time-driven work (expiry, undo windows), the audit chain,
  // and whether untrusted content has entered the run (the exfiltration guard).
  `CREATE TABLE IF NOT EXISTS approvals (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, call_id TEXT, step_idx INTEGER, tool_id TEXT NOT NULL, connection TEXT, destination TEXT,
     risk TEXT NOT NULL, scope TEXT NOT NULL, title TEXT NOT NULL, reason TEXT, payload TEXT NOT NULL, body_hash TEXT NOT NULL,
     status TEXT NOT NULL, requested_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, undo_until TEXT,
     decided_by TEXT, decided_at TEXT, comment TEXT, dry_run_result TEXT, previous_hash TEXT, diff TEXT, batch_hashes TEXT, used_hashes TEXT,
     admin_only INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE IF NOT EXISTS timers (id TEXT PRIMARY KEY, due_at INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL);
   ${AUDIT_TABLE};
   ALTER TABLE run ADD COLUMN tainted INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE tool_calls ADD COLUMN connection TEXT;`,
  // Calls that span loop units (large inputs) keep their last checkpoint between units.
  `ALTER TABLE tool_calls ADD COLUMN checkpoint TEXT;
   ALTER TABLE tool_calls ADD COLUMN item_idx INTEGER;
   ALTER TABLE questions ADD COLUMN rows TEXT;
   ALTER TABLE questions ADD COLUMN comment TEXT;`,
  // Taint as information flow (src/broker/taint.ts): which untrusted sources each value derives
  // from — a call's arguments and output, a model step's conversation, each run input — and, per
  // run, every source seen (`tainted` counts how often new sources arrived).
  `ALTER TABLE tool_calls ADD COLUMN taint TEXT;
   ALTER TABLE tool_calls ADD COLUMN args_taint TEXT;
   ALTER TABLE steps ADD COLUMN context_taint TEXT;
   ALTER TABLE run ADD COLUMN input_taint TEXT;
   ALTER TABLE run ADD COLUMN taint TEXT;
   ALTER TABLE approvals ADD COLUMN taint TEXT;`,
  // The run's outbox to the Tenant index (runs list, approvals, inbox): written with the change it
  // describes, sent after, and again on wake — so a crash between the two cannot leave the index stale.
  `CREATE TABLE IF NOT EXISTS index_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, update_json TEXT NOT NULL);`,
  // The tenant's risk policy as the run uses it: pinned at start, replaced when an admin changes it
  // (pushed by PATCH /policies), so a tool call never waits on the Tenant object for it.
  `ALTER TABLE run ADD COLUMN tenant_policy TEXT NOT NULL DEFAULT '{}';`,
  // Truthful time (issue 13): time running (wall), time waiting for people, and time inside units
  // (compute), for the run and per step; `running_since` becomes the start of the current status.
  `ALTER TABLE run RENAME COLUMN running_since TO status_since;
   ALTER TABLE run ADD COLUMN wait_ms INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE run ADD COLUMN compute_ms INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE steps ADD COLUMN wall_ms INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE steps ADD COLUMN wait_ms INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE steps ADD COLUMN compute_ms INTEGER NOT NULL DEFAULT 0;`,
  // Retry and fork from a step (issue 13): where the run came from, and — for a fork — the reads its
  // parent recorded, served again instead of reading anew.
  `ALTER TABLE run ADD COLUMN fork TEXT;
   CREATE TABLE IF NOT EXISTS recorded_reads (tool_id TEXT NOT NULL, args_hash TEXT NOT NULL, result TEXT NOT NULL, taint TEXT, PRIMARY KEY (tool_id, args_hash));`,
  // Per-unit costs (issue 12): a step's calls found without scanning every call of the run, and the
  // audit anchor written by the entry's own INSERT.
  `CREATE INDEX IF NOT EXISTS tool_calls_by_step ON tool_calls (step_idx, action_idx);
   ${AUDIT_ANCHOR_TRIGGER};`,
  // Approval reuse (issue 11): how many times the run had taken in new untrusted sources when the
  // approval was decided, so a session or batch approval stops covering sinks once more arrive.
  `ALTER TABLE approvals ADD COLUMN run_taint_seen INTEGER NOT NULL DEFAULT 0;`,
];
