/**
 * Keboola failures as one named error (style.md #5). Storage answers `{error, code, exceptionId}`,
 * the Query Service `{exception, exceptionId}`, the Jobs Queue `{error, code, exceptionId}`
 * (keboola-api.md "Conventions"); the message says what we were doing and what to do about it.
 */

export type KeboolaService = 'storage' | 'query' | 'queue' | 'files' | 'metastore' | 'notification';

export type KeboolaErrorContext = {
  service: KeboolaService;
  /** What we were doing, e.g. "list tables" — part of every message. */
  operation: string;
  /** HTTP status, or undefined when no answer came back. */
  status?: number;
  /** Keboola's error code ("storage.tokenInvalid") or ours ("timeout", "request_failed", "sliced_file", "job_failed"). */
  code: string;
  exceptionId?: string;
  /** True only when Keboola certainly did nothing and a later attempt may succeed. */
  retryable: boolean;
};

export class KeboolaApiError extends Error {
  override name = 'KeboolaApiError';
  readonly service: KeboolaService;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string;
  readonly exceptionId: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, context: KeboolaErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.service = context.service;
    this.operation = context.operation;
    this.status = context.status;
    this.code = context.code;
    this.exceptionId = context.exceptionId;
    this.retryable = context.retryable;
  }

  /** The token is invalid, expired or revoked (HTTP 401 on any service). */
  get isAuth(): boolean {
    return this.status === 401;
  }
}

/** Keboola's own words from an error body, whichever service sent it. */
export function parseErrorBody(text: string): { message?: string; code?: string; exceptionId?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = [body.error, body.exception, body.message].find((v): v is string => typeof v === 'string' && v.length > 0);
    return {
      ...(message ? { message } : {}),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.exceptionId === 'string' ? { exceptionId: body.exceptionId } : {}),
    };
  } catch {
    const trimmed = text.trim();
    return trimmed ? { message: trimmed.slice(0, 300) } : {};
  }
}

/**
 * The message for an HTTP refusal. `maybeDone` is added for writes whose outcome is unknown, so
 * nobody repeats an import that may have landed (keboola-api.md: never retry an import).
 */
export function refusalMessage(operation: string, status: number, said: string | undefined, maybeDone: boolean, service?: KeboolaService): string {
  const quoted = said ? `: ${said}` : '';
  // File links are presigned by Keboola for minutes; a refusal there is about the link, not the token.
  if (service === 'files' && (status === 401 || status === 403)) return `The cloud storage link Keboola gave could not ${operation} (HTTP ${status}); it may have expired. Try again.`;
  if (status === 401) {
    return `Keboola refused the token while trying to ${operation} (HTTP 401${quoted}). The token is invalid or expired: store a valid Storage API token in the vault as "keboola_token".`;
  }
  if (status === 403) return `Keboola denied ${operation} (HTTP 403${quoted}). The token lacks the permission for it.`;
  if (status === 404) return `Keboola could not ${operation}: not found (HTTP 404${quoted}).`;
  if (status === 429) return `Keboola is rate limiting requests; could not ${operation} (HTTP 429${quoted}). Try again later.`;
  const tail = maybeDone && status >= 500 ? ' It may or may not have taken effect: check the project before trying again.' : '';
  return `Keboola could not ${operation} (HTTP ${status}${quoted}).${tail}`;
}

export const MAYBE_DONE = ' It may or may not have taken effect: check the project before trying again.';
