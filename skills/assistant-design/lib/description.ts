// What a plain-language task description says about a Playbook without a model reading it: the
// tables and buckets it names, the Slack channel, the schedule (or a table update) that should start
// it, and which columns of a table it talks about. Every finding keeps the words it came from, so
// design/requirements.md can say "from the description" and a person can check it.

export type Schedule = { expression: string; timezone: string; said: string };
export type Described = {
  tables: string[];
  buckets: string[];
  channel: string | null;
  schedule: Schedule | null;
  on_table_update: boolean;
};

const TABLE = /\b(?:in|out)\.c-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const BUCKET = /\b(?:in|out)\.c-[A-Za-z0-9_-]+\b(?!\.[A-Za-z0-9_-])/g;
const CHANNEL = /(?:^|[\s(,;:])(#[A-Za-z0-9][\w.-]{0,79})/g;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const TIMEZONE = /\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b|\bUTC\b/;

export function describe(text: string): Described {
  const tables = unique([...text.matchAll(TABLE)].map((m) => m[0]));
  const buckets = unique([...text.matchAll(BUCKET)].map((m) => m[0]).filter((b) => !tables.some((t) => t.startsWith(`${b}.`))));
  const channel = [...text.matchAll(CHANNEL)].map((m) => m[1]!.replace(/[.-]+$/, ''))[0] ?? null;
  // Table ids hold dots, which would end the sentence the update cue is looked for in.
  const plain = text.replace(TABLE, 'the table');
  const onUpdate = /\b(?:when(?:ever)?|as soon as|after)\b[^.;!?]*\b(?:updated|update|lands?|arrives?|new rows|is loaded|refresh(?:es|ed)?)\b/i.test(plain);
  return { tables, buckets, channel, schedule: scheduleOf(text), on_table_update: onUpdate };
}

/** "every Monday at 8:30", "weekdays", "daily", "monthly" → a cron expression (default 07:00, UTC). */
export function scheduleOf(text: string): Schedule | null {
  const t = text.toLowerCase();
  const time = /\b(?:at|by|around)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/.exec(t) ?? /\b(\d{1,2}):(\d{2})\s*(am|pm)?\b/.exec(t);
  let hour = time ? Number(time[1]) % 24 : 7;
  const minute = time?.[2] ? Math.min(59, Number(time[2])) : 0;
  if (time?.[3] === 'pm' && hour < 12) hour += 12;
  if (time?.[3] === 'am' && hour === 12) hour = 0;
  const timezone = TIMEZONE.exec(text)?.[0] ?? 'UTC';
  const at = (days: string, dayOfMonth = '*') => `${minute} ${hour} ${dayOfMonth} * ${days}`;
  const named = DAYS.map((d, i) => [d, i] as const).filter(([d]) => new RegExp(`\\b${d}s?\\b`).test(t));
  const cue = /\b(?:every|each|on|weekly)\b/.test(t);
  const found = (expression: string, said: RegExp | string): Schedule => ({ expression, timezone, said: typeof said === 'string' ? said : (said.exec(t)?.[0] ?? '') });
  if (/\bhourly\b|\bevery hour\b/.test(t)) return found(`${minute} * * * *`, /\bhourly\b|\bevery hour\b/);
  if (named.length > 0 && cue) return found(at(named.map(([, i]) => i).join(',')), new RegExp(`\\b(?:every|each|on)\\s+${named[0]![0]}s?\\b|\\b${named[0]![0]}s?\\b`));
  if (/\b(?:week ?days|working days?|business days?)\b/.test(t)) return found(at('1-5'), /\b(?:week ?days|working days?|business days?)\b/);
  if (/\b(?:daily|every day|each day|every morning|each morning|nightly|every night)\b/.test(t)) return found(at('*'), /\b(?:daily|every day|each day|every morning|each morning|nightly|every night)\b/);
  if (/\b(?:weekly|every week|each week)\b/.test(t)) return found(at('1'), /\b(?:weekly|every week|each week)\b/);
  if (/\b(?:monthly|every month|each month|month[- ]end|first of the month)\b/.test(t)) return found(at('*', '1'), /\b(?:monthly|every month|each month|month[- ]end|first of the month)\b/);
  return null;
}

/** "CloseDate", "close_date", "closeDate" → "close date". */
export function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().toLowerCase();
}

/** The columns whose name, read as words, the description uses ("missing close dates" → CloseDate). */
export function mentionedColumns(text: string, columns: readonly string[]): string[] {
  const said = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return columns.filter((c) => {
    const w = words(c);
    return w.length > 1 && new RegExp(`\\s${w.replace(/ /g, '\\s+')}(?:s|es)?\\s`).test(said);
  });
}

/** A table named by its last part ("opportunities", "remittances") in the description. */
export function mentionedByName(text: string, tableIds: readonly string[]): string[] {
  const said = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return tableIds.filter((id) => {
    const name = words(id.split('.').pop()!);
    const singular = name.replace(/(?:ies)$/, 'y').replace(/s$/, '');
    return said.includes(` ${name} `) || (singular.length > 3 && said.includes(` ${singular} `));
  });
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
