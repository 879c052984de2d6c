import { z } from '@hono/zod-openapi';
import type { Trigger } from '../domain/trigger';

type JobFinishedTrigger = Extract<Trigger, { type: 'keboola.job_finished' }>;

const KeboolaId = z.union([z.string(), z.number()]).transform(String);
const Ref = z.looseObject({ id: KeboolaId, name: z.string().optional() });

/**
 * A Keboola job notification (keboola-api.md "Notifications"). The delivered body is not confirmed
 * by Keboola's docs, so only what matching needs is required and everything else is ignored:
 * loose objects, ids as strings or numbers, status from `job.status` or the event name.
 */
export const KeboolaJobEvent = z.looseObject({
  event: z.string().optional(),
  job: z.looseObject({ id: KeboolaId, status: z.string().optional(), component: Ref, configuration: Ref.optional() }),
  project: z.looseObject({ id: KeboolaId.optional(), name: z.string().optional() }).optional(),
});
export type KeboolaJobEvent = z.infer<typeof KeboolaJobEvent>;

// A job that ended with warnings still succeeded; terminated and cancelled jobs did not run to an error.
const SUCCESS = ['success', 'warning'];
const ERROR = ['error'];
const EVENT_STATUS: Record<string, string> = { 'job-succeeded': 'success', 'job-succeeded-with-warning': 'warning', 'job-warning': 'warning', 'job-failed': 'error' };

/** The job's final status, or undefined when the body carries none. */
export function jobStatus(event: KeboolaJobEvent): string | undefined {
  return event.job.status?.toLowerCase() ?? (event.event ? EVENT_STATUS[event.event] : undefined);
}

/** Why the event does not match the trigger's filters; undefined when it does. */
export function mismatch(trigger: JobFinishedTrigger, event: KeboolaJobEvent): string | undefined {
  const { job } = event;
  if (job.component.id !== trigger.component_id) return `component "${job.component.id}" is not "${trigger.component_id}"`;
  if (trigger.configuration_id && job.configuration?.id !== trigger.configuration_id) {
    return `configuration "${job.configuration?.id ?? '(none)'}" is not "${trigger.configuration_id}"`;
  }
  const status = jobStatus(event);
  // No status in the body: the notification subscription itself chose the event (job-succeeded, ...), so trust it.
  if (status === undefined || trigger.status === 'any') return undefined;
  const wanted = trigger.status === 'success' ? SUCCESS : ERROR;
  return wanted.includes(status) ? undefined : `job status "${status}" is not ${trigger.status}`;
}

/** What a run may take from the event, under the input names a Playbook would declare for it. */
export function jobInputs(event: KeboolaJobEvent): Record<string, unknown> {
  const status = jobStatus(event);
  return {
    job_id: event.job.id,
    component_id: event.job.component.id,
    ...(event.job.configuration ? { configuration_id: event.job.configuration.id } : {}),
    ...(status ? { job_status: status } : {}),
  };
}
