import { waitFor } from './poll';
import type { KeboolaClient } from './http-client';
import type { JobOverride } from './backend';

/**
 * Runs a configured component through the Jobs Queue (keboola-api.md): POST /jobs once (a repeat
 * would run the extractor twice), then poll GET /jobs/{id} with the 2 s → 5 s → 15 s back-off
 * until `isFinished` or the wait limit. An unfinished job is returned as it stands, not thrown:
 * it keeps running on Keboola and its url says where to look.
 */

export type QueueJob = {
  id: string | number;
  status: string; // created | waiting | processing | success | error | warning | terminating | cancelled | terminated
  isFinished?: boolean;
  url?: string;
  component?: string;
  config?: string;
  result?: { message?: string } | null;
};

const FINISHED = new Set(['success', 'error', 'warning', 'cancelled', 'terminated']);

export class JobsQueue {
  constructor(private readonly client: KeboolaClient) {}

  /**
   * `branchId` runs the configuration as it is on that dev branch (the Queue's job body takes it; unconfirmed beyond Keboola's clients).
   * `override` sends the whole body as `configData` (it replaces the stored one; `config` still names the
   * default bucket) and `configRowIds` to run only those rows (developers.keboola.com/integrate/jobs "Job Configuration").
   */
  async run(component: string, config: string, branchId?: string, override?: JobOverride): Promise<QueueJob & { waited_out: boolean }> {
    const base = await this.client.serviceUrl('queue');
    const transport = this.client.transport;
    const created = await transport.json<QueueJob>({
      service: 'queue', operation: `run ${component} configuration ${config}`, method: 'POST', url: `${base}/jobs`,
      json: {
        component, config, mode: 'run', ...(branchId ? { branchId } : {}),
        ...(override ? { configData: override.configData, ...(override.rowIds?.length ? { configRowIds: override.rowIds } : {}) } : {}),
      },
      retry: 'never',
    });
    const { last, finished } = await waitFor(this.client, {
      schedule: transport.backoffMs,
      poll: () => transport.json<QueueJob>({ service: 'queue', operation: `check job ${created.id}`, method: 'GET', url: `${base}/jobs/${encodeURIComponent(String(created.id))}`, retry: 'safe' }),
      finished: (job) => job.isFinished === true || FINISHED.has(job.status),
      first: created,
    });
    return { ...last, waited_out: !finished };
  }
}
