import { KeboolaApiError, MAYBE_DONE, parseErrorBody, refusalMessage, type KeboolaService } from './errors';

/**
 * One HTTP exchange with a Keboola service: the token header, a deadline per request, and the
 * retry rule. Only safe reads are retried (network errors, timeouts, 5xx, 429), plus the Query
 * Service's documented transient 403 "Failed to get workspace credentials" on submit, which is
 * refused before anything runs (keboola-api.md). Writes are sent once: a repeated import
 * duplicates rows, a repeated job run runs twice.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Back-off between polls and between retries (keboola-api.md, Jobs Queue: 2 s, then 5 s, then 15 s). */
export const DEFAULT_BACKOFF_MS: readonly number[] = [2_000, 5_000, 15_000];
const MAX_RETRIES = 3;

export type Retry = 'safe' | 'never' | 'workspace-credentials';

export type KeboolaRequest = {
  service: KeboolaService;
  /** What we are doing, for messages: "list tables", "import into in.c-crm.contacts". */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  form?: URLSearchParams;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Presigned download and upload URLs carry their own signature: our token must not go there. */
  auth?: boolean;
  retry: Retry;
  timeoutMs?: number;
};

export type TransportOptions = {
  token: string;
  timeoutMs?: number;
  backoffMs?: readonly number[];
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
};

export class KeboolaTransport {
  readonly backoffMs: readonly number[];
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(options: TransportOptions) {
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.backoffMs = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
    // Bound so a Worker's global fetch is not called with the transport as `this`.
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The n-th wait of a back-off schedule; the last step repeats. */
  delay(attempt: number, schedule = this.backoffMs): number {
    return schedule[Math.min(attempt, schedule.length - 1)] ?? 0;
  }

  async json<T>(request: KeboolaRequest): Promise<T> {
    const text = await (await this.send(request)).text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new KeboolaApiError(`Keboola answered "${request.operation}" with something that is not JSON: ${this.scrub(text.slice(0, 200))}`, {
        service: request.service, operation: request.operation, code: 'bad_response', retryable: false,
      }, { cause });
    }
  }

  async text(request: KeboolaRequest): Promise<string> {
    return (await this.send(request)).text();
  }

  /** A 2xx response, or a KeboolaApiError after the retries the request's rule allows. */
  async send(request: KeboolaRequest): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.once(request);
      if (outcome instanceof Response) return outcome;
      const transient = isTransient(request.retry, outcome);
      if (!transient || attempt >= MAX_RETRIES) throw outcome;
      await this.sleep(this.delay(attempt));
    }
  }

  /** Never lets the token out: Keboola can echo it (tokens/verify), and so can error bodies. */
  scrub(text: string): string {
    return this.token ? text.split(this.token).join('[token]') : text;
  }

  private async once(request: KeboolaRequest): Promise<Response | KeboolaApiError> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.auth !== false) headers['x-storageapi-token'] = this.token;
    let body: BodyInit | undefined = request.body;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = request.form.toString();
    } else if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    const context = { service: request.service, operation: request.operation };
    const unknownOutcome = request.retry === 'safe' ? '' : MAYBE_DONE;
    let response: Response;
    try {
      response = await this.fetch(request.url, { method: request.method, headers, body, signal: deadline });
      if (response.ok) return response;
    } catch (cause) {
      if (deadline.aborted) {
        return new KeboolaApiError(`Keboola did not answer within ${timeoutMs / 1000} s while trying to ${request.operation}.${unknownOutcome}`, {
          ...context, code: 'timeout', retryable: request.retry === 'safe',
        }, { cause });
      }
      const reason = this.scrub(cause instanceof Error ? cause.message : String(cause));
      return new KeboolaApiError(`Could not reach Keboola at ${new URL(request.url).host} to ${request.operation} (${reason}); check KEBOOLA_API_URL.${unknownOutcome}`, {
        ...context, code: 'request_failed', retryable: request.retry === 'safe',
      }, { cause });
    }
    const said = parseErrorBody(this.scrub(await response.text().catch(() => '')));
    const status = response.status;
    const retryable = request.retry === 'safe' ? status >= 500 || status === 429 : status === 429;
    return new KeboolaApiError(refusalMessage(request.operation, status, said.message, request.retry !== 'safe', request.service), {
      ...context, status, code: said.code ?? `http_${status}`, ...(said.exceptionId ? { exceptionId: said.exceptionId } : {}), retryable,
    });
  }
}

function isTransient(rule: Retry, error: KeboolaApiError): boolean {
  if (rule === 'safe') return error.retryable;
  // Query Service submit: refused before the statement ran, so another attempt is safe (keboola-api.md).
  if (rule === 'workspace-credentials') return error.status === 403 && /failed to get workspace credentials/i.test(error.message);
  return false;
}
