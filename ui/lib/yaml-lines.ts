// Finds the YAML line an API issue path points at (`sop.steps[0].on_failure` → line 9), so the
// editor can show and jump to it. Uses the same `yaml` package the API parses with.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** `sop.steps[0].on_failure` → ['sop', 'steps', 0, 'on_failure']; `(root)` → []. */
export function pathSegments(path: string): (string | number)[] {
  if (path === '(root)') return [];
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

export type IssueLine = {
  line: number;
  /** False when the path ends below what the text has (a missing field): the line is its nearest parent. */
  exact: boolean;
};

/** The line for `path` in `text`, or undefined when the text does not parse or has no such node. */
export function lineOfPath(text: string, path: string): IssueLine | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0 || !doc.contents) return undefined;
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  let node: unknown = doc.contents;
  let line = lineAt((doc.contents as Node).range?.[0] ?? 0);
  for (const segment of pathSegments(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair || !isScalar(pair.key) || !pair.key.range) return { line, exact: false };
      line = lineAt(pair.key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) return { line, exact: false };
      line = lineAt(item.range[0]);
      node = item;
    } else {
      return { line, exact: false };
    }
  }
  return { line, exact: true };
}
