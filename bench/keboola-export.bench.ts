/**
 * Peak memory of reading a large Keboola table into a run's workspace (issue 17): the export read
 * as one string (`downloadText`, what a whole read does, capped at 50 MB) against the export
 * streamed (`downloadChunks` → header → `CsvTally` → `writeArtifactStream`, what
 * keboola.storage.tables "export" does), whole file and sliced, for each size in
 * KEBOOLA_BENCH_ROWS (default 300,000 and 1,000,000 rows, ~29 and ~100 MB of CSV) from the fake
 * Keboola over real HTTP. The workspace's R2 is a stand-in that hashes each part and keeps none,
 * so what is measured is the reader and the writer, not the store.
 *
 * Memory is the live heap + external (array buffers included) after a forced GC, sampled every 5 MiB read
 * and at the end, above the level once the export file exists (the export job has run; only the
 * download and the write are measured). Garbage not yet collected is not counted, so the number
 * is what the read holds, not when V8 chose to collect.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Env } from '../src/env';
import { CsvTally, withHeader } from '../src/connections/keboola/csv';
import { KeboolaApiError } from '../src/connections/keboola/errors';
import { downloadChunks, downloadText } from '../src/connections/keboola/files';
import { KeboolaClient } from '../src/connections/keboola/http-client';
import { writeArtifactStream } from '../src/workspace/artifact-stream';
import { createProject } from '../test/fakes/keboola-project';
import { keboolaRoutes } from '../test/fakes/keboola';
import { startFakeServer } from '../test/fakes/server';

const SIZES = (process.env.KEBOOLA_BENCH_ROWS ?? '300000,1000000').split(',').map(Number);
const TABLE = 'in.c-salesforce.contacts';
const SAMPLE_EVERY = 5 * 1024 * 1024;
/** What the streamed read may hold at any table size: the 5 MiB part being filled, plus the download's and gunzip's buffers. */
const BOUND_MB = 40;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function live(): number {
  gc();
  const m = process.memoryUsage();
  // `external` includes `arrayBuffers`.
  return m.heapUsed + m.external;
}

/**
 * The baseline once freed memory is really gone: zlib and the HTTP client give their external
 * buffers back in finalizers after a GC, so building the export (gzip) leaves memory that falls
 * over the next tens of milliseconds, and a baseline taken at once would hide the read's own use.
 */
async function settled(): Promise<number> {
  let level = live();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = live();
    if (next > level - 256 * 1024) return Math.min(level, next);
    level = next;
  }
  return level;
}

type Result = { peakMb: number; bytes: number; rows?: number; sha?: string } | { refused: string };

/** Runs `work`, which calls `sample()` as it goes; returns the peak live memory above the level before it. */
async function peakOf(work: (sample: () => void) => Promise<Omit<Extract<Result, { peakMb: number }>, 'peakMb'>>): Promise<Result> {
  const base = await settled();
  let peak = base;
  const sample = () => void (peak = Math.max(peak, live()));
  try {
    const out = await work(sample);
    sample();
    return { peakMb: Math.round(((peak - base) / 1024 / 1024) * 10) / 10, ...out };
  } catch (error) {
    if (error instanceof KeboolaApiError && error.code === 'too_large') return { refused: error.message.split(';')[0]! };
    throw error;
  }
}

/** A stand-in for the workspace's R2: hashes what it is given, keeps nothing. */
function hashingEnv(): { env: Env; sha: () => string } {
  const hash = createHash('sha256');
  let size = 0;
  const stored = (key: string) => ({ key, size, httpEtag: '"bench"', uploaded: new Date(), httpMetadata: {}, customMetadata: {} });
  const take = (bytes: Uint8Array) => {
    hash.update(bytes);
    size += bytes.byteLength;
  };
  const bucket = {
    list: async () => ({ objects: [], truncated: false }),
    put: async (key: string, bytes: Uint8Array) => (take(bytes), stored(key)),
    createMultipartUpload: async (key: string) => ({
      uploadPart: async (partNumber: number, bytes: Uint8Array) => (take(bytes), { partNumber, etag: String(partNumber) }),
      complete: async () => stored(key),
      abort: async () => undefined,
    }),
  };
  return { env: { BUCKET: bucket } as unknown as Env, sha: () => hash.digest('hex') };
}

describe('keboola export: peak memory, whole string vs streamed into the workspace', () => {
  it(`reads ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} rows both ways`, async () => {
    const fakes = await startFakeServer(keboolaRoutes);
    const lines: string[] = [];
    try {
      for (const rows of SIZES) {
        for (const sliced of [false, true]) {
          const token = `bench-${rows}-${sliced}-${Date.now()}`;
          const project = createProject(token, sliced ? { sliced_tables: [TABLE] } : {});
          const table = project.tables.get(TABLE)!;
          table.rows = Array.from({ length: rows }, (_, i) => [`003X${i}`, `Person ${i} with a longer name`, `person.${i}@example.com`, `Company ${i % 997}, "Ltd"`]);
          const client = new KeboolaClient({ url: `${fakes.url}/keboola`, token, backoffMs: [1, 2, 4] });
          // The export job runs first (the fake builds its file then): only the download and the write are measured.
          const { file, operation } = await client.exportFile(TABLE);
          table.rows = [];
          const streamed = await peakOf(async (sample) => {
            const { env, sha } = hashingEnv();
            const tally = new CsvTally();
            let read = 0;
            let next = SAMPLE_EVERY;
            const chunks = (async function* () {
              yield new TextEncoder().encode(withHeader(table.columns, ''));
              for await (const chunk of downloadChunks(client.transport, file, operation)) {
                read += chunk.byteLength;
                if (read >= next) (sample(), (next += SAMPLE_EVERY));
                yield chunk;
              }
            })();
            const written = await writeArtifactStream(env, 'run_bench', `keboola/${TABLE}.csv`, tally.through(chunks));
            return { bytes: written.size, rows: tally.shape(1).rows, sha: sha() };
          });
          // After the streamed read: a refused whole read leaves its cancelled download to be freed, which would lower the next baseline.
          const whole = await peakOf(async (sample) => {
            const text = await downloadText(client.transport, file, operation);
            sample(); // while the text is held
            return { bytes: new TextEncoder().encode(text).byteLength };
          });
          project.files.clear();
          const label = `${rows.toLocaleString('en')} rows${sliced ? ', sliced' : ''}`;
          lines.push(`  ${label.padEnd(22)} whole: ${describeResult(whole).padEnd(44)} streamed: ${describeResult(streamed)}`);
          expect(streamed).toMatchObject({ rows });
          if ('bytes' in whole && 'bytes' in streamed) expect(streamed.bytes).toBe(whole.bytes + withHeader(table.columns, '').length);
          // Bounded: the same few parts' worth at any size, never the table.
          if ('peakMb' in streamed) expect(streamed.peakMb).toBeLessThan(BOUND_MB);
        }
      }
      console.log(`keboola export into the workspace: peak live memory above baseline (after GC), bytes written\n${lines.join('\n')}`);
    } finally {
      await fakes.close();
    }
  });
});

function describeResult(r: Result): string {
  if ('refused' in r) return `refused (${r.refused})`;
  return `${String(r.peakMb).padStart(6)} MB for ${r.bytes.toLocaleString('en')} bytes`;
}
