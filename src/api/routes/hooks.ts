import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { HookResult } from '../../triggers/schemas';
import { receiveKeboolaNotification, receiveSignedHook } from '../../triggers/hooks';
import type { AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { jsonContent } from '../openapi-helpers';

/**
 * Inbound deliveries (spec §8 "Webhooks"). No user token here: app.ts exempts /hooks/* from
 * requireUser and the trigger's secret authenticates the request instead. The body is read as raw
 * text because the signature covers its exact bytes, so it is documented with a plain schema that
 * the route does not validate (a zod schema would parse, and re-serialise, it first).
 */

const tags = ['Webhooks'];

const TriggerId = z.string().min(1).max(128).openapi({ param: { name: 'trigger_id', in: 'path' }, example: 'trg_abc123' });
const AnyJson = { type: 'object' as const, description: 'Any JSON object. An http_webhook takes the fields the Playbook declares as inputs, except locked ones, and ignores the rest; a keboola.job_finished trigger reads a Keboola job event.' };
const failures = {
  401: jsonContent(ErrorBody, 'Missing headers, a timestamp more than 5 minutes off, a signature (or path token) that does not verify: nothing started'),
  404: jsonContent(ErrorBody, 'No such trigger (or not a webhook trigger)'),
  409: jsonContent(ErrorBody, 'A replayed webhook-id (or Keboola job), or a trigger that is disabled or has no secret: nothing started'),
  400: jsonContent(ErrorBody, 'The body is not JSON'),
  413: jsonContent(ErrorBody, 'Body too large'),
  415: jsonContent(ErrorBody, 'Not a JSON body'),
  422: jsonContent(ErrorBody, 'The body is not an object, or the run inputs it carries are invalid'),
  503: jsonContent(ErrorBody, 'The vault key is not configured, so the trigger secret cannot be read'),
};
const results = {
  202: jsonContent(HookResult, 'A run was started'),
  200: jsonContent(HookResult, 'Authenticated, but the payload did not match the trigger filters: nothing started'),
};

const signed = createRoute({
  method: 'post', path: '/hooks/{trigger_id}', tags, security: [{ standardWebhooks: [] }],
  summary: 'A Standard Webhooks delivery: verified with the trigger secret, de-duplicated by webhook-id, starts one run',
  request: {
    params: z.object({ trigger_id: TriggerId }),
    headers: z.object({
      'webhook-id': z.string().optional().openapi({ description: 'Unique per message; a repeat within the tolerance is refused (409)' }),
      'webhook-timestamp': z.string().optional().openapi({ description: 'Unix seconds; at most 5 minutes off either way' }),
      'webhook-signature': z.string().optional().openapi({ description: 'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`' }),
    }),
    body: { required: false, content: { 'application/json': { schema: AnyJson } } },
  },
  responses: { ...results, ...failures },
});

const keboola = createRoute({
  method: 'post', path: '/hooks/keboola/{trigger_id}/{token}', tags, security: [],
  summary: 'A Keboola job notification for a keboola.job_finished trigger, authenticated by the token in its URL',
  description: 'Keboola\'s notification service cannot sign requests, so the URL carries a secret token (shown with the trigger secret). Filters: component_id, configuration_id, status. A job id is accepted once.',
  request: {
    params: z.object({ trigger_id: TriggerId, token: z.string().min(1).max(128).openapi({ param: { name: 'token', in: 'path' } }) }),
    body: { required: false, content: { 'application/json': { schema: AnyJson } } },
  },
  responses: { ...results, ...failures },
});

const respond = (result: HookResult) => (result.started.length > 0 ? 202 : 200) as 200 | 202;

export const hookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(signed, async (c) => {
    const headers = { id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature') };
    const result = await receiveSignedHook(c.env, c.req.valid('param').trigger_id, headers, await c.req.text(), new Date());
    return c.json(result, respond(result));
  })
  .openapi(keboola, async (c) => {
    const { trigger_id, token } = c.req.valid('param');
    const result = await receiveKeboolaNotification(c.env, trigger_id, token, await c.req.text(), new Date());
    return c.json(result, respond(result));
  });
