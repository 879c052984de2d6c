// Clustering and survivorship from the warehouse's matched pairs without holding every record
// (issue 14): at 1,000,000 rows the prepared records took 1.3 GB of heap, and a Durable Object has
// 128 MB. The pairs name records by number, so clustering needs the record count and the pairs
// only (keys); the caller then streams the records past twice — once to write the cluster map and
// keep the members of multi-record clusters (the only records survivorship of several members and
// the hard-key check read), once to write the golden records, each built when its entity's first
// record passes (entities are numbered in order of their first record, so that is their order).
// The outputs equal resolverFromPairs' (sql-pushdown.ts), which holds every record.
import { DEFAULT_BLOCKING } from './blocking';
import { startFinish, stepFinish, type FinishState } from './finishing';
import type { PreparedRecord } from './prepare';
import { entityId, summarise, type ResolutionSummary } from './resolution';
import type { ResolvedConfig, ResolverConfig } from './resolver';
import { DEFAULT_RULES } from './rules';
import { survivor, type GoldenRecord, type RowRef, type Survivor } from './survivorship';
import { validationRecord, type ClusterMapRow } from './validate';

export class PairsResolution {
  readonly config: ResolvedConfig;
  private readonly finish: FinishState;
  /** By record number, only the members of multi-record clusters once kept; the rest are holes. */
  private readonly kept: PreparedRecord[];
  private keptCount = 0;
  private readonly survive: Survivor;

  /** `matches`: flat (x, y, rule mask) triples over records 0 … count − 1; `bySource`: the rows per source. */
  constructor(config: ResolverConfig, readonly count: number, private readonly matches: readonly number[], private readonly bySource: Record<string, number>) {
    const rules = config.rules ?? DEFAULT_RULES;
    this.config = { ...config, mode: config.mode ?? 'dedup', rules, blocking: config.blocking ?? DEFAULT_BLOCKING };
    this.finish = startFinish(count, rules.length, (1 << rules.length) - 1);
    this.kept = new Array<PreparedRecord>(count);
    this.survive = survivor(this.config.survivorship);
  }

  /** Keys only: unions the pairs and numbers and groups the entities, about `budget` units a call; true when done. */
  stepCluster(budget: number): boolean {
    stepFinish(this.finish, this.context(), budget, 'check');
    return this.finish.stage === 'check' || this.finish.stage === 'done';
  }

  /** Whether record `i` is in a cluster of two or more (after clustering): the records to keep. */
  shared(i: number): boolean {
    return this.finish.entitySize[this.finish.entityOf[i]!]! > 1;
  }

  /**
   * Pass 1 of the records: record `i`'s cluster map row; `record` prepares it, called only for a
   * member of a multi-record cluster, which is kept for its golden record and the hard-key check.
   */
  clusterMapRow(i: number, ref: RowRef, record: () => PreparedRecord): ClusterMapRow {
    if (this.shared(i)) {
      // Survivorship reads the values; of the comparison forms the check reads only the hard keys (most of a record's size is the forms).
      const r = record();
      this.kept[i] = { source: r.source, id: r.id, values: r.values, match: validationRecord(r, this.config.validation?.hardKeys).match as string[] };
      this.keptCount++;
    }
    return { source: ref.source, id: ref.id, entity_id: entityId(this.finish.entityOf[i]!) };
  }

  /** How many records are held (the members of multi-record clusters). */
  get held(): number {
    return this.keptCount;
  }

  /** Once every member is kept: oversized clusters and hard-key conflicts, about `budget` units a call; true when done. */
  stepCheck(budget: number): boolean {
    stepFinish(this.finish, this.context(), budget);
    return this.finish.stage === 'done';
  }

  /**
   * Pass 2 of the records: the golden record of record `i`'s entity when `i` is its first member, else undefined;
   * `record` prepares record `i`, called only when it is alone (the others were kept).
   */
  goldenAt(i: number, record: () => PreparedRecord): GoldenRecord | undefined {
    const { entityOf, entitySize, memberStart, members } = this.finish;
    const e = entityOf[i]!;
    if (members[memberStart[e]!] !== i) return undefined;
    const size = entitySize[e]!;
    return this.survive(entityId(e), size === 1 ? [record()] : members.slice(memberStart[e], memberStart[e]! + size).map((j) => this.kept[j]!));
  }

  summary(): ResolutionSummary {
    const comparedByPass = this.config.blocking.map(() => 0);
    return summarise({ config: this.config, records: this.kept, recordsBySource: this.bySource, matches: this.matches, comparedByPass, skippedBlocks: [], duplicates: [], finish: this.finish });
  }

  private context() {
    return { records: this.kept, matches: this.matches, ...(this.config.validation ? { validation: this.config.validation } : {}) };
  }
}
