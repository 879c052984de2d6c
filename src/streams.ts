/**
 * A byte stream (an R2 body, a fetch response) as an async iterable, for `for await` and for
 * passing to the workspace's streamed writes. A consumer that stops early (an error, a cap)
 * cancels the stream, so the rest of a large body is not left downloading.
 */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** Pieces read one after another, as one array of `size` bytes (their lengths added up). */
export function concatBytes(pieces: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.byteLength;
  }
  return bytes;
}
