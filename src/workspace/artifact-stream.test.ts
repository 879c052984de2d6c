import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { writeArtifactStream } from './artifact-stream';
import { listArtifacts, readArtifactChunks, writeArtifact } from './artifacts';

const MB = 1024 * 1024;

/** `total` bytes in 64 KiB chunks, each byte from its offset, so a part lost or out of order would show. */
async function* bytes(total: number): AsyncGenerator<Uint8Array> {
  for (let from = 0; from < total; from += 64 * 1024) yield Uint8Array.from({ length: Math.min(64 * 1024, total - from) }, (_, i) => (from + i) % 251);
}

async function sizeAndSum(chunks: AsyncIterable<Uint8Array>): Promise<[number, number]> {
  let size = 0;
  let sum = 0;
  for await (const chunk of chunks) for (const b of chunk) sum = (sum + b * ((size++ % 7) + 1)) % 1_000_000_007;
  return [size, sum];
}

describe('streamed artifacts', () => {
  it('go up in 5 MiB parts and read back as chunks, byte for byte', async () => {
    const written = await writeArtifactStream(env, 'run_stream', 'big.bin', bytes(12 * MB));
    expect(written.size).toBe(12 * MB);
    expect(written.etag).toMatch(/-3"?$/); // 5 + 5 + 2 MiB
    expect(await sizeAndSum((await readArtifactChunks(env, 'run_stream', 'big.bin')).chunks)).toEqual(await sizeAndSum(bytes(12 * MB)));
  });

  it('stop at their cap with a clear error, leaving nothing at the path (the parts already sent are dropped)', async () => {
    await expect(writeArtifactStream(env, 'run_stream_cap', 'big.csv', bytes(12 * MB), { maxBytes: 8 * MB })).rejects.toMatchObject({
      status: 413, code: 'artifact_too_large', message: expect.stringMatching(/^Artifact "big.csv" is \d+ bytes; the limit is 8388608\. A streamed file stops at this cap/),
    });
    expect(await listArtifacts(env, 'run_stream_cap')).toEqual([]);
  });

  it('count against the run\'s quota with its other files; the file being replaced does not count', async () => {
    await writeArtifact(env, 'run_quota', 'other.txt', 'x'.repeat(3 * MB));
    await expect(writeArtifactStream(env, 'run_quota', 'table.csv', bytes(2 * MB), { quotaBytes: 4 * MB })).rejects.toMatchObject({
      status: 413, code: 'workspace_full', details: { path: 'table.csv', used: 3 * MB, quota: 4 * MB },
      message: expect.stringContaining("takes the run's workspace (3145728 bytes in its other files) past its quota of 4194304"),
    });
    expect((await listArtifacts(env, 'run_quota')).map((a) => a.path)).toEqual(['other.txt']);
    await writeArtifactStream(env, 'run_quota', 'table.csv', bytes(MB - 1), { quotaBytes: 4 * MB });
    expect((await writeArtifactStream(env, 'run_quota', 'table.csv', bytes(MB), { quotaBytes: 4 * MB })).size).toBe(MB);
  });
});
