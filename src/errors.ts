import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

/**
 * The one error type the API turns into a response (`app.onError`).
 * Domain code throws the named subclasses; the body is always `{error: {code, message, details}}`.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): { error: { code: string; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export class BadRequestError extends AppError {
  override name = 'BadRequestError';
  constructor(message: string, details?: ErrorDetails) {
    super(400, 'bad_request', message, details);
  }
}

/** A document that parsed but broke its schema: 422 with every failing path. */
export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(message: string, readonly issues: { path: string; message: string }[]) {
    super(422, 'validation_failed', message, { issues });
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'A valid bearer token is required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

/** Also used for things the caller may not see, so ids cannot be probed (spec §8). */
export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(kind: string, id: string) {
    super(404, 'not_found', `${kind} "${id}" was not found`, { kind, id });
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string, details?: ErrorDetails) {
    super(409, 'conflict', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes`, { limit_bytes: limitBytes });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override name = 'UnsupportedMediaTypeError';
  constructor(got: string | undefined, accepted: string[]) {
    super(415, 'unsupported_media_type', `Content-Type "${got ?? '(none)'}" is not accepted here; use one of ${accepted.join(', ')}`, { accepted });
  }
}

/**
 * Errors lose their class crossing a Durable Object RPC boundary, so DO methods that can refuse
 * return this result instead of throwing, and the Worker turns it back into the same AppError.
 */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: { status: number; code: string; message: string; details?: ErrorDetails } };

export async function captureAppError<T>(work: () => Promise<T> | T): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { status: error.status, ...error.toBody().error } };
    throw error;
  }
}

export function unwrapRpc<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  const { status, code, message, details } = result.error;
  throw new AppError(status as ContentfulStatusCode, code, message, details);
}

/**
 * Durable Object stubs type any value holding `unknown` (free-form JSON) as `never`; the value is
 * structured-cloned intact, so the call site restores the declared type here.
 */
export function fromRpc<T>(value: unknown): T {
  return value as T;
}
