// Blocking and comparison across loop units: large inputs (100,000 rows) need more CPU than one
// unit should take, so a script calls `compared` and returns its continuation until it is done.
import { createResolver, DEFAULT_PUSHDOWN_ROWS, type Resolver, type ResolverConfig, type SourceRecord } from '../../../src/er';
import type { Continuation, SkillScriptContext } from '../../../src/skills/script';
import { letRequestsIn } from '../../../src/turns';
import { readSources, readSourcesUpTo, type Sample } from './records';

/**
 * Engine calls per loop unit. Each call is a slice of a few ms to a few tens of ms, and the run
 * object's requests are let in between slices, so `GET /runs/{id}` and the event stream wait for
 * one slice at most, not for the unit. A unit stays around a second of CPU, far below the Workers
 * limit, while a 100k input needs only a few dozen units (each a fresh invocation).
 */
export const DEFAULT_CALLS_PER_UNIT = 150;
/** Work per slice: records added per call, and the engine's budgets (a tenth of its defaults, ~15 ms here). */
const SLICE = { records: 250, blocking: 10_000, comparisons: 2_000, finish: 10_000 } as const;

const JOB = 'resolution-job';
type Job = { resolver: Resolver; pending: SourceRecord[]; added: number; sample: Sample | null };
/**
 * Where a job's records come from: the sources compared here — sampled above `sampleRows` rows,
 * or refused above `maxRows` (both the pushdown threshold; DEFAULT_PUSHDOWN_ROWS when neither is
 * given). Resolving from the warehouse's pairs streams instead (pairs-job.ts).
 */
export type JobSources = { sampleRows?: number; maxRows?: number };

/**
 * The resolver for `sources` with every candidate pair compared, or the continuation to return
 * when this unit's share of work is spent. It lives in the call's memory between units; after a
 * restart that memory is empty and the work starts again from the sources (it is a computation,
 * so repeating it is harmless). The checkpoint only reports progress.
 */
export async function compared(
  ctx: SkillScriptContext,
  sources: readonly string[],
  config: ResolverConfig,
  callsPerUnit = DEFAULT_CALLS_PER_UNIT,
  from: JobSources = {},
): Promise<{ resolver: Resolver; sample: Sample | null } | Continuation> {
  let job = ctx.memory.get(JOB) as Job | undefined;
  if (!job) {
    const { records, sample } = from.sampleRows !== undefined ? await readSourcesUpTo(ctx, sources, from.sampleRows) : { records: await readSources(ctx, sources, from.maxRows ?? DEFAULT_PUSHDOWN_ROWS), sample: null };
    job = { resolver: createResolver(config), pending: records, added: 0, sample };
    ctx.memory.set(JOB, job);
    if (ctx.checkpoint !== undefined) ctx.emit('skill.progress', { restarted: true, reason: 'the run object restarted; comparing again from the sources' });
  }
  const { resolver } = job;
  for (let calls = 0; calls < callsPerUnit; calls++, await letRequestsIn()) {
    if (job.added < job.pending.length) {
      resolver.addRecords(job.pending.slice(job.added, job.added + SLICE.records));
      job.added += SLICE.records;
      if (job.added >= job.pending.length) job.pending = []; // the resolver holds the prepared records now
      continue;
    }
    if (!resolver.stepBlocking(SLICE.blocking).done) continue;
    if (!resolver.stepComparisons(SLICE.comparisons).done) continue;
    return { resolver, sample: job.sample };
  }
  const progress = resolver.progress();
  const report = { phase: progress.phase, records: progress.records, passes_indexed: progress.passesIndexed, passes: progress.passes, compared_pairs: progress.comparedPairs, matched_pairs: progress.matchedPairs };
  ctx.emit('skill.progress', report);
  return ctx.continueWith(report, report);
}

/** Finishing (clustering, survivorship, validation) in the same bounded slices. */
export async function finished(ctx: SkillScriptContext, resolver: Resolver, callsPerUnit = DEFAULT_CALLS_PER_UNIT): Promise<true | Continuation> {
  for (let calls = 0; calls < callsPerUnit; calls++, await letRequestsIn()) {
    if (resolver.stepFinish(SLICE.finish).done) return true;
  }
  const report = { phase: 'finishing', records: resolver.records.length };
  ctx.emit('skill.progress', report);
  return ctx.continueWith(report, report);
}
