// The chunked driver. A caller (a Playbook loop unit, a Durable Object alarm) feeds records in
// chunks, then advances blocking, comparison and finishing with a budget per call, persisting
// `snapshot()` between calls when it must; finished outputs are read page by page.
//
//   const r = createResolver({ mode: 'dedup' });
//   r.addRecords(chunk)            … once per chunk
//   r.stepBlocking()               … until done
//   r.stepComparisons()            … until done
//   r.stepFinish()                 … until done (optionally r.selectRules([...]) first)
//   r.summary(), r.clusterMapPage(0, 5000), r.goldenPage(0, 5000), …
//
// Budgets count units of work (records filed, keys moved while sorting, candidate pairs
// stepped, rows grouped), not milliseconds: inside a Worker the clock does not advance while
// code runs, so a time budget could never be observed. The defaults are a few tens of ms.
import { DEFAULT_BLOCKING, keyFunction, validateBlocking, type BlockingPass } from './blocking';
import { emptyIndex, restoreIndex, serialiseIndex, stepIndex, type PassIndex, type SerialisedIndex, type SkippedBlock } from './blocking-index';
import { startFinish, stepFinish, type FinishState } from './finishing';
import { compileMatcher, type Matcher } from './match';
import { cursorDone, startCursor, stepPairs, type PairCursor } from './pair-cursor';
import { prepareRecord, type PrepareOptions, type PreparedRecord } from './prepare';
import { advanceProfile, deriveProfile, PROFILE_SLICE, profiledBy, profileSteps, type ProfileSummary } from './profile';
import { clusterMapPage, clustersPage, goldenPage, matchesPage, summarise, type Cluster, type Finished, type MatchedPair, type Resolution, type ResolutionSummary } from './resolution';
import { DEFAULT_RULES, RuleError, type Rule } from './rules';
import type { SourceRecord } from './schema';
import { StringPool } from './string-pool';
import type { GoldenRecord, RowRef, SurvivorshipConfig } from './survivorship';
import type { ClusterMapRow, ValidationOptions } from './validate';

export type ResolverConfig = {
  /** dedup: any two records may match; link: only records from different sources. Default dedup. */
  mode?: 'dedup' | 'link';
  rules?: Rule[];
  blocking?: BlockingPass[];
  prepare?: PrepareOptions;
  survivorship?: SurvivorshipConfig;
  validation?: ValidationOptions;
};

export type ResolvedConfig = Required<Pick<ResolverConfig, 'mode' | 'rules' | 'blocking'>> & Omit<ResolverConfig, 'mode' | 'rules' | 'blocking'>;

export type Phase = 'adding' | 'blocking' | 'comparing' | 'finishing' | 'done';

export type StepResult = { done: boolean; units: number };

export type Progress = {
  phase: Phase;
  records: number;
  /** Blocking passes whose index is built. */
  passesIndexed: number;
  passes: number;
  comparedPairs: number;
  /** Pairs matched by any configured rule (before selection). */
  matchedPairs: number;
};

/**
 * JSON-serialisable state. `records` only grows while adding and is read-only afterwards, a
 * built index never changes, and `matches` only grows, so a caller persisting per unit can
 * write those parts once (or append) and rewrite only the small remainder.
 */
export type ResolverState = {
  version: 1;
  config: ResolvedConfig;
  phase: Phase;
  recordCount: number;
  /** Empty when the snapshot was taken without records. */
  records: PreparedRecord[];
  /** Per record: its key in the pass being indexed (one pass at a time keeps memory flat). */
  keys: string[];
  indexPass: number;
  indexes: SerialisedIndex[];
  cursor: PairCursor;
  /** Flat triples (x, y, rule mask) of matched record indices, x < y. */
  matches: number[];
  comparedByPass: number[];
  skippedBlocks: SkippedBlock[];
  /** Source rows added twice (same source and id). */
  duplicates: RowRef[];
  /** The table's evidence (profile.ts), derived from all records when blocking starts. */
  profile?: ProfileSummary;
  finish?: FinishState;
};

export const DEFAULT_BLOCKING_BUDGET = 100_000;
export const DEFAULT_COMPARISON_BUDGET = 20_000;
export const DEFAULT_FINISH_BUDGET = 100_000;
/** Blocking units charged per record keyed. */
const KEY_COST = 5;

export class ResolverStateError extends Error {
  override readonly name = 'ResolverStateError';
  constructor(message: string, readonly phase: Phase) {
    super(message);
  }
}

export class Resolver {
  private readonly matcher: Matcher;
  private readonly keyFns: ((r: PreparedRecord) => string)[];
  /** Row ids seen while adding, per source (a joined source + id key is a new string per row); rebuilt lazily after a restore. */
  private seen?: Map<string, Set<string>>;
  /** Shares repeated strings between records while adding (string-pool.ts); dropped when blocking starts. */
  private pool?: StringPool;
  private profiling?: Generator<void, ProfileSummary>;

  private constructor(private readonly state: ResolverState, private readonly indexes: PassIndex[]) {
    validateBlocking(state.config.blocking);
    this.matcher = compileMatcher(state.config.rules);
    this.keyFns = state.config.blocking.map(keyFunction);
  }

  static create(config: ResolverConfig = {}): Resolver {
    const resolved: ResolvedConfig = { ...config, mode: config.mode ?? 'dedup', rules: config.rules ?? DEFAULT_RULES, blocking: config.blocking ?? DEFAULT_BLOCKING };
    const state: ResolverState = {
      version: 1,
      config: resolved,
      phase: 'adding',
      recordCount: 0,
      records: [],
      keys: [],
      indexPass: 0,
      indexes: [],
      cursor: startCursor(),
      matches: [],
      comparedByPass: resolved.blocking.map(() => 0),
      skippedBlocks: [],
      duplicates: [],
    };
    return new Resolver(state, resolved.blocking.map(emptyIndex));
  }

  static restore(saved: ResolverState, records?: readonly PreparedRecord[]): Resolver {
    let state = saved;
    if (state.version !== 1) throw new ResolverStateError(`unknown resolver state version ${String(state.version)}`, state.phase);
    const all = records ? [...records] : state.records;
    if (all.length !== state.recordCount) throw new ResolverStateError(`the state covers ${state.recordCount} records, ${all.length} were given`, state.phase);
    // Records stored apart from the state (or parsed back from JSON) may predate the profile:
    // it is a function of the records, so derive it again when they do not carry it.
    if (state.phase !== 'adding' && !(state.profile && profiledBy(all, state.profile.id))) state = { ...state, profile: deriveProfile(all) };
    const indexes = state.indexes.map((index) => restoreIndex(index, all.length));
    return new Resolver({ ...state, records: all, indexes: [] }, indexes);
  }

  get config(): ResolvedConfig {
    return this.state.config;
  }

  get phase(): Phase {
    return this.state.phase;
  }

  get records(): readonly PreparedRecord[] {
    return this.state.records;
  }

  /** Normalises and keys a chunk of records; cost is linear in the chunk. */
  addRecords(records: readonly SourceRecord[]): { added: number; total: number } {
    const s = this.state;
    if (s.phase !== 'adding') throw new ResolverStateError('records can only be added before blocking starts', s.phase);
    const seen = (this.seen ??= idsBySource(s.records));
    const pool = (this.pool ??= new StringPool());
    let ids: Set<string> | undefined;
    let idsOf = '';
    for (const record of records) {
      const prepared = prepareRecord(record, s.config.prepare);
      pool.share(prepared);
      // A chunk usually holds one source's rows: its id set is looked up again only when the source changes.
      if (ids === undefined || prepared.source !== idsOf) {
        idsOf = prepared.source;
        ids = seen.get(idsOf);
        if (ids === undefined) seen.set(idsOf, (ids = new Set()));
      }
      if (ids.has(prepared.id)) s.duplicates.push({ source: prepared.source, id: prepared.id });
      else ids.add(prepared.id);
      s.records.push(prepared);
      s.recordCount = s.records.length;
    }
    return { added: records.length, total: s.records.length };
  }

  /** Builds the blocking indexes, pass by pass, for at most about `budget` units. */
  stepBlocking(budget = DEFAULT_BLOCKING_BUDGET): StepResult {
    const s = this.state;
    if (s.phase === 'adding') {
      s.phase = 'blocking';
      this.seen = undefined;
      this.pool = undefined;
    }
    if (s.phase !== 'blocking') return { done: true, units: 0 };
    // The table's own evidence the rules read, spread over calls (a restore derives it at once).
    if (!s.profile) {
      this.profiling ??= profileSteps(s.records);
      s.profile = advanceProfile(this.profiling, Math.max(1, Math.floor(budget / (PROFILE_SLICE * KEY_COST))));
      if (!s.profile) return { done: false, units: budget };
      this.profiling = undefined;
    }
    const passes = s.config.blocking;
    const link = s.config.mode === 'link';
    const spansSources = (members: readonly number[]) => !link || members.some((m) => s.records[m]!.source !== s.records[members[0]!]!.source);
    const n = s.records.length;
    let units = 0;
    while (s.indexPass < passes.length && units < budget) {
      const p = s.indexPass;
      if (s.keys.length < n) {
        // Keys first (soundex, joins): a few times the cost of filing a record, hence the weight.
        const from = s.keys.length;
        const stop = Math.min(n, from + Math.max(1, Math.floor((budget - units) / KEY_COST)));
        const key = this.keyFns[p]!;
        for (let r = from; r < stop; r++) s.keys.push(key(s.records[r]!));
        units += (stop - from) * KEY_COST;
        continue;
      }
      const index = this.indexes[p]!;
      units += stepIndex(passes[p]!, index, { keys: s.keys, spansSources, skipped: s.skippedBlocks }, Math.max(1, budget - units));
      if (index.built) {
        // The index now answers every question the key did; the keys only cost memory.
        s.keys = [];
        s.indexPass++;
      }
    }
    if (s.indexPass >= passes.length) s.phase = 'comparing';
    return { done: s.phase === 'comparing', units };
  }

  /** Compares at most `budget` candidate pairs with every configured rule. */
  stepComparisons(budget = DEFAULT_COMPARISON_BUDGET): StepResult & { compared: number; matched: number } {
    const s = this.state;
    if (s.phase === 'adding' || s.phase === 'blocking') throw new ResolverStateError('finish blocking (stepBlocking until done) before comparing', s.phase);
    if (s.phase !== 'comparing') return { done: true, units: 0, compared: 0, matched: 0 };
    const records = s.records;
    let compared = 0;
    let matched = 0;
    const units = stepPairs(
      s.cursor,
      {
        passes: s.config.blocking,
        indexes: this.indexes,
        allowed: s.config.mode === 'link' ? (x, y) => records[x]!.source !== records[y]!.source : () => true,
        visit: (x, y, pass) => {
          compared++;
          s.comparedByPass[pass]!++;
          const mask = this.matcher.match(records[x]!, records[y]!);
          if (mask !== 0) {
            matched++;
            s.matches.push(x, y, mask);
          }
        },
      },
      budget,
    );
    if (cursorDone(s.cursor, s.config.blocking)) s.phase = 'finishing';
    return { done: s.phase === 'finishing', units, compared, matched };
  }

  /**
   * Restricts the result to some of the configured rules (e.g. those a person picked after
   * seeing the proposals) without comparing again, since every match remembers which rules it
   * satisfied. Restarts finishing; `undefined` selects all rules.
   */
  selectRules(ruleIds: string[] | undefined): void {
    const s = this.state;
    if (s.phase !== 'finishing' && s.phase !== 'done') throw new ResolverStateError('rules are selected after comparing', s.phase);
    s.finish = startFinish(s.records.length, s.config.rules.length, this.mask(ruleIds));
    s.phase = 'finishing';
  }

  /** Clusters the selected matches and validates the clusters, for at most about `budget` units. */
  stepFinish(budget = DEFAULT_FINISH_BUDGET): StepResult {
    const s = this.state;
    if (s.phase !== 'finishing' && s.phase !== 'done') throw new ResolverStateError('finish comparing (stepComparisons until done) first', s.phase);
    if (s.phase === 'done') return { done: true, units: 0 };
    s.finish ??= startFinish(s.records.length, s.config.rules.length, this.mask(undefined));
    const units = stepFinish(s.finish, { records: s.records, matches: s.matches, validation: s.config.validation }, budget);
    if (s.finish.stage === 'done') s.phase = 'done';
    return { done: s.phase === 'done', units };
  }

  summary(): ResolutionSummary {
    return summarise(this.finished());
  }

  clusterMapPage(offset: number, limit: number): ClusterMapRow[] {
    return clusterMapPage(this.finished(), offset, limit);
  }

  clustersPage(offset: number, limit: number): Cluster[] {
    return clustersPage(this.finished(), offset, limit);
  }

  goldenPage(offset: number, limit: number): GoldenRecord[] {
    return goldenPage(this.finished(), offset, limit);
  }

  matchesPage(offset: number, limit: number): { pairs: MatchedPair[]; next: number | null } {
    return matchesPage(this.finished(), offset, limit);
  }

  /** Finishes and collects every output in one call: for small inputs and tests. */
  finish(options: { rules?: string[] } = {}): Resolution {
    if (options.rules) this.selectRules(options.rules);
    while (!this.stepFinish().done);
    const done = this.finished();
    const entities = done.finish.entitySize.length;
    const matches: MatchedPair[] = [];
    for (let next: number | null = 0; next !== null; ) {
      const page = matchesPage(done, next, 100_000);
      matches.push(...page.pairs);
      next = page.next;
    }
    return {
      ...summarise(done),
      clusters: clustersPage(done, 0, entities),
      clusterMap: clusterMapPage(done, 0, done.records.length),
      golden: goldenPage(done, 0, entities),
      matches,
    };
  }

  /** Every phase in one call: for small inputs and tests. */
  run(options: { rules?: string[] } = {}): Resolution {
    while (!this.stepBlocking().done);
    while (!this.stepComparisons().done);
    return this.finish(options);
  }

  progress(): Progress {
    const s = this.state;
    return {
      phase: s.phase,
      records: s.records.length,
      passesIndexed: s.indexPass,
      passes: s.config.blocking.length,
      comparedPairs: s.comparedByPass.reduce((a, b) => a + b, 0),
      matchedPairs: s.matches.length / 3,
    };
  }

  /**
   * The live state as plain data: serialise it (JSON.stringify) before stepping again.
   * `{ records: false }` leaves out the prepared records — most of the state, and read-only once
   * added — for callers that store them separately (e.g. `records.slice(before)` after each
   * addRecords) and pass them back to restoreResolver.
   */
  snapshot(options: { records?: boolean } = {}): ResolverState {
    return {
      ...this.state,
      recordCount: this.state.records.length,
      records: options.records === false ? [] : this.state.records,
      indexes: this.indexes.map(serialiseIndex),
    };
  }

  /** What the table's evidence showed (role and shared addresses, shared phones, common names), once blocking started. */
  profileSummary(): ProfileSummary | undefined {
    return this.state.profile;
  }

  /** Matched pairs as flat (x, y, rule mask) triples of record indices, for rule proposals. */
  matchTriples(): readonly number[] {
    return this.state.matches;
  }

  private finished(): Finished {
    const s = this.state;
    if (s.phase !== 'done' || !s.finish) throw new ResolverStateError('the resolution is not finished (stepFinish until done)', s.phase);
    return { config: s.config, records: s.records, matches: s.matches, comparedByPass: s.comparedByPass, skippedBlocks: s.skippedBlocks, duplicates: s.duplicates, finish: s.finish };
  }

  private mask(ruleIds: string[] | undefined): number {
    const rules = this.state.config.rules;
    if (!ruleIds) return (1 << rules.length) - 1;
    let mask = 0;
    for (const id of ruleIds) {
      const r = rules.findIndex((rule) => rule.id === id);
      if (r < 0) throw new RuleError(`unknown rule "${id}"; configured: ${rules.map((rule) => rule.id).join(', ')}`);
      mask |= 1 << r;
    }
    return mask;
  }
}

function idsBySource(records: readonly PreparedRecord[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const r of records) {
    const ids = seen.get(r.source);
    if (ids) ids.add(r.id);
    else seen.set(r.source, new Set([r.id]));
  }
  return seen;
}

export function createResolver(config: ResolverConfig = {}): Resolver {
  return Resolver.create(config);
}

/** Continues from a snapshot; `records` when the snapshot was taken with `{ records: false }`. */
export function restoreResolver(state: ResolverState, records?: readonly PreparedRecord[]): Resolver {
  return Resolver.restore(state, records);
}
