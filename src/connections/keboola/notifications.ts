import { KeboolaApiError } from './errors';
import type { KeboolaClient } from './http-client';

/**
 * Keboola's Notification service (keboola-api.md "Notifications"): a project subscription sends one
 * event kind (`job-succeeded`, `job-failed`, …) for jobs matching its filters to a webhook URL.
 * Subscribing is sent once (never retried: a retry could subscribe twice); removing is idempotent.
 */

export type JobFilter = { componentId: string; configurationId?: string };

export class Notifications {
  constructor(private readonly client: KeboolaClient) {}

  /** One subscription per event; returns their ids in the order of `events`. */
  async subscribe(events: readonly string[], filter: JobFilter, url: string): Promise<string[]> {
    const filters = [{ field: 'job.component.id', value: filter.componentId }, ...(filter.configurationId ? [{ field: 'job.configuration.id', value: filter.configurationId }] : [])];
    const ids: string[] = [];
    for (const event of events) {
      const created = await this.client.transport.json<{ id: string | number }>({
        service: 'notification', operation: `subscribe to ${event} of ${filter.componentId}`, method: 'POST', url: await this.base(),
        json: { event, filters, recipient: { channel: 'webhook', url } }, retry: 'never',
      });
      ids.push(String(created.id));
    }
    return ids;
  }

  /** A subscription already gone (removed in Keboola's UI) counts as removed. */
  async unsubscribe(id: string): Promise<void> {
    try {
      await this.client.transport.send({ service: 'notification', operation: `remove subscription ${id}`, method: 'DELETE', url: `${await this.base()}/${encodeURIComponent(id)}`, retry: 'safe' });
    } catch (error) {
      if (!(error instanceof KeboolaApiError && error.status === 404)) throw error;
    }
  }

  private async base(): Promise<string> {
    return `${await this.client.serviceUrl('notification')}/project-subscriptions`;
  }
}
