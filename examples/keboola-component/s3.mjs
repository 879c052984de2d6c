// AWS Signature Version 4 for one S3 PUT (Keboola's files/prepare on AWS stacks hands out
// temporary credentials for exactly one object). Same algorithm as src/connections/keboola/sigv4.ts,
// with node:crypto. https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import { createHash, createHmac } from 'node:crypto';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const rfc3986 = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The headers to send with `PUT url` (authorization included). */
export function signS3Put({ url, region, credentials, body, headers = {}, now = new Date() }) {
  const target = new URL(url);
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(body);
  const sent = {
    ...headers, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate,
    ...(credentials.SessionToken ? { 'x-amz-security-token': credentials.SessionToken } : {}),
  };
  const signed = { ...sent, host: target.host };
  const names = Object.keys(signed).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(signed[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const path = target.pathname.split('/').map((s) => rfc3986(decodeURIComponent(s))).join('/');
  const canonical = ['PUT', path, '', canonicalHeaders, names.join(';'), payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${credentials.SecretAccessKey}`, day);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.AccessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
