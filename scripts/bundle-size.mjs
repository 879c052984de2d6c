// `npm run deploy:check`, after `wrangler deploy --dry-run --outdir dist/worker`: prints the size of each module
// wrangler would upload and fails when the main chunk grows past the limit, so a heavy import cannot slip in
// unnoticed. KB are KiB, as wrangler prints them; gzip is zlib's default level.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_GZIP_KB = 550;
const dir = process.argv[2] ?? 'dist/worker';
const MAIN = 'index.js';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)}KB`;
const size = (name) => {
  const bytes = readFileSync(join(dir, name));
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
};

const others = readdirSync(dir).filter((name) => name !== MAIN && /\.(m?js|cjs|wasm)$/.test(name)).sort();
const main = size(MAIN);
const parts = [`main=${kb(main.raw)} gzip=${kb(main.gzip)}`];
for (const name of others) {
  const { raw, gzip } = size(name);
  parts.push(`${name}=${kb(raw)} gzip=${kb(gzip)}`);
}
console.log(`BUNDLE ${parts.join('; ')}`);
if (main.gzip > LIMIT_GZIP_KB * 1024) {
  console.error(`bundle-size: the main chunk is ${kb(main.gzip)} gzip, over the ${LIMIT_GZIP_KB}KB limit`);
  process.exit(1);
}
