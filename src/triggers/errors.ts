import { AppError, type ErrorDetails } from '../errors';

/**
 * A webhook that cannot be attributed to the trigger's secret (spec §8 "Webhooks"): missing
 * headers, a timestamp outside the tolerance, or no signature that verifies. Always 401, and the
 * request changes nothing — no run starts and the webhook-id is not remembered.
 */
export class WebhookAuthError extends AppError {
  override name = 'WebhookAuthError';
  constructor(code: 'webhook_headers_missing' | 'webhook_id_invalid' | 'webhook_timestamp_invalid' | 'webhook_timestamp_out_of_tolerance' | 'webhook_signature_invalid' | 'webhook_token_invalid', message: string, details?: ErrorDetails) {
    super(401, code, message, details);
  }
}

/** The same webhook-id again: Standard Webhooks senders retry with the same id, so this one already counted. */
export class WebhookReplayError extends AppError {
  override name = 'WebhookReplayError';
  constructor(triggerId: string, messageId: string, runId: string | null) {
    super(409, 'webhook_replayed', `Webhook message "${messageId}" was already received for trigger "${triggerId}"; no new run was started`, {
      trigger_id: triggerId,
      webhook_id: messageId,
      ...(runId ? { run_id: runId } : {}),
    });
  }
}

/** A trigger that exists but may not start runs right now (disabled, no secret yet, Playbook archived). */
export class TriggerUnavailableError extends AppError {
  override name = 'TriggerUnavailableError';
  constructor(triggerId: string, reason: string) {
    super(409, 'trigger_unavailable', `Trigger "${triggerId}" cannot start runs: ${reason}`, { trigger_id: triggerId, reason });
  }
}
