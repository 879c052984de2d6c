/**
 * Writes one R2 object from bytes produced bit by bit, holding at most one part in memory (the
 * Worker has 128 MB; an upload may be 100 MB). Nothing is visible at `key` until `finish`: a small
 * object is one put, a large one a multipart upload that only `complete` makes visible, and `abort`
 * drops the parts. So a refused file leaves the stored table exactly as it was.
 */

// R2 wants every part but the last at least 5 MiB and all of one size.
const PART_BYTES = 8 * 1024 * 1024;

export class R2StreamWriter {
  private buffer = new Uint8Array(PART_BYTES);
  private filled = 0;
  private upload: R2MultipartUpload | undefined;
  private parts: R2UploadedPart[] = [];
  private encoder = new TextEncoder();
  bytes = 0;

  constructor(private readonly bucket: R2Bucket, private readonly key: string, private readonly options: R2MultipartOptions) {}

  async write(text: string): Promise<void> {
    let data = this.encoder.encode(text);
    this.bytes += data.byteLength;
    while (data.byteLength > 0) {
      const taken = Math.min(data.byteLength, PART_BYTES - this.filled);
      this.buffer.set(data.subarray(0, taken), this.filled);
      this.filled += taken;
      data = data.subarray(taken);
      if (this.filled === PART_BYTES) await this.flushPart();
    }
  }

  async finish(): Promise<R2Object> {
    if (!this.upload) return this.bucket.put(this.key, this.buffer.subarray(0, this.filled), this.options);
    if (this.filled > 0) await this.flushPart();
    return this.upload.complete(this.parts);
  }

  async abort(): Promise<void> {
    await this.upload?.abort();
  }

  private async flushPart(): Promise<void> {
    this.upload ??= await this.bucket.createMultipartUpload(this.key, this.options);
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, this.buffer.slice(0, this.filled)));
    this.filled = 0;
  }
}
