// A large R2 write handed over a piece at a time, with the event loop's turn ended between pieces.
// Locally, R2 is an object in the same workerd process: it hashes and stores what it is given as
// fast as the body arrives, so a 5 MiB part given as one array held the process's one thread
// 0.2–0.66 s, and every `GET /runs/{id}` waited behind it (issue 13). Fed from a stream it can only
// work on what has arrived, and queued requests run in between. Deployed R2 is unaffected.
import { letRequestsIn } from '../turns';

/** Bytes handed to R2 per turn (a few ms of its hashing and storing). */
export const PACED_PIECE = 256 * 1024;

/**
 * `bytes` as a stream of known length, which R2's `put` and `uploadPart` take like the array, given
 * `piece` bytes a turn; up to one piece, the array itself.
 */
export function pacedBody(bytes: Uint8Array, piece = PACED_PIECE): Uint8Array | ReadableStream<Uint8Array> {
  if (bytes.byteLength <= piece) return bytes;
  const { readable, writable } = new FixedLengthStream(bytes.byteLength);
  const feed = async () => {
    const writer = writable.getWriter();
    for (let from = 0; from < bytes.byteLength; from += piece) {
      if (from > 0) await letRequestsIn();
      await writer.write(bytes.subarray(from, from + piece));
    }
    await writer.close();
  };
  // A reader that stops early (a failed upload) errors the writes: the upload reports that failure.
  feed().catch(() => undefined);
  return readable;
}
