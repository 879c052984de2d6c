// `npm run check:cycles`: fails when src/ has a circular import, and prints each cycle as a chain of files.
// Runtime imports only (static and dynamic): dpdm's transform drops `import type`, which the build erases too.
// A cycle of types is no cycle at run time — src/env.ts's Env names the Durable Object classes, whose files
// take an Env — while a runtime cycle makes evaluation order matter (a class or schema used before its module ran).
import { readdirSync } from 'node:fs';
import { parseCircular, parseDependencyTree } from 'dpdm';

const entries = readdirSync('src', { recursive: true })
  .map((name) => `src/${name}`)
  .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'));
const tree = await parseDependencyTree(entries, { transform: true, context: process.cwd() });
const cycles = parseCircular(tree);
for (const [i, cycle] of cycles.entries()) console.log(`${i + 1}) ${[...cycle, cycle[0]].join(' -> ')}`);
if (cycles.length > 0) {
  console.error(`check:cycles: ${cycles.length} circular import(s) through ${new Set(cycles.flat()).size} files in src/`);
  process.exit(1);
}
console.log('check:cycles: no circular imports in src/');
