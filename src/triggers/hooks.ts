import type { Env } from '../env';
import { tenantStub } from '../api/context';
import { BadRequestError, NotFoundError, ValidationError, fromRpc } from '../errors';
import { parseOrThrow } from '../domain/issues';
import { HOOK_TYPES } from './entries';
import { TriggerUnavailableError, WebhookAuthError, WebhookReplayError } from './errors';
import { startTriggeredRun } from './fire';
import { KeboolaJobEvent, jobInputs, mismatch } from './keboola-job';
import type { HookResult } from './schemas';
import { notificationTokenValid, openTriggerSecret } from './secrets';
import { verifyWebhook, type WebhookHeaders } from './signature';
import type { TriggerRow } from './store';

/**
 * Deliveries to POST /hooks/{trigger_id} (Standard Webhooks headers) and
 * POST /hooks/keboola/{trigger_id}/{token} (a secret token in the path, for the Keboola notification
 * service, which cannot sign). Order matters: nothing about the trigger's state is revealed and
 * nothing is remembered before the request proves it holds the secret.
 */

/**
 * A delivery id is remembered for 24 h: a sender retries a delivery it thinks failed re-signed
 * with a new timestamp and the same id, and that repeat must name the run the first one started.
 */
const DELIVERY_MEMORY_MS = 24 * 3600 * 1000;
/** A Keboola job finishes once; its id guards against the notification service's retries for a week. */
const JOB_MEMORY_MS = 7 * 24 * 3600 * 1000;

type Delivery = { id: string; expiresAt: number };

export async function receiveSignedHook(env: Env, triggerId: string, headers: WebhookHeaders, body: string, now: Date): Promise<HookResult> {
  const trigger = await hookTrigger(env, triggerId);
  const secret = await secretOf(env, trigger);
  const message = await verifyWebhook(secret, headers, body, now);
  return deliver(env, trigger, parseBody(body), { id: message.id, expiresAt: now.getTime() + DELIVERY_MEMORY_MS }, now);
}

export async function receiveKeboolaNotification(env: Env, triggerId: string, token: string, body: string, now: Date): Promise<HookResult> {
  const trigger = await hookTrigger(env, triggerId);
  if (trigger.type !== 'keboola.job_finished') throw new NotFoundError('Trigger', triggerId);
  const secret = await secretOf(env, trigger);
  if (!(await notificationTokenValid(secret, trigger.id, token))) {
    throw new WebhookAuthError('webhook_token_invalid', 'The token in the notification URL is not this trigger\'s (was the secret rotated?)');
  }
  return deliver(env, trigger, parseBody(body), null, now);
}

/** Unknown ids are 404: trigger ids are random, so a 404 tells a prober nothing a 401 would not. */
async function hookTrigger(env: Env, triggerId: string): Promise<TriggerRow> {
  const trigger = fromRpc<TriggerRow | null>(await tenantStub(env).getTrigger(triggerId));
  if (!trigger || !HOOK_TYPES.includes(trigger.type)) throw new NotFoundError('Trigger', triggerId);
  return trigger;
}

async function secretOf(env: Env, trigger: TriggerRow): Promise<string> {
  const secret = await openTriggerSecret(env, tenantStub(env), trigger.id);
  if (!secret) throw new TriggerUnavailableError(trigger.id, 'it has no secret yet; its owner rotates one with POST /playbooks/{id}/triggers/{trigger_id}/secret');
  return secret;
}

/** An empty body is an empty object; anything else must be a JSON object. */
function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadRequestError('The webhook body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('The webhook body must be a JSON object', [{ path: '(root)', message: 'expected an object' }]);
  }
  return value as Record<string, unknown>;
}

/**
 * After authentication: the trigger must be enabled, the payload must match (Keboola filters),
 * and the delivery id must be new. The id is claimed before the run starts and released if the
 * start fails, so the sender's retry can succeed; a replay of a delivery that started a run 409s.
 */
async function deliver(env: Env, trigger: TriggerRow, payload: Record<string, unknown>, signed: Delivery | null, now: Date): Promise<HookResult> {
  if (!trigger.enabled) throw new TriggerUnavailableError(trigger.id, 'it is disabled');
  let inputs = payload;
  let delivery = signed;
  if (trigger.config.type === 'keboola.job_finished') {
    const event = parseOrThrow(KeboolaJobEvent, payload, 'Keboola job notification');
    const why = mismatch(trigger.config, event);
    if (why) return { trigger_id: trigger.id, started: [], skipped: `The job does not match this trigger: ${why}` };
    inputs = jobInputs(event);
    delivery ??= { id: `keboola-job:${event.job.id}`, expiresAt: now.getTime() + JOB_MEMORY_MS };
  }
  // Only keboola.job_finished triggers have a path-token URL; any other trigger arrives signed.
  if (!delivery) throw new NotFoundError('Trigger', trigger.id);
  const tenant = tenantStub(env);
  const claim = fromRpc<{ fresh: true } | { fresh: false; run_id: string | null }>(await tenant.claimWebhookDelivery(trigger.id, delivery.id, delivery.expiresAt));
  if (!claim.fresh) throw new WebhookReplayError(trigger.id, delivery.id, claim.run_id);
  try {
    const run = await startTriggeredRun(env, trigger, inputs, 'declared');
    await tenant.settleWebhookDelivery(trigger.id, delivery.id, run.id);
    await tenant.recordTriggerOutcome(trigger.id, { fired_at: now.toISOString(), run_id: run.id });
    return { trigger_id: trigger.id, run_id: run.id, started: [{ run_id: run.id, playbook_id: trigger.playbook_id }] };
  } catch (error) {
    await tenant.settleWebhookDelivery(trigger.id, delivery.id, null);
    throw error;
  }
}
