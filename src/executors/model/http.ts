import { ModelProviderError } from './types';

/**
 * One JSON POST to a provider, with a deadline, mapped to ModelProviderError. No retries here: the
 * run loop owns retries (it persists the unit and sets an alarm), so an adapter makes exactly one
 * request per turn.
 */

export const DEFAULT_TIMEOUT_MS = 180_000;

export type ProviderEndpoint = {
  /** Short name for messages: "Anthropic", "OpenAI", "the OpenAI-compatible endpoint at …". */
  label: string;
  /** ModelProviderError.provider. */
  provider: string;
  /** The setting to check when the key is refused, e.g. "ANTHROPIC_API_KEY". */
  keySetting: string;
  /** The setting that points at the endpoint, e.g. "ANTHROPIC_BASE_URL". */
  urlSetting: string;
  timeoutMs: number;
  fetch: typeof fetch;
};

export async function postJson(
  endpoint: ProviderEndpoint,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const deadline = AbortSignal.timeout(endpoint.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let response: Response;
  let text: string;
  try {
    response = await endpoint.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: combined,
    });
    text = await response.text();
  } catch (cause) {
    // The caller's own cancel (pause/cancel of the run) is not a provider failure: pass it through.
    if (signal?.aborted) throw signal.reason;
    if (deadline.aborted) {
      throw new ModelProviderError(`${endpoint.label} did not answer within ${Math.round(endpoint.timeoutMs / 1000)} s`, endpoint.provider, undefined, true, { cause });
    }
    throw new ModelProviderError(`Could not reach ${endpoint.label} (${originOf(url)}): ${messageOf(cause)}. Check ${endpoint.urlSetting}.`, endpoint.provider, undefined, true, { cause });
  }
  const parsed = parseJson(text);
  if (!response.ok) throw httpError(endpoint, response, parsed, text);
  if (parsed === undefined) {
    // A 200 that is not JSON is usually a proxy or captive page in front of the API.
    throw new ModelProviderError(`${endpoint.label} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, endpoint.provider, response.status, true);
  }
  return parsed;
}

/** Maps a provider's HTTP failure to what a person must do about it (spec §5: say which setting). */
export function httpError(endpoint: ProviderEndpoint, response: Response, parsed: unknown, text: string): ModelProviderError {
  const status = response.status;
  const detail = providerMessage(parsed) ?? (text.slice(0, 300) || response.statusText);
  const retryAfterMs = retryAfter(response.headers);
  const make = (message: string, retryable: boolean) =>
    new ModelProviderError(message, endpoint.provider, status, retryable, retryAfterMs === undefined ? {} : { retryAfterMs });
  if (status === 401 || status === 403) {
    return make(`${endpoint.label} refused the API key (${status}: ${detail}). Check ${endpoint.keySetting}.`, false);
  }
  if (status === 404) {
    return make(`${endpoint.label} does not know this model or endpoint (404: ${detail}). Check the model name (MODEL_NAME or the Playbook's model) and ${endpoint.urlSetting}.`, false);
  }
  if (status === 429) return make(`${endpoint.label} is rate limiting requests (429: ${detail}).`, true);
  // 408 and 409 are what the official SDKs retry besides 429 and 5xx (Anthropic's 529 = overloaded).
  if (status === 408 || status === 409 || status >= 500) return make(`${endpoint.label} failed temporarily (${status}: ${detail}).`, true);
  return make(`${endpoint.label} refused the request (${status}: ${detail}).`, false);
}

/** Anthropic `{error:{message}}`, OpenAI `{error:{message}}`, and the looser shapes of compatible servers. */
function providerMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const error = b.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') return (error as { message: string }).message;
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  return undefined;
}

function retryAfter(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
