// Builds the web UI (preact + htm) into dist/ui, which wrangler serves as static assets.
// The font is bundled from @fontsource (ui.md: no external font hosts); its files land in dist/ui/assets.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/ui');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
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
  // The YAML parser (only for placing validation issues on lines) is a lazily loaded chunk.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'es2022',
  // The status bar shows the UI version; the API version comes from /openapi.json.
  define: { __APP_VERSION__: JSON.stringify(version) },
  loader: { '.woff2': 'file', '.woff': 'file' },
  assetNames: 'fonts/[name]-[hash]',
  logLevel: 'warning',
});
