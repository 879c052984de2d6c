// The run's status between two reads of it. `status` events carry each change with its reason,
// `paused` / `resumed` the pause flag; they are stamped by the same clock as the run's `updated_at`,
// so an event at or after the read is news the read did not have, and an older one is already in
// it. The header follows the stream at once instead of waiting for the next read (issue 13).
import type { RunDetail, RunEvent, RunStatus } from '../api/types';

export type StatusView = Pick<RunDetail, 'status' | 'status_reason' | 'paused'>;

export function liveStatus(run: StatusView & Pick<RunDetail, 'updated_at'>, events: readonly RunEvent[]): StatusView {
  let view: StatusView = { status: run.status, status_reason: run.status_reason, paused: run.paused };
  for (const event of events) {
    if (event.at < run.updated_at) continue;
    const { status, reason } = event.data;
    // The API's status events name a RunStatus (src/run/core.ts setStatus).
    if (event.type === 'status' && typeof status === 'string') view = { ...view, status: status as RunStatus, status_reason: typeof reason === 'string' ? reason : undefined };
    else if (event.type === 'paused' || event.type === 'resumed') view = { ...view, paused: event.type === 'paused' };
  }
  return view;
}
