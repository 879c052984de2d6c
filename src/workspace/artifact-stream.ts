import type { Env } from '../env';
import { taintJson } from '../broker/taint';
import { letRequestsIn } from '../turns';
import { pacedBody } from './paced-body';
import { ARTIFACT_RETENTION_DAYS, artifactInfoOf, contentTypeFor, listArtifacts, type ArtifactInfo, type WriteOptions } from './artifacts';
import { ArtifactTooLargeError, STREAMED_ARTIFACT_MAX_BYTES, WORKSPACE_QUOTA_BYTES, WorkspaceFullError } from './limits';
import { artifactKey, normalizeArtifactPath } from './paths';

/** R2 wants every part but the last the same size, at least 5 MiB. */
const PART_BYTES = 5 * 1024 * 1024;

/** `quotaBytes`: what all of the run's files may hold together (a test sets a small one). */
export type StreamOptions = WriteOptions & { quotaBytes?: number };

/**
 * Writes an artifact from chunks as they arrive (a Keboola export streamed from its file), holding
 * at most one part in memory: a small file is one put, a larger one a multipart upload that only
 * `complete` makes visible, so a failed or oversized stream leaves nothing at the path. Its size
 * is unknown until the end, so both caps are counted as it passes: the streamed file's own and
 * what is left of the run's quota (the file it replaces does not count).
 */
export async function writeArtifactStream(env: Env, runId: string, rawPath: string, chunks: AsyncIterable<Uint8Array>, { contentType, maxBytes = STREAMED_ARTIFACT_MAX_BYTES, quotaBytes = WORKSPACE_QUOTA_BYTES, taint = [] }: StreamOptions = {}): Promise<ArtifactInfo> {
  const path = normalizeArtifactPath(rawPath);
  const used = (await listArtifacts(env, runId)).reduce((sum, a) => (a.path === path ? sum : sum + a.size), 0);
  const tainted = taintJson(taint);
  const options = { httpMetadata: { contentType: contentType ?? contentTypeFor(path) }, customMetadata: { retention_days: String(ARTIFACT_RETENTION_DAYS), ...(tainted ? { taint: tainted } : {}) } };
  const key = artifactKey(runId, path);
  const buffer = new Uint8Array(PART_BYTES);
  let filled = 0;
  let size = 0;
  let upload: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];
  const flush = async () => {
    upload ??= await env.BUCKET.createMultipartUpload(key, options);
    // The part is sent once the promise settles, so the one buffer is filled again after it.
    parts.push(await upload.uploadPart(parts.length + 1, pacedBody(buffer.subarray(0, filled))));
    filled = 0;
    await letRequestsIn();
  };
  try {
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new ArtifactTooLargeError(path, size, maxBytes, 'A streamed file stops at this cap: export fewer rows or an aggregate, or leave the table in Keboola and query it there');
      if (used + size > quotaBytes) throw new WorkspaceFullError(path, size, used, quotaBytes);
      for (let from = 0; from < chunk.byteLength;) {
        const taken = Math.min(chunk.byteLength - from, PART_BYTES - filled);
        buffer.set(chunk.subarray(from, from + taken), filled);
        filled += taken;
        from += taken;
        if (filled === PART_BYTES) await flush();
      }
    }
    if (!upload) return artifactInfoOf(path, await env.BUCKET.put(key, pacedBody(buffer.subarray(0, filled)), options));
    if (filled > 0) await flush();
    return artifactInfoOf(path, await upload.complete(parts));
  } catch (error) {
    await upload?.abort().catch(() => undefined);
    throw error;
  }
}
