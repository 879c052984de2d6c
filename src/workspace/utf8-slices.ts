// Whole-file text conversions at workspace scale (a 100k-row CSV is ~11 MB) in slices, with the
// event loop's turn ended between them: `R2ObjectBody.text()` of an 11 MB file held the process's
// one thread 0.4–0.7 s, and `TextEncoder.encode` of it ~0.2 s (a loaded 2-CPU machine), so every
// `GET /runs/{id}` queued behind them waited (issue 13). Slices are counted in bytes and characters, not timed.
import { chunksOf, concatBytes } from '../streams';
import { letRequestsIn } from '../turns';

/** Bytes decoded, or characters encoded, per slice (~1–5 ms each). */
export const UTF8_SLICE = 1 << 20;

/** What `text()` of the body gives (UTF-8, a leading BOM dropped, bad bytes as U+FFFD), decoded a slice at a time. */
export async function decodeInSlices(body: ReadableStream<Uint8Array>, slice = UTF8_SLICE): Promise<string> {
  const parts: string[] = [];
  for await (const part of decodedSlices(body, slice)) parts.push(part);
  return parts.join('');
}

/**
 * The same text in pieces as it is decoded, never joined: for readers that cut it as it comes (a
 * CSV parsed a slice of records at a time), since joining an 11 MB file into one string held the
 * thread 70–120 ms. Empty pieces are left out.
 */
export async function* decodedSlices(body: ReadableStream<Uint8Array>, slice = UTF8_SLICE): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let sinceYield = 0;
  for await (const chunk of chunksOf(body)) {
    for (let from = 0; from < chunk.byteLength; from += slice) {
      const piece = chunk.subarray(from, from + slice);
      const text = decoder.decode(piece, { stream: true });
      if (text !== '') yield text;
      sinceYield += piece.byteLength;
      if (sinceYield >= slice) {
        sinceYield = 0;
        await letRequestsIn();
      }
    }
  }
  const last = decoder.decode();
  if (last !== '') yield last;
}

/** `new TextEncoder().encode(text)` a slice of characters at a time; a cut never splits a surrogate pair. */
export async function encodeInSlices(text: string, slice = UTF8_SLICE): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  if (text.length <= slice) return encoder.encode(text);
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + slice);
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to++;
    const piece = encoder.encode(text.slice(from, to));
    pieces.push(piece);
    size += piece.byteLength;
    from = to;
    if (from < text.length) await letRequestsIn();
  }
  return concatBytes(pieces, size);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
