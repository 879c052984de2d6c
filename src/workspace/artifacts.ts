import type { Env } from '../env';
import { AppError, NotFoundError } from '../errors';
import { artifactKey, artifactPrefix, normalizeArtifactPath } from './paths';

/** Per-artifact cap (spec §3); ArtifactSpecs may set their own, enforced by the tool that writes. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 50 * 1024 * 1024;
export const ARTIFACT_RETENTION_DAYS = 30;

export type ArtifactInfo = { path: string; size: number; etag: string; content_type: string; uploaded: string };

const TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8', json: 'application/json', csv: 'text/csv; charset=utf-8', txt: 'text/plain; charset=utf-8',
  mmd: 'text/plain; charset=utf-8', yaml: 'application/yaml', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/plain; charset=utf-8', png: 'image/png', pdf: 'application/pdf',
};

/** HTML is served as text so a workspace file can never run script in the app's origin. */
export function contentTypeFor(path: string): string {
  return TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

export class ArtifactTooLargeError extends AppError {
  override name = 'ArtifactTooLargeError';
  constructor(path: string, size: number, limit: number) {
    super(413, 'artifact_too_large', `Artifact "${path}" is ${size} bytes; the limit is ${limit}`, { path, size, limit });
  }
}

export async function writeArtifact(
  env: Env,
  runId: string,
  rawPath: string,
  body: string | Uint8Array | ArrayBuffer,
  contentType?: string,
  maxBytes = DEFAULT_ARTIFACT_MAX_BYTES,
): Promise<ArtifactInfo> {
  const path = normalizeArtifactPath(rawPath);
  const size = typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body.byteLength;
  if (size > maxBytes) throw new ArtifactTooLargeError(path, size, maxBytes);
  const type = contentType ?? contentTypeFor(path);
  const object = await env.BUCKET.put(artifactKey(runId, path), body, {
    httpMetadata: { contentType: type },
    customMetadata: { retention_days: String(ARTIFACT_RETENTION_DAYS) },
  });
  return { path, size, etag: object.httpEtag, content_type: type, uploaded: object.uploaded.toISOString() };
}

export async function listArtifacts(env: Env, runId: string): Promise<ArtifactInfo[]> {
  const prefix = artifactPrefix(runId);
  const out: ArtifactInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix, cursor, include: ['httpMetadata'] });
    for (const o of page.objects) {
      const path = o.key.slice(prefix.length);
      out.push({ path, size: o.size, etag: o.httpEtag, content_type: o.httpMetadata?.contentType ?? contentTypeFor(path), uploaded: o.uploaded.toISOString() });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

export async function readArtifactText(env: Env, runId: string, path: string): Promise<string> {
  const object = await env.BUCKET.get(artifactKey(runId, path));
  if (!object) throw new NotFoundError('Artifact', path);
  return object.text();
}
