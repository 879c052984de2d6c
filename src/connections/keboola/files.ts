import { KeboolaApiError } from './errors';
import { signS3Request } from './sigv4';
import type { KeboolaTransport } from './transport';
import { chunksOf, concatBytes } from '../../streams';
import { DEFAULT_ARTIFACT_MAX_BYTES } from '../../workspace/limits';

/**
 * Moving file bytes to and from Keboola File Storage (keboola-api.md "Export", "Import"). The
 * Storage API only brokers: files/prepare hands out upload parameters for the stack's cloud, and
 * files/{id}?federationToken=1 a presigned `url`. Shapes as the official Python client reads them
 * (kbcstorage/files.py): `provider` aws | azure | gcp with `uploadParams`, `absUploadParams`,
 * `gcsUploadParams`.
 */

/** A file read whole is held in memory: the in-memory artifact cap (spec §3) bounds it. */
const MAX_FILE_BYTES = DEFAULT_ARTIFACT_MAX_BYTES;
const TRANSFER_TIMEOUT_MS = 120_000;

export type PreparedFile = {
  id: number | string;
  name?: string;
  provider?: string;
  region?: string;
  uploadParams?: {
    bucket: string; key: string; acl?: string; 'x-amz-server-side-encryption'?: string;
    credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
  };
  absUploadParams?: { blobName: string; container: string; absCredentials: { SASConnectionString: string } };
  gcsUploadParams?: { bucket: string; key: string; access_token: string };
};

export type StorageFile = {
  id: number | string; name?: string; url?: string; isSliced?: boolean; sizeBytes?: number; provider?: string; region?: string;
  /** With federationToken=1: read credentials for the file's slices (Azure SAS, or AWS temporary keys), as kbcstorage's download uses them. */
  absCredentials?: { SASConnectionString: string };
  credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
};

/** Puts the bytes where files/prepare said; never retried (the import that follows is the write that counts). */
export async function uploadPrepared(transport: KeboolaTransport, prepared: PreparedFile, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
  const operation = `upload file ${prepared.id} to Keboola File Storage`;
  const base = { service: 'files' as const, operation, auth: false, retry: 'never' as const, timeoutMs: TRANSFER_TIMEOUT_MS, body: bytes };
  if (prepared.absUploadParams) {
    const { blobName, container, absCredentials } = prepared.absUploadParams;
    const { endpoint, sas } = parseSasConnectionString(absCredentials.SASConnectionString);
    const url = `${endpoint}/${encodeURIComponent(container)}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas}`;
    // Put Blob in one request: https://learn.microsoft.com/rest/api/storageservices/put-blob
    await transport.send({ ...base, method: 'PUT', url, headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': contentType } });
    return;
  }
  if (prepared.gcsUploadParams) {
    const { bucket, key, access_token } = prepared.gcsUploadParams;
    const url = `https://storage.googleapis.com/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=media&name=${encodeURIComponent(key)}`;
    await transport.send({ ...base, method: 'POST', url, headers: { authorization: `Bearer ${access_token}`, 'content-type': contentType } });
    return;
  }
  if (prepared.uploadParams && prepared.region) {
    const { bucket, key, acl, credentials } = prepared.uploadParams;
    const encryption = prepared.uploadParams['x-amz-server-side-encryption'];
    const url = `https://${bucket}.s3.${prepared.region}.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}`;
    const headers = await signS3Request({
      method: 'PUT', url, region: prepared.region, body: bytes,
      credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}) },
      headers: { 'content-type': contentType, ...(acl ? { 'x-amz-acl': acl } : {}), ...(encryption ? { 'x-amz-server-side-encryption': encryption } : {}) },
    });
    await transport.send({ ...base, method: 'PUT', url, headers });
    return;
  }
  throw new KeboolaApiError(`Keboola's files/prepare answer for file ${prepared.id} has no upload parameters this client knows (provider "${prepared.provider ?? 'unknown'}").`, {
    service: 'files', operation, code: 'unsupported_provider', retryable: false,
  });
}

/** A whole non-sliced file as text, gunzipped when it is gzip (by its magic bytes, whatever the name says). */
export async function downloadText(transport: KeboolaTransport, file: StorageFile, operation: string): Promise<string> {
  if (!file.url) throw new KeboolaApiError(`Keboola gave no download URL for file ${file.id}.`, { service: 'files', operation, code: 'bad_response', retryable: false });
  if (file.isSliced) return downloadSliced(transport, file, file.url, operation);
  const bytes = await readCapped((await get(transport, file.url, operation)).body, operation, 0);
  return new TextDecoder().decode(await gunzippedBytes(bytes, operation, 0));
}

/**
 * The same file as chunks while they download (whole, or slice by slice), gunzipped on the way:
 * an export beyond one page never sits in memory whole. No cap here: whoever keeps the chunks
 * counts them against its own (the workspace's streamed-file cap, workspace/limits.ts).
 */
export async function* downloadChunks(transport: KeboolaTransport, file: StorageFile, operation: string): AsyncGenerator<Uint8Array> {
  if (!file.url) throw new KeboolaApiError(`Keboola gave no download URL for file ${file.id}.`, { service: 'files', operation, code: 'bad_response', retryable: false });
  if (!file.isSliced) {
    yield* streamed(await get(transport, file.url, operation));
    return;
  }
  const manifest = (await (await get(transport, file.url, `${operation} (its manifest)`)).json()) as { entries?: { url?: string }[] };
  for (const entry of manifest.entries ?? []) yield* streamed(await sliceResponse(transport, file, entry.url ?? '', operation));
}

async function* streamed(response: Response): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const first = await reader.read();
  if (first.done) return;
  // gzip by its magic bytes, as for a whole file: the first chunk decides.
  const raw = new ReadableStream<Uint8Array>({
    start: (c) => c.enqueue(first.value),
    pull: async (c) => {
      const next = await reader.read();
      if (next.done) c.close();
      else c.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  yield* chunksOf(first.value[0] === 0x1f && first.value[1] === 0x8b ? raw.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : raw);
}

/**
 * A sliced file: its `url` is the manifest (`{entries: [{url}]}`), each entry a slice in the
 * stack's cloud (azure://account.blob.core.windows.net/container/path, or s3://bucket/key), read
 * with the credentials files/{id}?federationToken=1 returned — in manifest order, each gunzipped
 * by itself, the cap counted over all of them. Slices carry no header row, like a whole export.
 */
async function downloadSliced(transport: KeboolaTransport, file: StorageFile, manifestUrl: string, operation: string): Promise<string> {
  const manifest = (await (await get(transport, manifestUrl, `${operation} (its manifest)`)).json()) as { entries?: { url?: string }[] };
  const parts: string[] = [];
  let total = 0;
  for (const entry of manifest.entries ?? []) {
    const response = await sliceResponse(transport, file, entry.url ?? '', operation);
    const bytes = await gunzippedBytes(await readCapped(response.body, operation, total), operation, total);
    total += bytes.byteLength;
    const text = new TextDecoder().decode(bytes);
    parts.push(text.length === 0 || text.endsWith('\n') ? text : `${text}\n`);
  }
  return parts.join('');
}

async function sliceResponse(transport: KeboolaTransport, file: StorageFile, slice: string, operation: string): Promise<Response> {
  const azure = /^azure:\/\/[^/]+\/(.+)$/.exec(slice);
  if (azure && file.absCredentials) {
    const { endpoint, sas } = parseSasConnectionString(file.absCredentials.SASConnectionString);
    return get(transport, `${endpoint}/${azure[1]!.split('/').map(encodeURIComponent).join('/')}?${sas}`, operation);
  }
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(slice);
  if (s3 && file.credentials && file.region) {
    const url = `https://${s3[1]}.s3.${file.region}.amazonaws.com/${s3[2]!.split('/').map(encodeURIComponent).join('/')}`;
    const { AccessKeyId, SecretAccessKey, SessionToken } = file.credentials;
    const headers = await signS3Request({ method: 'GET', url, region: file.region, body: new Uint8Array(), credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, ...(SessionToken ? { sessionToken: SessionToken } : {}) }, headers: {} });
    return transport.send({ service: 'files', operation, method: 'GET', url, auth: false, retry: 'safe', timeoutMs: TRANSFER_TIMEOUT_MS, headers });
  }
  throw new KeboolaApiError(`Keboola exported file ${file.id} in slices this client cannot read ("${slice.split('/').slice(0, 3).join('/')}…" without matching credentials); use the preview action or keboola.workspace.query instead.`, {
    service: 'files', operation, code: 'sliced_file', retryable: false,
  });
}

function get(transport: KeboolaTransport, url: string, operation: string): Promise<Response> {
  return transport.send({ service: 'files', operation, method: 'GET', url, auth: false, retry: 'safe', timeoutMs: TRANSFER_TIMEOUT_MS, headers: { accept: '*/*' } });
}

/** gzip by its magic bytes, whatever the name says; `before` is what earlier slices already held. */
async function gunzippedBytes(bytes: Uint8Array<ArrayBuffer>, operation: string, before: number): Promise<Uint8Array<ArrayBuffer>> {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? readCapped(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')), operation, before) : bytes;
}

async function readCapped(stream: ReadableStream<Uint8Array> | null, operation: string, before: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const cap = MAX_FILE_BYTES - before;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new KeboolaApiError(`The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most read into memory at once; keboola.storage.tables "export" streams a table into the workspace instead, or query an aggregate.`, {
        service: 'files', operation, code: 'too_large', retryable: false,
      });
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** "BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=…&sig=…" → its two parts. */
export function parseSasConnectionString(connection: string): { endpoint: string; sas: string } {
  const parts = new Map<string, string>();
  for (const piece of connection.split(';')) {
    const at = piece.indexOf('=');
    if (at > 0) parts.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  const endpoint = parts.get('BlobEndpoint');
  const sas = parts.get('SharedAccessSignature');
  if (!endpoint || !sas) {
    throw new KeboolaApiError('Keboola gave an Azure upload connection string without BlobEndpoint and SharedAccessSignature.', {
      service: 'files', operation: 'upload a file', code: 'bad_response', retryable: false,
    });
  }
  return { endpoint: endpoint.replace(/\/+$/, ''), sas: sas.replace(/^\?/, '') };
}
