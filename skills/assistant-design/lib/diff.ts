// A unified line diff (as `diff -u` prints it) by longest common subsequence: small, and enough for
// documents of a few hundred lines. No dependency of the project offers one.

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Past this many cells the table is not built: the whole document is shown as replaced. */
const MAX_CELLS = 4_000_000;

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function operations(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < a.length) ops.push({ kind: '-', line: a[i++]! });
  while (j < b.length) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

export type DiffStats = { added: number; removed: number };

/** `--- a` / `+++ b` and hunks with `context` unchanged lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): { text: string } & DiffStats {
  const ops = operations(lines(before), lines(after));
  const added = ops.filter((o) => o.kind === '+').length;
  const removed = ops.filter((o) => o.kind === '-').length;
  if (added + removed === 0) return { text: '', added, removed };
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  // Group changes whose context windows touch into one hunk.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const last = hunks.at(-1);
    if (last && k - last[1] <= 2 * context) last[1] = k;
    else hunks.push([k, k]);
  }
  // Line numbers (1-based) in each file at every op.
  const posA: number[] = [];
  const posB: number[] = [];
  let na = 1;
  let nb = 1;
  for (const o of ops) {
    posA.push(na);
    posB.push(nb);
    if (o.kind !== '+') na++;
    if (o.kind !== '-') nb++;
  }
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const [first, last] of hunks) {
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length - 1, last + context);
    const slice = ops.slice(start, end + 1);
    const countA = slice.filter((o) => o.kind !== '+').length;
    const countB = slice.filter((o) => o.kind !== '-').length;
    const fromA = countA === 0 ? posA[start]! - 1 : posA[start]!;
    const fromB = countB === 0 ? posB[start]! - 1 : posB[start]!;
    out.push(`@@ -${fromA},${countA} +${fromB},${countB} @@`, ...slice.map((o) => `${o.kind}${o.line}`));
  }
  return { text: out.join('\n') + '\n', added, removed };
}
