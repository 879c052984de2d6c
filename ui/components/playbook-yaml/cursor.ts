// Where the cursor is in a Playbook's YAML while the author types: the path of the map or list
// it is in, and whether a key or a value is being written. Read from indentation, because the
// document is usually half-written (`  ti|`) and a YAML parser would read it differently.

export type Segment = string | number;

export type CursorContext = {
  /** For a key: the path of the map the key goes into. For a value: the path of that value. */
  path: Segment[];
  /** 'item' is a bare list item or a key in a new list item: the schema decides which. */
  kind: 'key' | 'value' | 'item';
  /** What is typed of the key or value so far (the completion replaces it). */
  prefix: string;
};

type Frame = { indent: number; segment: Segment; item: boolean };

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:[ \t]+(.*)|$)/;

function unquote(key: string): string {
  const k = key.trim();
  return /^(["']).*\1$/.test(k) ? k.slice(1, -1) : k;
}

/** Drops frames the line at `indent` closes; returns the index of a same-indent sibling item it closed. */
function close(stack: Frame[], indent: number, item: boolean): number {
  let previous = -1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    // A key at the same indent as a list stays: that is the compact form `steps:\n- id: a`.
    const closes = top.indent > indent || (top.indent === indent && (top.item || !item));
    if (!closes) break;
    stack.pop();
    if (top.item && top.indent === indent) previous = top.segment as number;
  }
  return previous;
}

/** The context at character offset `pos` of `text`. */
export function contextAt(text: string, pos: number): CursorContext {
  const lines = text.slice(0, pos).split('\n');
  const stack: Frame[] = [];
  let blockIndent = -1; // inside a `|` or `>` block scalar: its lines hold no keys
  for (let i = 0; i < lines.length; i++) {
    const current = i === lines.length - 1;
    const line = lines[i]!;
    let indent = line.length - line.trimStart().length;
    let rest = line.slice(indent);
    if (!current && (rest === '' || rest.startsWith('#') || rest.startsWith('---'))) continue;
    if (blockIndent >= 0 && indent > blockIndent) {
      if (!current) continue;
      close(stack, blockIndent + 1, false);
      return { path: stack.map((f) => f.segment), kind: 'value', prefix: '' };
    }
    blockIndent = -1;
    for (let dash = rest.match(/^-( +|$)/); dash; dash = rest.match(/^-( +|$)/)) {
      const previous = close(stack, indent, true);
      stack.push({ indent, segment: previous + 1, item: true });
      indent += dash[0].length;
      rest = rest.slice(dash[0].length);
    }
    const key = rest.match(KEY);
    const path = () => stack.map((f) => f.segment);
    if (key) {
      close(stack, indent, false);
      const name = unquote(key[1]!);
      const value = key[2] ?? '';
      if (current) return valueContext([...path(), name], value);
      stack.push({ indent, segment: name, item: false });
      if (/^[|>]/.test(value)) blockIndent = indent;
    } else if (current) {
      close(stack, indent, false);
      const itemLine = stack.length > 0 && stack[stack.length - 1]!.item && stack[stack.length - 1]!.indent < indent && /^\s*-/.test(line);
      return { path: path(), kind: itemLine ? 'item' : 'key', prefix: rest };
    }
  }
  return { path: [], kind: 'key', prefix: '' };
}

/** A value after `key:`; inside a flow list `[a, b` it is the next item's value. */
function valueContext(path: Segment[], value: string): CursorContext {
  const flow = value.match(/^\[([^\]]*)$/);
  if (flow) {
    const items = flow[1]!.split(',');
    return { path: [...path, items.length - 1], kind: 'value', prefix: items[items.length - 1]!.trimStart() };
  }
  return { path, kind: 'value', prefix: value.replace(/^["']/, '') };
}

/** Where a line's key starts: after its indent and any `- ` list markers. */
function keyColumn(line: string): number {
  const m = line.match(/^(\s*)((?:-\s+)*)/)!;
  return m[1]!.length + m[2]!.length;
}

const startsItem = (line: string) => /^\s*-(\s|$)/.test(line);
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Keys already written in the map the cursor's key goes into, above and below it, so completion
 * leaves them out. Deeper lines (nested values, block text) are stepped over; a shallower line or
 * the start of the next list item ends the map.
 */
export function keysBeside(text: string, pos: number): Set<string> {
  const lines = text.split('\n');
  const row = text.slice(0, pos).split('\n').length - 1;
  const own = keyColumn(lines[row]!);
  const found = new Set<string>();
  const visit = (line: string) => {
    const key = line.slice(own).match(KEY);
    if (key) found.add(unquote(key[1]!));
  };
  // A compact list (`steps:` then `- id: a` at the same indent) is a sibling's value: step over it.
  const siblingsList = (line: string) => indentOf(line) === own && startsItem(line);
  if (!startsItem(lines[row]!)) {
    for (let i = row - 1; i >= 0; i--) {
      const line = lines[i]!;
      if (/^\s*(#.*)?$/.test(line) || indentOf(line) > own || siblingsList(line)) continue;
      if (keyColumn(line) !== own) break;
      visit(line);
      if (startsItem(line)) break; // the first line of the cursor's own list item
    }
  }
  for (let i = row + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line) || indentOf(line) > own || siblingsList(line)) continue;
    if (indentOf(line) < own || startsItem(line)) break;
    visit(line);
  }
  return found;
}
