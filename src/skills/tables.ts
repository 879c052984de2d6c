/**
 * The three tables a SKILL.md may carry (spec §7), found under their headings and read into
 * typed rows. Columns are matched by header name (a few synonyms each, any order, extra columns
 * ignored) because skills are written by people, not generated.
 */

export type ToolGuideRow = { task: string; tools: string[]; notes?: string };
export type IntegrationRow = { integration: string; purpose?: string; required: boolean };
export type ContextKeyRow = { key: string; description: string };
export type SkillTables = { tool_selection_guide: ToolGuideRow[]; integrations_required: IntegrationRow[]; context_persistence: ContextKeyRow[] };

export type TableIssue = { path: string; message: string };

export const TABLE_HEADINGS = {
  tool_selection_guide: 'Tool Selection Guide',
  integrations_required: 'Integrations Required',
  context_persistence: 'Context Persistence',
} as const;

const COLUMNS = {
  task: ['task', 'need', 'when', 'use case', 'goal', 'situation'],
  tool: ['tool', 'tools', 'use'],
  notes: ['notes', 'note', 'why', 'comment', 'comments', 'details'],
  integration: ['integration', 'connection', 'system', 'service'],
  purpose: ['purpose', 'used for', 'why', 'description', 'notes'],
  required: ['required', 'mandatory'],
  key: ['key', 'name'],
  description: ['description', 'purpose', 'what', 'contents', 'meaning'],
} as const;

/** Context keys become storage keys and prompt labels: short snake_case. */
const CONTEXT_KEY = /^[a-z][a-z0-9_]{0,63}$/;

type RawTable = { header: string[]; rows: string[][] };

export function parseSkillTables(body: string): { tables: SkillTables; issues: TableIssue[] } {
  const issues: TableIssue[] = [];
  const tables: SkillTables = { tool_selection_guide: [], integrations_required: [], context_persistence: [] };
  const sections = sectionsByHeading(body);

  const guide = sections.get(TABLE_HEADINGS.tool_selection_guide.toLowerCase());
  if (guide) {
    tables.tool_selection_guide = readRows(guide, 'tool_selection_guide', ['task', 'tool'], issues, (cell) => {
      const notes = cell('notes');
      return { task: cell('task')!, tools: toolsIn(cell('tool')!), ...(notes ? { notes } : {}) };
    });
  }
  const integrations = sections.get(TABLE_HEADINGS.integrations_required.toLowerCase());
  if (integrations) {
    tables.integrations_required = readRows(integrations, 'integrations_required', ['integration'], issues, (cell, at) => {
      const purpose = cell('purpose');
      const required = requiredFlag(cell('required'));
      if (required === undefined) issues.push({ path: `${at}.required`, message: `"${cell('required')}" is not yes, no or optional` });
      return { integration: plain(cell('integration')!), ...(purpose ? { purpose } : {}), required: required ?? true };
    });
  }
  const context = sections.get(TABLE_HEADINGS.context_persistence.toLowerCase());
  if (context) {
    const seen = new Set<string>();
    tables.context_persistence = readRows(context, 'context_persistence', ['key', 'description'], issues, (cell, at) => {
      const key = plain(cell('key')!);
      if (!CONTEXT_KEY.test(key)) issues.push({ path: `${at}.key`, message: `"${key}" must be snake_case (a-z, 0-9, _), at most 64 characters` });
      if (seen.has(key)) issues.push({ path: `${at}.key`, message: `duplicate key "${key}"` });
      seen.add(key);
      return { key, description: cell('description')! };
    });
  }
  return { tables, issues };
}

/**
 * Reads a section's first table into rows; a row missing a required cell is an issue naming
 * the table, the row (1-based, as a person counts them) and the column.
 */
function readRows<T>(
  lines: string[],
  table: keyof SkillTables,
  required: (keyof typeof COLUMNS)[],
  issues: TableIssue[],
  build: (cell: (column: keyof typeof COLUMNS) => string | undefined, at: string) => T,
): T[] {
  const raw = firstTable(lines);
  if (!raw) return [];
  const columnIndex = (column: keyof typeof COLUMNS) => raw.header.findIndex((h) => (COLUMNS[column] as readonly string[]).includes(h.toLowerCase()));
  const missing = required.filter((column) => columnIndex(column) < 0);
  if (missing.length > 0) {
    issues.push({ path: `tables.${table}`, message: `the "${TABLE_HEADINGS[table]}" table needs a ${missing.map((m) => `"${m}"`).join(' and a ')} column (found: ${raw.header.join(', ')})` });
    return [];
  }
  const out: T[] = [];
  raw.rows.forEach((row, i) => {
    const at = `tables.${table}[${i + 1}]`;
    const cell = (column: keyof typeof COLUMNS) => {
      const index = columnIndex(column);
      const value = index >= 0 ? row[index]?.trim() : undefined;
      return value ? value : undefined;
    };
    const empty = required.filter((column) => !cell(column));
    if (empty.length > 0) {
      issues.push({ path: `${at}.${empty[0]}`, message: `row ${i + 1} of "${TABLE_HEADINGS[table]}" has no ${empty.join(', ')}` });
      return;
    }
    out.push(build(cell, at));
  });
  return out;
}

/**
 * Section text by heading title (lowercase; the first section of a title wins). A section runs
 * to the next heading of the same or a higher level, so it includes its subsections; headings
 * inside fenced code are text.
 */
function sectionsByHeading(body: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  const open: { level: number; lines: string[] }[] = [];
  let fence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) fence = fence ? undefined : fenceMark.slice(0, 3);
    const heading = fence || fenceMark ? undefined : /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
      const section = { level, lines: [] as string[] };
      const title = heading[2]!.toLowerCase();
      if (!sections.has(title)) sections.set(title, section.lines);
      open.push(section);
      continue;
    }
    for (const section of open) section.lines.push(line);
  }
  return sections;
}

/** The first GitHub-style table: a header row, a delimiter row, then rows until a non-table line. */
function firstTable(lines: string[]): RawTable | undefined {
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!isTableLine(lines[i]!) || !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1]!)) continue;
    const header = cellsOf(lines[i]!);
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && isTableLine(lines[j]!); j++) rows.push(cellsOf(lines[j]!));
    return { header, rows };
  }
  return undefined;
}

function isTableLine(line: string): boolean {
  return line.trim().startsWith('|');
}

/** Splits on unescaped pipes; `\|` stays a literal pipe inside a cell. */
function cellsOf(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

/** Tool ids are written in backticks; without backticks, a comma or "or" separated list. */
function toolsIn(cell: string): string[] {
  const quoted = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
  const tools = quoted.length > 0 ? quoted : cell.split(/,|;|\s+or\s+|\s+and\s+/).map(plain);
  return tools.filter((t) => t.length > 0);
}

/** A cell without Markdown code or emphasis marks, for identifiers. */
function plain(cell: string): string {
  return cell.trim().replace(/^(`+|\*\*|\*)(.*)\1$/, '$2').trim();
}

function requiredFlag(cell: string | undefined): boolean | undefined {
  if (cell === undefined) return true;
  const value = plain(cell).toLowerCase();
  if (['yes', 'y', 'true', 'required', 'mandatory', '✓', '✔'].includes(value)) return true;
  if (['no', 'n', 'false', 'optional'].includes(value)) return false;
  return undefined;
}
