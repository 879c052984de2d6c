import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { pacedBody } from './paced-body';

const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);

describe('paced R2 bodies', () => {
  it('store the same bytes as the array, as a put and as a multipart part', async () => {
    await env.BUCKET.put('paced/put.bin', pacedBody(BYTES, 64));
    expect(new Uint8Array(await (await env.BUCKET.get('paced/put.bin'))!.arrayBuffer())).toEqual(BYTES);
    const upload = await env.BUCKET.createMultipartUpload('paced/parts.bin');
    const part = await upload.uploadPart(1, pacedBody(BYTES, 100));
    await upload.complete([part]);
    expect(new Uint8Array(await (await env.BUCKET.get('paced/parts.bin'))!.arrayBuffer())).toEqual(BYTES);
    expect(pacedBody(BYTES, 1000)).toBe(BYTES); // one piece: the array itself
  });

  it('hand over one piece a turn, so timers queued meanwhile run before the last piece is read', async () => {
    const body = pacedBody(BYTES, 100) as ReadableStream<Uint8Array>;
    let turns = 0;
    Array.from({ length: 20 }, () => setTimeout(() => void turns++, 0));
    const seen: number[] = [];
    const reader = body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) seen.push(turns);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBeGreaterThan(0);
  });
});
