import type { Issue } from './types';

export const API_BASE = '/v1/agent-studio';

/** An API error body (`{error: {code, message, details}}`) or a network failure (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The failing paths of a validation error, or [] for any other error. */
  get issues(): Issue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as Issue[]) : [];
  }

  /** Line and column of a YAML syntax error (400 from the YAML parser), when the API named them. */
  get yamlPosition(): { line: number; column?: number } | undefined {
    const d = this.details as { line?: unknown; column?: unknown } | undefined;
    return typeof d?.line === 'number' ? { line: d.line, ...(typeof d.column === 'number' ? { column: d.column } : {}) } : undefined;
  }
}

export type RequestOptions = {
  token?: string | null;
  json?: unknown;
  /** The media type of a JSON body (default application/json; a merge patch says so). */
  jsonType?: string;
  yaml?: string;
  /** Any other body, sent as is (a CSV file, streamed by the browser). */
  raw?: { type: string; body: Blob };
  /** Called on a 401 so the session can end (token revoked or expired). */
  onUnauthorized?: () => void;
};

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) return new ApiError(response.status, body.error.code ?? `http_${response.status}`, body.error.message, body.error.details);
  } catch {
    // Not JSON (a proxy page, say): fall through to a generic message.
  }
  return new ApiError(response.status, `http_${response.status}`, `${response.status} ${response.statusText || 'request failed'}`);
}

function urlOf(path: string): string {
  return path.startsWith('/') ? path : `${API_BASE}/${path}`;
}

/** A GET whose answer is a file (a workspace artifact): the bytes and their content type. */
export async function requestBlob(path: string, options: Pick<RequestOptions, 'token' | 'onUnauthorized'> = {}): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(urlOf(path), { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} });
  } catch (error) {
    throw new ApiError(0, 'network', `Cannot reach the server: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 401) options.onUnauthorized?.();
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

/** One call to the API. Bodies go as JSON or YAML; a 204 resolves to undefined. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Blob | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.body;
  } else if (options.yaml !== undefined) {
    headers['content-type'] = 'application/yaml';
    body = options.yaml;
  } else if (options.json !== undefined) {
    headers['content-type'] = options.jsonType ?? 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(urlOf(path), { method, headers, body });
  } catch (error) {
    throw new ApiError(0, 'network', `Cannot reach the server: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 401) options.onUnauthorized?.();
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
