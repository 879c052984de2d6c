/**
 * Issue 17, "reads beyond one page stream": a sliced export bigger than the 50 MB a tool may hold
 * in memory goes from Keboola's slices into the run's workspace and on into SQL intact, and what
 * would hold it whole is refused with a clear error. (The 1,000,000-row peak memory is
 * bench/keboola-export.bench.ts.)
 */
import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readArtifact, readArtifactChunks } from '../../src/workspace/artifacts';
import { DEFAULT_ARTIFACT_MAX_BYTES } from '../../src/workspace/limits';
import { EVENT_COLUMNS, eventRow } from '../fakes/event-rows';
import { createTestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { keboolaProject, keboolaRequests, useKeboola } from './fake';

/** ~1 KB a row: 54,000 rows are ~55 MB of CSV, over the 50 MiB in-memory cap. */
const ROWS = 54_000;
const TABLE = 'in.c-salesforce.events';
const PATH = `keboola/${TABLE}.csv`;

async function sha256(chunks: AsyncIterable<Uint8Array>): Promise<{ hex: string; bytes: number }> {
  // workerd's crypto.DigestStream, which the DOM typing of `crypto` does not know.
  const digest = new (crypto as unknown as { DigestStream: typeof DigestStream }).DigestStream('SHA-256');
  const writer = digest.getWriter();
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    await writer.write(chunk);
  }
  await writer.close();
  return { hex: [...new Uint8Array(await digest.digest)].map((b) => b.toString(16).padStart(2, '0')).join(''), bytes };
}

/** The CSV the export must be (header added by the client, rows as Keboola quotes them), made a block at a time. */
async function* expectedCsv(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(`${Papa.unparse([EVENT_COLUMNS], { quotes: true, newline: '\n' })}\n`);
  for (let from = 0; from < ROWS; from += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, ROWS - from) }, (_, i) => eventRow(from + i));
    yield encoder.encode(`${Papa.unparse(rows, { quotes: true, newline: '\n' })}\n`);
  }
}

describe('a Keboola table larger than the in-memory cap', () => {
  it('streams from a sliced export into the workspace and into SQL intact; a whole read is refused plainly', { timeout: 180_000 }, async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject({ event_rows: ROWS, sliced_tables: [TABLE] });
    await useKeboola(admin, project);
    const author = await createTestUser('author');
    const done = await drive(await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('read', [
        { id: 'export', tool: 'keboola.storage.tables', args: { action: 'export', table_id: TABLE } },
        {
          id: 'sql', tool: 'sql.local',
          args: { load: [{ table: 'events', artifact: PATH }], statements: "SELECT count(*) AS n, sum(CAST(account AS INTEGER)) AS accounts, max(length(note)) AS longest, count(DISTINCT id) AS ids FROM events" },
        },
        { id: 'last', tool: 'sql.local', args: { statements: `SELECT id, note FROM events WHERE rowid = ${ROWS}` } },
      ]),
    ]))), author);
    expect(done.status).toBe('done');
    const { export: exported, sql, last } = done.steps[0].outputs;
    expect(exported).toMatchObject({ row_count: ROWS, columns: EVENT_COLUMNS, saved_as: PATH });
    expect(await keboolaRequests(project, 'download-slice')).toHaveLength(8);

    // Byte for byte what Keboola's slices hold, under one header, and more than a whole read may hold.
    const want = await sha256(expectedCsv());
    expect(want.bytes).toBeGreaterThan(DEFAULT_ARTIFACT_MAX_BYTES);
    const stored = await readArtifactChunks(env, done.id, PATH);
    expect(stored.info).toMatchObject({ size: want.bytes, taint: [expect.stringMatching(/^tool:keboola\.storage\.tables:/)] });
    expect(await sha256(stored.chunks)).toEqual(want);

    // sql.local read it in parts: every row, each whole (the longest note, the sum over all accounts).
    const accounts = Array.from({ length: ROWS }, (_, i) => Number(eventRow(i)[1])).reduce((a, b) => a + b, 0);
    const longest = Math.max(...Array.from({ length: ROWS }, (_, i) => eventRow(i)[2]!.length));
    expect(sql.rows).toEqual([[ROWS, accounts, longest, ROWS]]);
    expect(last.rows).toEqual([[`E${ROWS - 1}`, eventRow(ROWS - 1)[2]]]);

    // A tool that reads a file whole gets a reason, not an out-of-memory crash.
    await expect(readArtifact(env, done.id, PATH)).rejects.toMatchObject({
      status: 413, code: 'artifact_too_large',
      message: expect.stringContaining('more than a tool can read at once; load it as a table with sql.local'),
    });
  });
});
