// Builds the web UI (preact + htm) into dist/ui, which wrangler serves as static assets.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/ui');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'ui/index.html'), join(out, 'index.html'));
await build({
  entryPoints: { app: join(root, 'ui/main.ts'), styles: join(root, 'ui/styles.css') },
  outdir: join(out, 'assets'),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  loader: { '.woff2': 'file', '.woff': 'file' },
  logLevel: 'warning',
});
