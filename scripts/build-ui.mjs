// Builds the web UI (preact + htm) into dist/ui, which wrangler serves as static assets.
// The font is bundled from @fontsource (ui.md: no external font hosts); its files land in dist/ui/assets.
//
// dist/ui is shared by every `wrangler dev` started from this tree (npm start, the e2e harness)
// and rebuilt by every `npm test`/`npm run build`. So the build never empties it: each file is
// replaced atomically and only when its bytes changed, and stale files are pruned afterwards.
// A running server therefore never sees a missing app.js, and an unchanged UI causes no reload.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/ui');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const result = await build({
  entryPoints: { app: join(root, 'ui/main.ts'), styles: join(root, 'ui/styles.css') },
  outdir: join(out, 'assets'),
  write: false,
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
  metafile: true,
});

// The editor's CodeMirror is a chunk of its own (ui/components/playbook-yaml/codemirror.ts): what
// every page loads (app.js and the chunks it imports statically) must not contain it. Fails the build.
const outputs = result.metafile.outputs;
const appPath = Object.keys(outputs).find((path) => outputs[path].entryPoint === 'ui/main.ts');
const initial = new Set([appPath]);
for (const path of initial) for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') initial.add(imported.path);
const initialBytes = [...initial].reduce((sum, path) => sum + outputs[path].bytes, 0);
const editorChunk = Object.keys(outputs).find((path) => /chunks\/codemirror-[^/]*\.js$/.test(path));
const leaked = [...initial].flatMap((path) => Object.keys(outputs[path].inputs)).filter((input) => input.includes('node_modules/@codemirror/'));
if (leaked.length > 0) throw new Error(`CodeMirror is in the initial UI bundle (${leaked[0]}…): keep it behind import()`);
console.log(`ui: initial ${(initialBytes / 1024).toFixed(1)} KiB (${[...initial].map((p) => p.split('/').pop()).join(' + ')})`);
if (editorChunk) console.log(`ui: editor chunk ${(outputs[editorChunk].bytes / 1024).toFixed(1)} KiB (${editorChunk.split('/').pop()}), loaded by the Playbook editor only`);

/** Writes via a temporary name and rename, and not at all when the content is the same. */
function put(path, contents) {
  const bytes = Buffer.from(contents);
  if (existsSync(path) && readFileSync(path).equals(bytes)) return;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// Assets first, index.html last, so a page loaded mid-build references files that exist.
const files = [...result.outputFiles.map((f) => [f.path, f.contents]), [join(out, 'index.html'), readFileSync(join(root, 'ui/index.html'))]];
for (const [path, contents] of files) put(path, contents);
const keep = new Set(files.map(([path]) => path));
for (const path of filesUnder(out)) {
  if (!keep.has(path) && !path.endsWith('.tmp')) rmSync(path, { force: true });
}
