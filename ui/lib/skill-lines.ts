// Places a SKILL.md validation issue on a line of the text the person typed: frontmatter paths on
// their key (or the opening "---"), table paths on the table's heading and, for a row, on that row.

const HEADINGS: Record<string, string> = {
  tool_selection_guide: 'tool selection guide',
  integrations_required: 'integrations required',
  context_persistence: 'context persistence',
};

/** 1-based line of the issue, or undefined when the path names no place in SKILL.md (a reference). */
export function lineOfSkillPath(text: string, path: string): number | undefined {
  const lines = text.split('\n');
  if (path === 'frontmatter' || path.startsWith('frontmatter.')) {
    const key = path.split('.')[1];
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    const at = key ? lines.findIndex((l, i) => (end < 0 || i < end) && l.startsWith(`${key}:`)) : -1;
    return at >= 0 ? at + 1 : 1;
  }
  const table = /^tables\.([a-z_]+)(?:\[(\d+)\])?/.exec(path);
  if (!table) return undefined;
  const heading = HEADINGS[table[1]!];
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && l.replace(/^#+\s*/, '').trim().toLowerCase() === heading);
  if (start < 0) return undefined;
  const row = table[2] ? Number(table[2]) : 0;
  if (row === 0) return start + 1;
  // Rows follow the header and the |---| separator; count table lines after the heading.
  let seen = 0;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^#{1,6}\s/.test(lines[i]!)) break;
    if (!lines[i]!.trim().startsWith('|')) continue;
    seen++;
    if (seen === row + 2) return i + 1;
  }
  return start + 1;
}
