import type { KeboolaTransport } from './transport';

/**
 * Polls something asynchronous on Keboola (a storage job, a query, a queue job) with a back-off
 * schedule until it is finished or the client's wait limit is reached. Polls are safe reads, so
 * the transport retries them; the caller decides what an unfinished outcome means.
 */
export async function waitFor<T>(
  client: { transport: KeboolaTransport; maxWaitMs: number },
  options: { schedule: readonly number[]; poll: () => Promise<T>; finished: (value: T) => boolean; first?: T },
): Promise<{ last: T; finished: boolean }> {
  const started = Date.now();
  let last = options.first ?? (await options.poll());
  for (let attempt = 0; !options.finished(last); attempt++) {
    const wait = client.transport.delay(attempt, options.schedule);
    if (Date.now() - started + wait > client.maxWaitMs) return { last, finished: false };
    await client.transport.sleep(wait);
    last = await options.poll();
  }
  return { last, finished: true };
}

/** Storage jobs and queries usually end within seconds: start polling faster than the Jobs Queue's 2 s. */
export function fastSchedule(backoff: readonly number[]): number[] {
  const first = backoff[0] ?? 2_000;
  return [first / 4, first / 2, ...backoff].map((ms) => Math.max(1, Math.round(ms)));
}
