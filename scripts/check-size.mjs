// `npm run check:size`: fails when a source file in src/ is over 400 lines, listing each — a file that long
// usually holds more than one idea. Generated files (src/generated) and tests are left out.
import { readdirSync, readFileSync } from 'node:fs';

const MAX_LINES = 400;
const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const over = readdirSync('src', { recursive: true })
  .map((name) => `src/${name}`)
  .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.startsWith('src/generated/'))
  .map((path) => ({ path, lines: lineCount(readFileSync(path, 'utf8')) }))
  .filter(({ lines }) => lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);
for (const { path, lines } of over) console.log(`${lines} ${path}`);
if (over.length > 0) {
  console.error(`check:size: ${over.length} file(s) in src/ over ${MAX_LINES} lines`);
  process.exit(1);
}
console.log(`check:size: no file in src/ over ${MAX_LINES} lines`);
