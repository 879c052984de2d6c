import { z } from '@hono/zod-openapi';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Hook } from '@hono/zod-openapi';
import { AppError, UnsupportedMediaTypeError } from '../errors';
import { validationErrorOf } from '../domain/issues';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'Playbook is invalid at budget: Required' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** Request validation failures (params, query, JSON bodies) get the same 422 shape as documents. */
export const validationHook: Hook<unknown, any, any, any> = (result, c) => {
  if (!result.success) {
    const what = result.target === 'json' ? 'Request body' : `Request ${result.target}`;
    const error = validationErrorOf(what, result.error);
    return c.json(error.toBody(), error.status);
  }
};

/** The one place errors become responses. Anything unexpected is a 500 with no internals leaked. */
export const errorHandler: ErrorHandler = (err, c) => {
  if (err instanceof AppError) return c.json(err.toBody(), err.status);
  if (err instanceof HTTPException) {
    const status = err.status;
    // The route's media-type gate (@hono/zod-openapi): JSON-only endpoints refusing e.g. YAML.
    // Same code and shape as the app's own 415, so clients handle one error.
    if (status === 415) {
      const got = c.req.header('content-type')?.split(';')[0]?.trim();
      return c.json(new UnsupportedMediaTypeError(got, ['application/json']).toBody(), 415);
    }
    const code = status === 400 ? 'bad_request' : status === 401 ? 'unauthorized' : status === 413 ? 'payload_too_large' : `http_${status}`;
    return c.json({ error: { code, message: err.message || 'Request refused' } }, status);
  }
  console.error('unhandled error', err);
  return c.json({ error: { code: 'internal', message: 'Internal error; the request may not have completed' } }, 500);
};

export const notFoundHandler: NotFoundHandler = (c) =>
  c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404);
