import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { decodeInSlices, encodeInSlices } from './utf8-slices';

/** Text with 1-, 2-, 3- and 4-byte characters, a lone surrogate and BOMs inside, so slice cuts fall inside characters. */
const AWKWARD = 'ab\u00e9\u20ac\u{1F600}c\uD800d\u{1F4A9}\uFEFF\u00fc'.repeat(7);

/** A body that arrives in the given chunks, as a stream from R2 or the network can. */
function bodyOf(bytes: Uint8Array, chunkSizes: number[]): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.byteLength; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return new ReadableStream({ pull: (controller) => void (chunks.length > 0 ? controller.enqueue(chunks.shift()!) : controller.close()) });
}

describe('utf8 slices', () => {
  it("decodes to what R2's text() gives: a BOM dropped, bad bytes replaced, characters cut by slices and chunks", async () => {
    const encoded = new TextEncoder().encode(`\uFEFF${AWKWARD}`);
    const bytes = new Uint8Array([...encoded.subarray(0, 20), 0xff, 0xc3, ...encoded.subarray(20), 0xe2, 0x82]);
    await env.BUCKET.put('utf8-slices/awkward.txt', bytes);
    const expected = await (await env.BUCKET.get('utf8-slices/awkward.txt'))!.text();
    for (const slice of [1, 2, 3, 5, 1 << 20]) {
      for (const chunks of [[1], [3, 7], [4096]]) expect(await decodeInSlices(bodyOf(bytes, chunks), slice), `slice ${slice}, chunks ${chunks}`).toBe(expected);
    }
  });

  it('encodes to what TextEncoder gives, never splitting a surrogate pair at a cut', async () => {
    const expected = new TextEncoder().encode(AWKWARD);
    for (const slice of [1, 2, 3, 4, 7, 1 << 20]) expect(await encodeInSlices(AWKWARD, slice), `slice ${slice}`).toEqual(expected);
  });

  it('ends the event-loop turn between slices, so queued requests run while a large file converts', async () => {
    const text = 'x'.repeat(10);
    let turns = 0;
    const queue = () => Array.from({ length: 20 }, () => setTimeout(() => void turns++, 0));
    queue();
    await encodeInSlices(text, 4);
    expect(turns).toBeGreaterThan(0);
    turns = 0;
    queue();
    await decodeInSlices(bodyOf(new TextEncoder().encode(text), [10]), 4);
    expect(turns).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    turns = 0;
    queue();
    await encodeInSlices(text, 100); // one slice: nothing waits
    await decodeInSlices(bodyOf(new TextEncoder().encode(text), [10]), 100);
    expect(turns).toBe(0);
  });
});
