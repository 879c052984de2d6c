// The Keboola side: put a CSV into a Storage table with the Storage API (keboola-api.md "Import"):
// files/prepare → upload where it says (Azure, GCS or S3) → create the table, or import into the
// existing one, as a storage job → poll the job. Imports are never retried: a repeat duplicates rows.
import { signS3Put } from './s3.mjs';

export class KeboolaStorage {
  /** @param {{ url: string, token: string }} options  url: the stack, e.g. https://connection.keboola.com */
  constructor({ url, token, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }) {
    this.base = url.replace(/\/+$/, '') + '/v2/storage';
    this.token = token;
    this.sleep = sleep;
  }

  async request(method, path, { form, json, allow404 = false } = {}) {
    const headers = { 'x-storageapi-token': this.token, accept: 'application/json' };
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    } else if (json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    const response = await fetch(this.base + path, { method, headers, body });
    if (allow404 && response.status === 404) return null;
    const answer = await response.json().catch(() => ({}));
    // Storage errors are {error, exceptionId}; never echo the token.
    if (!response.ok) throw new Error(`Keboola Storage ${method} ${path} answered ${response.status}: ${answer.error ?? response.statusText}`);
    return answer;
  }

  /** `out.c-name` exists afterwards (created if missing). */
  async ensureBucket(bucketId) {
    if (await this.request('GET', `/buckets/${encodeURIComponent(bucketId)}`, { allow404: true })) return;
    const [stage, name] = bucketId.split('.');
    await this.request('POST', '/buckets', { json: { stage, name: name.replace(/^c-/, ''), description: 'Written by Agent Studio runs' } });
  }

  /** Uploads the CSV (header row first) and loads it into `bucketId.tableName`: created when new, else a full load. */
  async writeTable(bucketId, tableName, csv) {
    const bytes = new TextEncoder().encode(csv);
    const prepared = await this.request('POST', '/files/prepare', { form: { name: `${tableName}.csv`, sizeBytes: String(bytes.byteLength), federationToken: '1' } });
    await upload(prepared, bytes);
    const tableId = `${bucketId}.${tableName}`;
    const exists = await this.request('GET', `/tables/${encodeURIComponent(tableId)}`, { allow404: true });
    const job = exists
      ? await this.request('POST', `/tables/${encodeURIComponent(tableId)}/import-async`, { form: { dataFileId: String(prepared.id), incremental: '0' } })
      : await this.request('POST', `/buckets/${encodeURIComponent(bucketId)}/tables-async`, { form: { name: tableName, dataFileId: String(prepared.id) } });
    await this.waitForJob(job.id);
    return tableId;
  }

  async waitForJob(jobId, timeoutMs = 10 * 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 250; ; delay = Math.min(5_000, delay * 2)) {
      const job = await this.request('GET', `/jobs/${jobId}`);
      if (job.status === 'success') return job;
      if (job.status === 'error') throw new Error(`Keboola storage job ${jobId} failed: ${job.error?.message ?? 'no message'}`);
      if (Date.now() > deadline) throw new Error(`Keboola storage job ${jobId} still ${job.status} after ${timeoutMs / 1000} s`);
      await this.sleep(delay);
    }
  }
}

/** Puts the bytes where files/prepare said, per cloud (as Keboola's official clients do). */
async function upload(prepared, bytes) {
  let response;
  if (prepared.absUploadParams) {
    const { blobName, container, absCredentials } = prepared.absUploadParams;
    const parts = Object.fromEntries(absCredentials.SASConnectionString.split(';').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    const url = `${parts.BlobEndpoint.replace(/\/+$/, '')}/${encodeURIComponent(container)}/${blobName.split('/').map(encodeURIComponent).join('/')}?${parts.SharedAccessSignature}`;
    response = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'text/csv' }, body: bytes });
  } else if (prepared.gcsUploadParams) {
    const { bucket, key, access_token } = prepared.gcsUploadParams;
    const url = `https://storage.googleapis.com/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=media&name=${encodeURIComponent(key)}`;
    response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'text/csv' }, body: bytes });
  } else if (prepared.uploadParams && prepared.region) {
    const { bucket, key, acl, credentials } = prepared.uploadParams;
    const url = `https://${bucket}.s3.${prepared.region}.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}`;
    const encryption = prepared.uploadParams['x-amz-server-side-encryption'];
    const headers = signS3Put({ url, region: prepared.region, credentials, body: bytes, headers: { 'content-type': 'text/csv', ...(acl ? { 'x-amz-acl': acl } : {}), ...(encryption ? { 'x-amz-server-side-encryption': encryption } : {}) } });
    response = await fetch(url, { method: 'PUT', headers, body: bytes });
  } else {
    throw new Error(`files/prepare gave no upload parameters this component knows (provider "${prepared.provider ?? 'unknown'}")`);
  }
  if (!response.ok) throw new Error(`uploading file ${prepared.id} failed: ${response.status} ${await response.text().catch(() => '')}`.trim());
}
