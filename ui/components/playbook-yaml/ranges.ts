// Where an API issue path (`sop.steps[1].allowed_tools[0]`) sits in the YAML text, as a character
// range the editor can underline. Parsed with the same `yaml` package the API parses with.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { pathSegments } from '../../lib/yaml-lines';

export type IssueRange = {
  from: number;
  to: number;
  /** False when the path ends below what the text has (a missing field): the range is its nearest parent's key. */
  exact: boolean;
};

/** A range on one line: a multi-line block (a whole step) is marked by its first line only. */
function firstLine(text: string, from: number, to: number): { from: number; to: number } {
  const newline = text.indexOf('\n', from);
  const end = Math.min(to, newline === -1 ? text.length : newline);
  return { from, to: Math.max(end, from) };
}

function rangeOf(text: string, node: Node | null | undefined, fallback: { from: number; to: number }): { from: number; to: number } {
  if (!node?.range) return fallback;
  return firstLine(text, node.range[0], node.range[1]);
}

/**
 * The range for `path` in a parsed document: a scalar value itself (the wrong tool id), else the
 * key that holds a block, else — for a path the text does not have — the deepest key it does.
 */
export function rangeOfPath(text: string, doc: Document, path: string): IssueRange | undefined {
  if (!doc.contents) return undefined;
  let node: unknown = doc.contents;
  let range = rangeOf(text, doc.contents as Node, { from: 0, to: 0 });
  for (const segment of pathSegments(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair || !isScalar(pair.key)) return { ...range, exact: false };
      range = isScalar(pair.value) ? rangeOf(text, pair.value, range) : rangeOf(text, pair.key, range);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) return { ...range, exact: false };
      range = rangeOf(text, item, range);
      node = item;
    } else {
      return { ...range, exact: false };
    }
  }
  return { ...range, exact: true };
}

/** The ranges of many issue paths in one parse; undefined ranges when the text does not parse. */
export function issueRanges<T extends { path: string }>(text: string, issues: T[]): (T & { range?: IssueRange })[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return issues;
  return issues.map((issue) => {
    const range = rangeOfPath(text, doc, issue.path);
    return range ? { ...issue, range } : issue;
  });
}
