/**
 * Rows of append-only tables (a run's events and audit entries) written as one multi-row INSERT
 * per table instead of one statement per row. Under workerd each statement costs about 30–40 µs
 * at commit whatever its rows (bench/floor measures it), and a scripted step appends ~9 such rows.
 *
 * The flush runs as a microtask, so before the current task ends: the rows commit in the same
 * implicit transaction as the state change they describe, never later. It waits FLUSH_AFTER_HOPS
 * microtask hops first, letting the rest of the task's work (a burst of units awaiting only each
 * other) add its rows to the same statement. Whoever reads the tables, or waits for durability,
 * flushes first.
 */
export class AppendBuffer {
  private readonly pending = new Map<string, { columns: readonly string[]; rows: SqlStorageValue[][] }>();
  private scheduled = false;
  /** Which hop chain is current: a flush ends it, and an add after that starts a new one. */
  private chain = 0;

  constructor(private readonly sql: SqlStorage) {}

  add(table: string, columns: readonly string[], values: SqlStorageValue[]): void {
    const entry = this.pending.get(table);
    if (entry) entry.rows.push(values);
    else this.pending.set(table, { columns, rows: [values] });
    if (!this.scheduled) {
      this.scheduled = true;
      this.flushAfter(FLUSH_AFTER_HOPS, ++this.chain);
    }
  }

  private flushAfter(hops: number, chain: number): void {
    queueMicrotask(() => {
      if (chain !== this.chain || !this.scheduled) return;
      if (hops > 0) this.flushAfter(hops - 1, chain);
      else this.flush();
    });
  }

  flush(): void {
    this.scheduled = false;
    for (const [table, { columns, rows }] of this.pending) {
      // A statement binds at most MAX_BOUND_PARAMETERS values.
      const perStatement = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns.length));
      const row = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < rows.length; i += perStatement) {
        const chunk = rows.slice(i, i + perStatement);
        this.sql.exec(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`, ...chunk.flat());
      }
    }
    this.pending.clear();
  }
}

/** Each hop lets the task's queued microtasks run first; all of them still run before the task ends. */
const FLUSH_AFTER_HOPS = 1_000;
/** Durable Object SQLite binds at most 100 parameters per statement. */
const MAX_BOUND_PARAMETERS = 100;
