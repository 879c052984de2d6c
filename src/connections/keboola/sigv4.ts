/**
 * AWS Signature Version 4 for one S3 request, with WebCrypto (no AWS SDK in a Worker). Keboola's
 * files/prepare on AWS stacks hands out temporary STS credentials for exactly one object
 * (keboola-api.md "Import"; the Python client puts the object with boto3 and these credentials).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type S3SignInput = {
  method: string;
  url: string;
  region: string;
  credentials: AwsCredentials;
  body: Uint8Array<ArrayBuffer>;
  /** Extra headers to send and sign (lowercase names), e.g. x-amz-acl. */
  headers?: Record<string, string>;
  now?: Date;
};

/** The headers to send, `authorization` included (`host` is implied by the URL). */
export async function signS3Request(input: S3SignInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const amzDate = (input.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = hex(await sha256(input.body));
  const headers: Record<string, string> = {
    ...input.headers,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
    ...(input.credentials.sessionToken ? { 'x-amz-security-token': input.credentials.sessionToken } : {}),
  };
  const signed: Record<string, string> = { ...headers, host: url.host };
  const names = Object.keys(signed).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(signed[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [input.method, canonicalPath(url.pathname), canonicalQuery(url.searchParams), canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(await sha256(new TextEncoder().encode(canonicalRequest)))].join('\n');
  let key: ArrayBuffer = await hmac(new TextEncoder().encode(`AWS4${input.credentials.secretAccessKey}`), day);
  for (const part of [input.region, 's3', 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, stringToSign));
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

/** S3 encodes each path segment once (RFC 3986 unreserved characters stay), slashes kept. */
function canonicalPath(pathname: string): string {
  return pathname.split('/').map((segment) => rfc3986(decodeURIComponent(segment))).join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', data);
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, text: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', imported, new TextEncoder().encode(text));
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
