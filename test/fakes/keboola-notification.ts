import { nextNumber } from './keboola-project';
import { errorReply, json, route } from './keboola-http';
import type { FakeRoute } from './server';

/**
 * Fake Notification service under /keboola/notification (keboola-api.md "Notifications"):
 * `POST /project-subscriptions` `{event, filters: [{field, value}], recipient: {channel: "webhook", url}}`
 * → 201 with the subscription and its id; `GET /project-subscriptions`; `DELETE
 * /project-subscriptions/{id}` → 204 (404 when unknown). A body off that shape is a 400, as the
 * service validates it, so a client that sends something else fails here too.
 */

const N = '/keboola/notification/project-subscriptions';
const EVENTS = new Set(['job-failed', 'job-succeeded', 'job-succeeded-with-warning', 'job-processing-long']);

function invalid(body: Record<string, unknown>): string | undefined {
  if (typeof body.event !== 'string' || !EVENTS.has(body.event)) return `event must be one of ${[...EVENTS].join(', ')}`;
  const filters = body.filters;
  if (!Array.isArray(filters) || filters.some((f) => !f || typeof f.field !== 'string' || typeof f.value !== 'string')) return 'filters must be a list of {field, value} strings';
  const recipient = body.recipient as Record<string, unknown> | undefined;
  if (!recipient || recipient.channel !== 'webhook' || typeof recipient.url !== 'string' || !/^https?:\/\//.test(recipient.url)) return 'recipient must be {channel: "webhook", url: <absolute URL>}';
  return undefined;
}

export const keboolaNotificationRoutes: FakeRoute[] = [
  route('notification', 'subscribe', 'POST', new RegExp(`^${N}$`), (p, r) => {
    const body = (r.body && typeof r.body === 'object' ? r.body : {}) as Record<string, unknown>;
    const problem = invalid(body);
    if (problem) return errorReply('notification', 400, problem);
    const subscription = { id: String(nextNumber()), event: body.event as string, filters: body.filters as { field: string; value: string }[], recipient: body.recipient as { channel: 'webhook'; url: string } };
    p.subscriptions.set(subscription.id, subscription);
    return json(subscription, 201);
  }),
  route('notification', 'subscriptions', 'GET', new RegExp(`^${N}$`), (p) => json([...p.subscriptions.values()])),
  route('notification', 'unsubscribe', 'DELETE', new RegExp(`^${N}/([^/]+)$`), (p, r) => {
    if (!p.subscriptions.delete(r.params[0]!)) return errorReply('notification', 404, `Subscription ${r.params[0]} not found`);
    return { status: 204 };
  }),
];
