import { describe, expect, it } from 'vitest';
import { signS3Request } from './sigv4';

// AWS's published examples (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html):
// documentation keys, never a real account.
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = new Date('2013-05-24T00:00:00Z');
const empty = new Uint8Array();

describe('AWS SigV4 for S3 uploads', () => {
  it('reproduces the PUT Object example, a name that needs encoding', async () => {
    const headers = await signS3Request({
      method: 'PUT', url: 'https://examplebucket.s3.amazonaws.com/test%24file.text', region: 'us-east-1', credentials, now,
      body: new TextEncoder().encode('Welcome to Amazon S3.'),
      headers: { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
    });
    expect(headers['x-amz-content-sha256']).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('reproduces the List Objects example: query sorted and encoded', async () => {
    const headers = await signS3Request({ method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J', region: 'us-east-1', credentials, now, body: empty });
    expect(headers.authorization).toContain('Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('signs the STS session token Keboola hands out with the upload parameters', async () => {
    const headers = await signS3Request({ method: 'PUT', url: 'https://kbc-bucket.s3.us-east-1.amazonaws.com/exp-15/1/a.csv', region: 'us-east-1', credentials: { ...credentials, sessionToken: 'session-token' }, now, body: empty });
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
  });
});
