import { structuredPatch } from 'diff';

export type DiffStats = { added: number; removed: number };

/**
 * A unified line diff of two documents (as `diff -u` prints it: `--- from`, `+++ to`, hunks with
 * `context` unchanged lines around each change), with the lines added and removed; '' when equal.
 * What an approver reads before a Playbook is created or changed.
 */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): { text: string } & DiffStats {
  // A missing final newline is not a change of the last line.
  const withEol = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  const { hunks } = structuredPatch(labels.from, labels.to, withEol(before), withEol(after), '', '', { context });
  const changed = hunks.flatMap((h) => h.lines);
  const added = changed.filter((l) => l.startsWith('+')).length;
  const removed = changed.filter((l) => l.startsWith('-')).length;
  if (hunks.length === 0) return { text: '', added, removed };
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  // An empty side starts at line 0, as diff -u prints it.
  const start = (line: number, count: number) => (count === 0 ? line - 1 : line);
  for (const h of hunks) out.push(`@@ -${start(h.oldStart, h.oldLines)},${h.oldLines} +${start(h.newStart, h.newLines)},${h.newLines} @@`, ...h.lines);
  return { text: `${out.join('\n')}\n`, added, removed };
}
