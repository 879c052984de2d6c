/**
 * Peak memory of reading a large Keboola table (issue 17): the whole export as one string
 * (`exportTable`, what the tools did before) against the export streamed in chunks
 * (`exportTableChunks`, what keboola.storage.tables "export" now writes to the workspace), each
 * download only (the export job has run), each on its own fresh table of KEBOOLA_BENCH_ROWS rows (default 300,000, ~30 MB of CSV) in the fake
 * Keboola, over real HTTP, whole and sliced. Prints the peak heap and external memory above the
 * baseline taken once the export file exists. Run with --expose-gc for steadier baselines.
 */
import { describe, expect, it } from 'vitest';
import { downloadChunks, downloadText } from '../src/connections/keboola/files';
import { KeboolaClient } from '../src/connections/keboola/http-client';
import { createProject } from '../test/fakes/keboola-project';
import { keboolaRoutes } from '../test/fakes/keboola';
import { startFakeServer } from '../test/fakes/server';

const ROWS = Number(process.env.KEBOOLA_BENCH_ROWS ?? 300_000);
const TABLE = 'in.c-salesforce.contacts';

function usage(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

/** Samples memory while `work` runs; returns the peak above the level before it started. */
async function peakOf(work: () => Promise<number>): Promise<{ peakMb: number; bytes: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = usage();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, usage())), 5);
  try {
    const bytes = await work();
    peak = Math.max(peak, usage());
    return { peakMb: Math.round(((peak - base) / 1024 / 1024) * 10) / 10, bytes };
  } finally {
    clearInterval(timer);
  }
}

describe('keboola export: peak memory, whole string vs streamed chunks', () => {
  it(`reads ${ROWS.toLocaleString('en')} rows both ways`, async () => {
    const fakes = await startFakeServer(keboolaRoutes);
    try {
      const results: Record<string, { peakMb: number; bytes: number }> = {};
      for (const sliced of [false, true]) {
        for (const mode of ['whole', 'streamed'] as const) {
          const token = `bench-${mode}-${sliced}-${Date.now()}`;
          const project = createProject(token, sliced ? { sliced_tables: [TABLE] } : {});
          const table = project.tables.get(TABLE)!;
          table.rows = Array.from({ length: ROWS }, (_, i) => [`003X${i}`, `Person ${i} with a longer name`, `person.${i}@example.com`, `Company ${i % 997}, "Ltd"`]);
          const client = new KeboolaClient({ url: `${fakes.url}/keboola`, token, backoffMs: [1, 2, 4] });
          // The export job runs first (the fake builds its file then): only the download is measured.
          const { file, operation } = await client.exportFile(TABLE);
          results[`${mode}${sliced ? ' (sliced)' : ''}`] = await peakOf(async () => {
            if (mode === 'whole') return new TextEncoder().encode(await downloadText(client.transport, file, operation)).byteLength;
            let bytes = 0;
            for await (const chunk of downloadChunks(client.transport, file, operation)) bytes += chunk.byteLength;
            return bytes;
          });
        }
      }
      console.log(`keboola export of ${ROWS.toLocaleString('en')} rows: peak memory above baseline (MB), bytes read`);
      for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(18)} ${String(r.peakMb).padStart(7)} MB  ${r.bytes.toLocaleString('en')} bytes`);
      expect(results.streamed!.bytes).toBe(results.whole!.bytes);
      expect(results['streamed (sliced)']!.bytes).toBe(results['whole (sliced)']!.bytes);
    } finally {
      await fakes.close();
    }
  });
});
