import { z } from '@hono/zod-openapi';
import { Slug } from './common';
import { cronProblem } from '../triggers/cron';

const base = { id: Slug.optional(), enabled: z.boolean().default(true) };

export const ManualTrigger = z.strictObject({ type: z.literal('manual'), ...base });
export const CronTrigger = z.strictObject({
  type: z.literal('cron'),
  ...base,
  expression: z.string().min(9).max(120),
  timezone: z.string().min(1).max(64).default('UTC'),
  inputs: z.record(z.string(), z.unknown()).optional(),
}).superRefine((trigger, ctx) => {
  // Refused when the Playbook is saved, not discovered at the first (missed) fire.
  const problem = cronProblem(trigger.expression, trigger.timezone);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});
export const WebhookTrigger = z.strictObject({ type: z.literal('http_webhook'), ...base });
export const KeboolaJobFinishedTrigger = z.strictObject({
  type: z.literal('keboola.job_finished'),
  ...base,
  component_id: z.string().min(1).max(128),
  configuration_id: z.string().min(1).max(64).optional(),
  status: z.enum(['success', 'error', 'any']).default('success'),
});
export const KeboolaTableUpdatedTrigger = z.strictObject({
  type: z.literal('keboola.table_updated'),
  ...base,
  table_id: z.string().min(1).max(256),
  poll_seconds: z.number().int().min(60).max(86_400).default(300),
});

/** Trigger types from the PRD that are accepted in YAML but not built yet (shown as "not available"). */
export const PLANNED_TRIGGER_TYPES = ['slack.message', 'email.received', 'salesforce.record_changed', 'file.uploaded'] as const;
export const PlannedTrigger = z.looseObject({ type: z.enum(PLANNED_TRIGGER_TYPES), ...base });

export const Trigger = z
  .discriminatedUnion('type', [ManualTrigger, CronTrigger, WebhookTrigger, KeboolaJobFinishedTrigger, KeboolaTableUpdatedTrigger, PlannedTrigger])
  .openapi('Trigger');
export type Trigger = z.infer<typeof Trigger>;

export function triggerAvailable(trigger: Trigger): boolean {
  return !(PLANNED_TRIGGER_TYPES as readonly string[]).includes(trigger.type);
}

/** A trigger secret as issued: in the one response that creates or rotates it, never again (spec §8). */
export const IssuedTriggerSecret = z
  .object({
    trigger_id: z.string(),
    key: z.string().openapi({ description: "The trigger's id in the Playbook, or the one derived for it" }),
    type: z.string(),
    secret: z.string().openapi({ description: 'Standard Webhooks signing secret (whsec_<base64>); stored encrypted and never shown again' }),
    webhook_path: z.string().openapi({ description: 'POST here with webhook-id, webhook-timestamp and webhook-signature headers' }),
    notification_path: z.string().optional().openapi({ description: 'keboola.job_finished only: a URL with a secret token in the path, for senders that cannot sign (the Keboola notification service)' }),
  })
  .openapi('IssuedTriggerSecret');
export type IssuedTriggerSecret = z.infer<typeof IssuedTriggerSecret>;
