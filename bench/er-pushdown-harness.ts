// Pushdown end to end in Node: the Query Service fake (test/fakes) with DuckDB standing in for
// the Snowflake workspace. The comparison forms go into the warehouse; the generated SQL runs
// there through the real Query Service client; the pairs that come back are clustered in the run.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { KeboolaClient } from '../src/connections/keboola/http-client';
import { createResolver, deriveProfile, matchTable, pairsToMatches, prepareRecord, pushdownSql, resolverFromPairs, toCsv, type PreparedRecord, type Resolution, type ResolverConfig, type SourceRecord } from '../src/er';
import { attachWarehouse } from '../test/fakes/duckdb-attached';
import { DuckDbWarehouse } from '../test/fakes/duckdb-warehouse';
import { BRANCH_ID, WORKSPACE_ID, createProject } from '../test/fakes/keboola-project';
import { ROUTES } from '../test/fakes/routes';
import { startFakeServer, type RunningFakes } from '../test/fakes/server';

export type Pushdown = { fakes: RunningFakes; warehouse: DuckDbWarehouse; client: KeboolaClient; dir: string };

export async function startPushdown(): Promise<Pushdown> {
  const fakes = await startFakeServer(ROUTES);
  const token = `pushdown-${Math.random().toString(16).slice(2)}`;
  const project = createProject(token);
  const warehouse = await DuckDbWarehouse.create();
  attachWarehouse(project.id, warehouse);
  const client = new KeboolaClient({ url: `${fakes.url}/keboola`, token, branchId: String(BRANCH_ID), workspaceId: String(WORKSPACE_ID), backoffMs: [5, 20, 50] });
  return { fakes, warehouse, client, dir: await mkdtemp(join(tmpdir(), 'er-pushdown-')) };
}

/** Everything startPushdown made, the comparison-form CSVs and DuckDB's spill files included. */
export async function stopPushdown(p: Pushdown): Promise<void> {
  await p.fakes.close();
  p.warehouse.close();
  await rm(p.dir, { recursive: true, force: true });
}

/** Prepared and profiled as the resolver prepares them: the forms the warehouse compares. */
export function prepareAll(records: readonly SourceRecord[], config: ResolverConfig): PreparedRecord[] {
  const prepared = records.map((r) => prepareRecord(r, config.prepare));
  deriveProfile(prepared);
  return prepared;
}

/** The forms as a workspace table `"in.c-er"."<name>"` (written in chunks: 1M rows do not fit one string). */
export async function loadForms(p: Pushdown, name: string, prepared: readonly PreparedRecord[]): Promise<string> {
  const path = join(p.dir, `${name}.csv`);
  const out = createWriteStream(path);
  const CHUNK = 20_000;
  for (let i = 0; i < prepared.length; i += CHUNK) {
    const { columns, rows } = matchTable(prepared.slice(i, i + CHUNK), i);
    const text = toCsv(columns, rows);
    if (!out.write(i === 0 ? text : text.slice(text.indexOf('\n') + 1))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await p.warehouse.loadCsv('in.c-er', name, path);
  return `"in.c-er"."${name}"`;
}

export type PushedDown = { resolution: Resolution; matches: number[]; rowsMoved: number; queryMs: number; finishMs: number };

/** Blocking + comparison in the warehouse, clustering + survivorship here. */
export async function resolvePushedDown(p: Pushdown, table: string, prepared: readonly PreparedRecord[], config: ResolverConfig): Promise<PushedDown> {
  const sql = pushdownSql(config.rules ?? [], { table, mode: config.mode ?? 'dedup', ...(config.blocking ? { blocking: config.blocking } : {}) });
  const t0 = performance.now();
  const outcome = await p.client.runQuery(sql, Number.MAX_SAFE_INTEGER);
  const t1 = performance.now();
  const matches = pairsToMatches(outcome.rows);
  const resolution = resolverFromPairs(prepared, config, matches).finish();
  return { resolution, matches, rowsMoved: outcome.rows.length, queryMs: t1 - t0, finishMs: performance.now() - t1 };
}

/** The in-run path, unchanged. */
export function resolveInRun(records: readonly SourceRecord[], config: ResolverConfig): { resolution: Resolution; matches: number[] } {
  const resolver = createResolver(config);
  resolver.addRecords(records);
  const resolution = resolver.run();
  return { resolution, matches: [...resolver.matchTriples()] };
}

/** Matches as sorted "x:y:mask" strings, for equality. */
export function matchSet(triples: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < triples.length; i += 3) out.push(`${triples[i]}:${triples[i + 1]}:${triples[i + 2]}`);
  return out.sort();
}
