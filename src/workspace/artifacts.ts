import type { Env } from '../env';
import { NotFoundError } from '../errors';
import { parseTaint, taintJson, type Taint } from '../broker/taint';
import { artifactKey, artifactPrefix, normalizeArtifactPath } from './paths';
import { letRequestsIn } from '../turns';
import { chunksOf } from '../streams';
import { ArtifactTooLargeError, DEFAULT_ARTIFACT_MAX_BYTES } from './limits';
import { decodedSlices, decodeInSlices, encodeInSlices } from './utf8-slices';
import { pacedBody } from './paced-body';

export const ARTIFACT_RETENTION_DAYS = 30;

export type ArtifactInfo = {
  path: string; size: number; etag: string; content_type: string; uploaded: string;
  /** The untrusted sources the file's content derives from (spec §6); absent when none. */
  taint?: Taint;
};

export type WriteOptions = { contentType?: string | undefined; maxBytes?: number; taint?: Taint };

const TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8', json: 'application/json', csv: 'text/csv; charset=utf-8', txt: 'text/plain; charset=utf-8',
  mmd: 'text/plain; charset=utf-8', yaml: 'application/yaml', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/plain; charset=utf-8', png: 'image/png', pdf: 'application/pdf',
};

/** HTML is served as text so a workspace file can never run script in the app's origin. */
export function contentTypeFor(path: string): string {
  return TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** Taint lives on the file itself, so it follows the content across steps, runs' restarts and readers. */
export async function writeArtifact(
  env: Env,
  runId: string,
  rawPath: string,
  body: string | Uint8Array | ArrayBuffer,
  { contentType, maxBytes = DEFAULT_ARTIFACT_MAX_BYTES, taint = [] }: WriteOptions = {},
): Promise<ArtifactInfo> {
  const path = normalizeArtifactPath(rawPath);
  const bytes = typeof body === 'string' ? await encodeInSlices(body) : body instanceof ArrayBuffer ? new Uint8Array(body) : body;
  if (bytes.byteLength > maxBytes) throw new ArtifactTooLargeError(path, bytes.byteLength, maxBytes);
  const tainted = taintJson(taint);
  const options = {
    httpMetadata: { contentType: contentType ?? contentTypeFor(path) },
    customMetadata: { retention_days: String(ARTIFACT_RETENTION_DAYS), ...(tainted ? { taint: tainted } : {}) },
  };
  const key = artifactKey(runId, path);
  if (bytes.byteLength < MULTIPART_FROM_BYTES) return artifactInfoOf(path, await env.BUCKET.put(key, pacedBody(bytes), options));
  // A large file goes up in parts, with the event loop's turn ended between them, each handed over
  // in pieces (paced-body.ts): the local R2 holds the process's one thread ~20 ms per MB it is given
  // at once, so one 10 MB put stalled every request.
  const upload = await env.BUCKET.createMultipartUpload(key, options);
  try {
    const parts: R2UploadedPart[] = [];
    for (let from = 0; from < bytes.byteLength; from += PART_BYTES) {
      if (from > 0) await letRequestsIn();
      parts.push(await upload.uploadPart(parts.length + 1, pacedBody(bytes.subarray(from, from + PART_BYTES))));
    }
    return artifactInfoOf(path, await upload.complete(parts));
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
}

/** R2's smallest part (all parts but the last are this size); files from 6 MB go up in parts (~0.1 s of local R2 each). */
const PART_BYTES = 5 * 1024 * 1024;
const MULTIPART_FROM_BYTES = PART_BYTES + 1024 * 1024;

/** What a caller learns of a stored artifact (also for streamed writes, artifact-stream.ts). */
export function artifactInfoOf(path: string, object: R2Object): ArtifactInfo {
  const taint = parseTaint(object.customMetadata?.taint);
  return {
    path, size: object.size, etag: object.httpEtag, content_type: object.httpMetadata?.contentType ?? contentTypeFor(path), uploaded: object.uploaded.toISOString(),
    ...(taint.length > 0 ? { taint } : {}),
  };
}

export async function listArtifacts(env: Env, runId: string): Promise<ArtifactInfo[]> {
  const prefix = artifactPrefix(runId);
  const out: ArtifactInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix, cursor, include: ['httpMetadata', 'customMetadata'] });
    for (const o of page.objects) out.push(artifactInfoOf(o.key.slice(prefix.length), o));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

export async function readArtifactText(env: Env, runId: string, path: string): Promise<string> {
  return (await readArtifact(env, runId, path)).text;
}

/**
 * The content with what it derives from: readers that pass content on carry its taint. Whole, so
 * only up to the in-memory cap: a bigger (streamed) file is refused before a byte is read, and
 * read with readArtifactChunks instead.
 */
export async function readArtifact(env: Env, runId: string, path: string): Promise<{ text: string; info: ArtifactInfo }> {
  const { object, info } = await withinMemoryCap(env, runId, path);
  return { text: await decodeInSlices(object.body), info };
}

/** The same text (and cap) in pieces as it is decoded, never one string: for a reader that parses as it goes (a large CSV). */
export async function readArtifactSlices(env: Env, runId: string, path: string): Promise<{ slices: AsyncIterable<string>; info: ArtifactInfo }> {
  const { object, info } = await withinMemoryCap(env, runId, path);
  return { slices: decodedSlices(object.body), info };
}

async function withinMemoryCap(env: Env, runId: string, path: string): Promise<{ object: R2ObjectBody; info: ArtifactInfo }> {
  const { object, info } = await stored(env, runId, path);
  if (object.size > DEFAULT_ARTIFACT_MAX_BYTES) {
    await object.body.cancel();
    throw new ArtifactTooLargeError(info.path, object.size, DEFAULT_ARTIFACT_MAX_BYTES, 'That is more than a tool can read at once; load it as a table with sql.local (which streams it in parts) and query it there');
  }
  return { object, info };
}

/** The same file as chunks while they download from R2, any size. */
export async function readArtifactChunks(env: Env, runId: string, path: string): Promise<{ chunks: AsyncIterable<Uint8Array>; info: ArtifactInfo }> {
  const { object, info } = await stored(env, runId, path);
  return { chunks: chunksOf(object.body), info };
}

/** At most the first `bytes` of a file of any size (a character cut at the end dropped), with its whole size in `info`: what a large file holds, shown. */
export async function readArtifactHead(env: Env, runId: string, path: string, bytes: number): Promise<{ text: string; info: ArtifactInfo }> {
  const { object, info } = await stored(env, runId, path);
  const head = new Uint8Array(Math.min(bytes, object.size));
  let filled = 0;
  for await (const chunk of chunksOf(object.body)) {
    head.set(chunk.subarray(0, head.length - filled), filled);
    filled += Math.min(chunk.byteLength, head.length - filled);
    if (filled === head.length) break;
  }
  return { text: new TextDecoder().decode(head).replace(/\uFFFD$/, ''), info };
}

async function stored(env: Env, runId: string, path: string): Promise<{ object: R2ObjectBody; info: ArtifactInfo }> {
  const object = await env.BUCKET.get(artifactKey(runId, path));
  if (!object) throw new NotFoundError('Artifact', path);
  return { object, info: artifactInfoOf(normalizeArtifactPath(path), object) };
}

/** Metadata only (etag, taint): what an approval binds a file to, without reading it. */
export async function artifactInfo(env: Env, runId: string, path: string): Promise<ArtifactInfo | null> {
  const object = await env.BUCKET.head(artifactKey(runId, path));
  return object ? artifactInfoOf(normalizeArtifactPath(path), object) : null;
}

/**
 * Copies one run's workspace into another (a retry or fork starts with its parent's files), each
 * file with its type and taint, page by page.
 */
export async function copyWorkspace(env: Env, fromRunId: string, toRunId: string): Promise<number> {
  const from = artifactPrefix(fromRunId);
  let copied = 0;
  let cursor: string | undefined;
  do {
    const page = await env.BUCKET.list({ prefix: from, cursor, include: ['httpMetadata', 'customMetadata'] });
    for (const listed of page.objects) {
      const object = await env.BUCKET.get(listed.key);
      if (!object) continue;
      await env.BUCKET.put(artifactPrefix(toRunId) + listed.key.slice(from.length), object.body, { httpMetadata: object.httpMetadata, customMetadata: object.customMetadata });
      copied += 1;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return copied;
}
