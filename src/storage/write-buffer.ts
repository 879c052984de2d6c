/**
 * A run object's writes, held until the end of the current task and then written with as few
 * statements as they allow: new rows of a table as one multi-row INSERT, later changes to a row
 * not yet written merged into its INSERT, and changes to one stored row merged into one UPDATE.
 * Under workerd each statement costs about 30–100 µs at commit whatever it writes (bench/floor
 * measures it), and a scripted step made ~17 of them.
 *
 * The flush runs as a microtask, so before the current task ends: everything commits in the same
 * implicit transaction as it would have unbuffered, never later. It waits FLUSH_AFTER_HOPS
 * microtask hops first, letting the rest of the task's work (a burst of units awaiting only each
 * other) add to the same statements. Whoever reads a table, or waits for durability, flushes its
 * pending writes first.
 */
type Row = Record<string, SqlStorageValue>;
type Pending = {
  inserts: Row[];
  /** The column `insert` was told identifies new rows, and those rows by its value, so a change can join their INSERT. */
  key: string | undefined;
  insertedByKey: Map<SqlStorageValue, Row>;
  /** Changes to stored rows, one entry per row (by key column and value). */
  updates: Map<string, { column: string; value: SqlStorageValue; fields: Row }>;
};

export class WriteBuffer {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;
  /** Which hop chain is current: a full flush ends it, and a write after that starts a new one. */
  private chain = 0;

  constructor(private readonly sql: SqlStorage) {}

  /** A new row; `key` names the column later `update`s find it by. */
  insert(table: string, row: Row, key?: string): void {
    const pending = this.of(table);
    const copy = { ...row };
    pending.inserts.push(copy);
    if (key !== undefined) {
      pending.key = key;
      pending.insertedByKey.set(row[key]!, copy);
    }
  }

  /** Changes to the row whose `column` is `value`. */
  update(table: string, column: string, value: SqlStorageValue, fields: Row): void {
    if (Object.keys(fields).length === 0) return;
    const pending = this.of(table);
    const unwritten = pending.key === column ? pending.insertedByKey.get(value) : undefined;
    if (unwritten) {
      Object.assign(unwritten, fields);
      return;
    }
    const row = JSON.stringify([column, value]);
    const stored = pending.updates.get(row);
    if (stored) Object.assign(stored.fields, fields);
    else pending.updates.set(row, { column, value, fields: { ...fields } });
  }

  /** Writes what is pending for `tables` (all when omitted) now. */
  flush(tables?: readonly string[]): void {
    for (const table of tables ?? [...this.pending.keys()]) {
      const pending = this.pending.get(table);
      if (!pending) continue;
      this.pending.delete(table);
      this.writeInserts(table, pending.inserts);
      for (const { column, value, fields } of pending.updates.values()) {
        const entries = Object.entries(fields);
        this.sql.exec(`UPDATE ${table} SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE ${column} = ?`, ...entries.map(([, v]) => v), value);
      }
    }
    if (this.pending.size === 0) this.scheduled = false;
  }

  private of(table: string): Pending {
    let pending = this.pending.get(table);
    if (!pending) this.pending.set(table, (pending = { inserts: [], key: undefined, insertedByKey: new Map(), updates: new Map() }));
    if (!this.scheduled) {
      this.scheduled = true;
      this.flushAfter(FLUSH_AFTER_HOPS, ++this.chain);
    }
    return pending;
  }

  private flushAfter(hops: number, chain: number): void {
    queueMicrotask(() => {
      if (chain !== this.chain || !this.scheduled) return;
      if (hops > 0) this.flushAfter(hops - 1, chain);
      else this.flush();
    });
  }

  /** Rows with the same columns share a statement, each binding at most MAX_BOUND_PARAMETERS values. */
  private writeInserts(table: string, rows: readonly Row[]): void {
    const bySignature = new Map<string, Row[]>();
    for (const row of rows) {
      const signature = Object.keys(row).join(',');
      const group = bySignature.get(signature);
      if (group) group.push(row);
      else bySignature.set(signature, [row]);
    }
    for (const [signature, group] of bySignature) {
      const columns = signature.split(',');
      const perStatement = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns.length));
      const placeholders = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < group.length; i += perStatement) {
        const chunk = group.slice(i, i + perStatement);
        this.sql.exec(`INSERT INTO ${table} (${signature}) VALUES ${chunk.map(() => placeholders).join(', ')}`, ...chunk.flatMap((row) => columns.map((c) => row[c]!)));
      }
    }
  }
}

/** Each hop lets the task's queued microtasks run first; all of them still run before the task ends. */
const FLUSH_AFTER_HOPS = 250;
/** Durable Object SQLite binds at most 100 parameters per statement. */
const MAX_BOUND_PARAMETERS = 100;
