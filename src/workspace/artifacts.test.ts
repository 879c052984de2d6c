import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { artifactInfo, listArtifacts, readArtifact, writeArtifact } from './artifacts';

describe('artifacts', () => {
  it('a large file goes up in parts and reads back byte for byte, with its type and taint', async () => {
    // 12 MB of varied lines (not a repeated block), so a part out of order or lost would show.
    const lines = Array.from({ length: 120_000 }, (_, i) => `${i},${(i * 7919) % 100_003},"row ${i}, é ü"`.padEnd(99, '.'));
    const text = `id,key,note\n${lines.join('\n')}\n`;
    const taint = ['keboola:in.c-crm.contacts'];
    const written = await writeArtifact(env, 'run_parts', 'exports/big.csv', text, { taint });
    expect(written).toMatchObject({ path: 'exports/big.csv', size: new TextEncoder().encode(text).byteLength, content_type: 'text/csv; charset=utf-8', taint });
    expect(written.etag).toMatch(/-3"?$/); // a multipart upload's etag counts its parts (5 + 5 + 2 MB)
    const read = await readArtifact(env, 'run_parts', 'exports/big.csv');
    expect(read.text === text).toBe(true);
    expect(read.info).toMatchObject({ size: written.size, taint, content_type: 'text/csv; charset=utf-8' });
    expect(await artifactInfo(env, 'run_parts', 'exports/big.csv')).toMatchObject({ size: written.size, taint });
    expect(await listArtifacts(env, 'run_parts')).toEqual([expect.objectContaining({ path: 'exports/big.csv', size: written.size, taint })]);
  });

  it('a small file is one put; the size limit is checked before anything is stored', async () => {
    expect((await writeArtifact(env, 'run_small', 'a.json', '{"a":1}')).etag).not.toMatch(/-\d+"?$/);
    await expect(writeArtifact(env, 'run_small', 'b.txt', 'x'.repeat(2_000), { maxBytes: 1_000 })).rejects.toThrow('Artifact "b.txt" is 2000 bytes; the limit is 1000');
    expect((await listArtifacts(env, 'run_small')).map((a) => a.path)).toEqual(['a.json']);
  });
});
