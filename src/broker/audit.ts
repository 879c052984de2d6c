import { canonicalJson, sha256Hex } from './canonical';
import type { WriteBuffer } from '../storage/write-buffer';

export type AuditEntry = { seq: number; at: string; kind: string; call_id: string | null; data: Record<string, unknown>; prev_hash: string; hash: string };
export type AuditVerification = { ok: true; entries: number; head: string } | { ok: false; entries: number; first_bad_seq: number; reason: string };

const GENESIS = '0'.repeat(64);

export const AUDIT_TABLE = `CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, call_id TEXT, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`;

/**
 * The anchor makes truncation visible: deleting the newest entries leaves a chain that links. A
 * trigger writes it in the same statement as the entry, so the two can never disagree.
 */
export const AUDIT_ANCHOR_TRIGGER = `CREATE TRIGGER IF NOT EXISTS audit_anchor AFTER INSERT ON audit BEGIN
  INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_anchor', NEW.seq || ':' || NEW.hash); END`;

/**
 * canonical({seq, at, kind, call_id, data}) built around the data's canonical form (keys in RFC 8785
 * order), so an append canonicalises its data once, for the hash and the stored row alike.
 */
function entryHash(prev: string, entry: Pick<AuditEntry, 'seq' | 'at' | 'kind' | 'call_id'>, canonicalData: string): string {
  const { seq, at, kind, call_id } = entry;
  return sha256Hex(`${prev}{"at":${JSON.stringify(at)},"call_id":${JSON.stringify(call_id)},"data":${canonicalData},"kind":${JSON.stringify(kind)},"seq":${seq}}`);
}

/**
 * The run's append-only, hash-chained audit log (spec §6): h_n = SHA-256(h_{n-1} || canonical(entry_n)).
 * Editing, deleting or reordering any stored entry breaks the chain at that entry.
 */
export class AuditLog {
  /** The chain's head, read once: only this object appends, so it stays right in memory. */
  private head: { seq: number; hash: string } | undefined;

  /** `writes`: the run's write buffer, so an entry shares its task's statement. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly writes: WriteBuffer,
  ) {}

  append(kind: string, callId: string | null, data: Record<string, unknown>, at = new Date().toISOString()): AuditEntry {
    this.head ??= this.sql.exec<{ seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').toArray()[0] ?? { seq: 0, hash: GENESIS };
    const seq = this.head.seq + 1;
    const prev_hash = this.head.hash;
    const canonicalData = canonicalJson(data);
    const hash = entryHash(prev_hash, { seq, at, kind, call_id: callId }, canonicalData);
    // The anchor follows (AUDIT_ANCHOR_TRIGGER).
    this.writes.insert('audit', { seq, at, kind, call_id: callId, data: canonicalData, prev_hash, hash });
    this.head = { seq, hash };
    return { seq, at, kind, call_id: callId, data, prev_hash, hash };
  }

  entries(): AuditEntry[] {
    this.writes.flush(['audit']);
    return this.sql
      .exec<Omit<AuditEntry, 'data'> & { data: string }>('SELECT * FROM audit ORDER BY seq')
      .toArray()
      .map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  /** Recomputes the chain from the first entry; names the first entry that does not fit. */
  verify(): AuditVerification {
    const entries = this.entries();
    let prev = GENESIS;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const expectedSeq = i + 1;
      if (entry.seq !== expectedSeq) return { ok: false, entries: entries.length, first_bad_seq: expectedSeq, reason: `entry ${expectedSeq} is missing or out of order (found ${entry.seq})` };
      if (entry.prev_hash !== prev) return { ok: false, entries: entries.length, first_bad_seq: entry.seq, reason: `entry ${entry.seq} does not link to the entry before it` };
      if (entryHash(prev, entry, canonicalJson(entry.data)) !== entry.hash) return { ok: false, entries: entries.length, first_bad_seq: entry.seq, reason: `entry ${entry.seq} was modified after it was written` };
      prev = entry.hash;
    }
    const anchor = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'audit_anchor'").toArray()[0]?.value;
    if (anchor) {
      const [count, head] = anchor.split(':');
      if (Number(count) !== entries.length || head !== prev) {
        return { ok: false, entries: entries.length, first_bad_seq: Math.min(entries.length + 1, Number(count)), reason: `the log ends at entry ${entries.length} but entry ${count} was written: entries were deleted` };
      }
    }
    return { ok: true, entries: entries.length, head: prev };
  }

  jsonl(): string {
    return this.entries().map((e) => JSON.stringify(e)).join('\n') + '\n';
  }
}
