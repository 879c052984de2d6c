import { z } from '@hono/zod-openapi';
import { IsoDateTime } from '../domain/common';
import { Trigger } from '../domain/trigger';

/** A keboola.job_finished trigger's own subscription in Keboola's Notification service, or why it has none. */
export const NotificationSubscription = z
  .object({
    state: z.enum(['subscribed', 'not_subscribed', 'failed']),
    events: z.array(z.string()).optional().openapi({ description: 'The Keboola events subscribed to (job-succeeded, job-failed, …)' }),
    subscription_ids: z.array(z.string()).optional(),
    reason: z.string().optional().openapi({ description: 'Why there is none, or what Keboola answered' }),
    at: IsoDateTime,
  })
  .openapi('NotificationSubscription');
export type NotificationSubscription = z.infer<typeof NotificationSubscription>;

/** One trigger of a Playbook as the Schedule & Trigger panel shows it. */
export const TriggerStatus = z
  .object({
    id: z.string().openapi({ description: 'Public id (trg_...), used in webhook URLs' }),
    key: z.string().openapi({ description: "The trigger's id in the Playbook, or `<type>-<n>` for an unnamed one" }),
    type: z.string(),
    config: Trigger.openapi({ description: 'The trigger as written in the current revision' }),
    enabled: z.boolean().openapi({ description: 'Whether it starts runs: the PATCHed flag if set, else the Playbook\'s' }),
    enabled_in_playbook: z.boolean(),
    available: z.boolean().openapi({ description: 'False for trigger types not built yet, and for webhooks without a secret' }),
    reason: z.string().optional().openapi({ description: 'Why it is not available' }),
    next_fire_at: IsoDateTime.optional().openapi({ description: 'cron: next fire; keboola.table_updated: next poll' }),
    webhook_url: z.string().optional(),
    has_secret: z.boolean(),
    secret_created_at: IsoDateTime.optional(),
    watermark: z.string().optional().openapi({ description: 'keboola.table_updated: the last lastImportDate that fired (or the registration time)' }),
    last_fired_at: IsoDateTime.optional(),
    last_run_id: z.string().optional(),
    last_error: z.string().optional(),
    notification_subscription: NotificationSubscription.optional().openapi({ description: 'keboola.job_finished: the Keboola notification subscription the trigger created for itself' }),
  })
  .openapi('TriggerStatus');
export type TriggerStatus = z.infer<typeof TriggerStatus>;

export const TriggerPatch = z.strictObject({ enabled: z.boolean() }).openapi('TriggerPatch');

/** What a delivery did: the runs it started (at most one per trigger), or why it started none. */
export const HookResult = z
  .object({
    trigger_id: z.string(),
    run_id: z.string().optional().openapi({ description: 'The run started, when one was' }),
    started: z.array(z.object({ run_id: z.string(), playbook_id: z.string() })),
    skipped: z.string().optional().openapi({ description: 'Why nothing started (the payload did not match the trigger filters)' }),
  })
  .openapi('HookResult');
export type HookResult = z.infer<typeof HookResult>;
