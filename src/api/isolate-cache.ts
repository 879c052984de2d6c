/**
 * Bounded per-isolate caches: the only mutable module state in the Worker (style.md). An isolate
 * serves many requests and can be evicted at any moment, so a cache holds only what the Tenant
 * object or R2 can give again, and is bounded by entries and, optionally, by weight (bytes).
 * The instances, each documented where it is created:
 *
 * - `userTokens` (src/auth/user-token-cache.ts): SHA-256 of a user token → the user and the
 *   token's expiry, 10 s or until the expiry if sooner (1 s for an unknown token), 1,000 entries; service-account tokens are never kept.
 * - `revisions` (src/playbooks/revision-cache.ts): `<playbook>@<revision>` → the parsed immutable
 *   revision, 200 entries and 4 MB of YAML.
 * - `currentRevisions` (src/runs/current-revision.ts): Playbook id → the summary last seen, a hint
 *   the Tenant verifies when a run is registered; 1,000 entries.
 *
 * Least recently used entries go first (a Map keeps insertion order; a hit re-inserts).
 */
export type CacheOptions = {
  maxEntries: number;
  /** Sum of the entries' weights (e.g. bytes) kept at most; unbounded when absent. */
  maxWeight?: number;
  /** Injectable for tests (a fake clock); milliseconds. */
  now?: () => number;
};

type Entry<V> = { value: V; expires: number; weight: number };

/** How a loaded value is kept: `null` keeps it out (a miss is asked again next time). */
export type Keep = { ttlMs?: number; weight?: number } | null;

export class BoundedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;
  private weight = 0;
  /** Bumped by every removal, so a load that began before it does not put back what was removed. */
  private generation = 0;

  constructor(private readonly options: CacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) {
      this.weight -= entry.weight;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, keep: { ttlMs?: number; weight?: number } = {}): void {
    const weight = keep.weight ?? 0;
    this.remove(key);
    if (this.options.maxWeight !== undefined && weight > this.options.maxWeight) return;
    this.entries.set(key, { value, expires: this.now() + (keep.ttlMs ?? Infinity), weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && (this.options.maxWeight === undefined || this.weight <= this.options.maxWeight)) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  /**
   * The cached value, or `loader`'s, kept as `keep` says (a failed load is not kept).
   *
   * Concurrent misses each load: a load is never shared between requests. workerd runs the code
   * after an `await` in the context of the request that created the awaited promise, so a request
   * that awaited another's load would then use its own Durable Object stubs from the wrong
   * request ("Cannot perform I/O on behalf of a different request"). A miss costs one extra
   * call per request that arrives before the first load lands, once per TTL.
   */
  async load(key: string, loader: () => Promise<V>, keep: (value: V) => Keep): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) return this.get(key) as V;
    const generation = this.generation;
    const value = await loader();
    const how = keep(value);
    if (how && generation === this.generation) this.set(key, value, how);
    return value;
  }

  delete(key: string): void {
    this.generation++;
    this.remove(key);
  }

  /** Removes every entry whose value matches, e.g. all tokens of one user. */
  deleteWhere(matches: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.remove(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.weight = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}
