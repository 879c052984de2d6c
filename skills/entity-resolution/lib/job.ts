// Blocking and comparison across loop units: large inputs (100,000 rows) need more CPU than one
// unit should take, so a script calls `compared` and returns its continuation until it is done.
import { createResolver, type Resolver, type ResolverConfig, type SourceRecord } from '../../../src/er';
import type { Continuation, SkillScriptContext } from '../../../src/skills/script';
import { readSources } from './records';

/**
 * Engine budget calls per loop unit. One call of the default budgets is a few tens of ms, so a
 * unit stays around a second of CPU, far below the Workers limit, while a 100k input needs only
 * a few dozen units.
 */
export const DEFAULT_CALLS_PER_UNIT = 15;
/** Records normalised and keyed per call while adding (≈ the cost of one default budget call). */
const ADD_CHUNK = 2_500;

const JOB = 'resolution-job';
type Job = { resolver: Resolver; pending: SourceRecord[]; added: number };

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
): Promise<Resolver | Continuation> {
  let job = ctx.memory.get(JOB) as Job | undefined;
  if (!job) {
    job = { resolver: createResolver(config), pending: await readSources(ctx, sources), added: 0 };
    ctx.memory.set(JOB, job);
    if (ctx.checkpoint !== undefined) ctx.emit('skill.progress', { restarted: true, reason: 'the run object restarted; comparing again from the sources' });
  }
  const { resolver } = job;
  for (let calls = 0; calls < callsPerUnit; calls++) {
    if (job.added < job.pending.length) {
      resolver.addRecords(job.pending.slice(job.added, job.added + ADD_CHUNK));
      job.added += ADD_CHUNK;
      if (job.added >= job.pending.length) job.pending = []; // the resolver holds the prepared records now
      continue;
    }
    if (!resolver.stepBlocking().done) continue;
    if (!resolver.stepComparisons().done) continue;
    return resolver;
  }
  const progress = resolver.progress();
  const report = { phase: progress.phase, records: progress.records, passes_indexed: progress.passesIndexed, passes: progress.passes, compared_pairs: progress.comparedPairs, matched_pairs: progress.matchedPairs };
  ctx.emit('skill.progress', report);
  return ctx.continueWith(report, report);
}

/** Finishing (clustering, survivorship, validation) in the same bounded slices. */
export function finished(ctx: SkillScriptContext, resolver: Resolver, callsPerUnit = DEFAULT_CALLS_PER_UNIT): true | Continuation {
  for (let calls = 0; calls < callsPerUnit; calls++) {
    if (resolver.stepFinish().done) return true;
  }
  const report = { phase: 'finishing', records: resolver.records.length };
  ctx.emit('skill.progress', report);
  return ctx.continueWith(report, report);
}
