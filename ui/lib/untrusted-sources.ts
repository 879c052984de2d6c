// Untrusted sources as a person reads them (spec §6 "Untrusted content"). The API names each source
// with a label (src/broker/taint.ts): `tool:<tool>:<call>`, `input:<name> (<trigger type>)`,
// `child:<run>`, `upload:<path> (by <user>)`, `file:<path>`, and `+N more sources` past its cap.

/** Tools whose output is table rows, so "rows read by" says what came in. */
const ROW_TOOLS = /^(sql\.|keboola\.storage\.tables$|keboola\.workspace\.query$)/;

/** What sent a run's inputs, by trigger type (src/domain/trigger.ts). */
const SENDERS: Record<string, string> = {
  http_webhook: 'webhook',
  'keboola.job_finished': 'Keboola job event',
  'keboola.table_updated': 'Keboola table event',
};

const MORE = /^\+(\d+) more sources?$/;

/** `call_abcdefghijklmno` → `call_abcdef…`: enough to tell calls apart in a list; titles keep the whole label. */
export function shortId(id: string): string {
  const at = id.indexOf('_');
  const keep = (at >= 0 ? at + 1 : 0) + 6;
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id;
}

/** `tool:<tool>:<call>` → its parts; a tool id may hold dots, a call id never a colon. */
function toolCall(label: string): { tool: string; call: string } | null {
  if (!label.startsWith('tool:')) return null;
  const rest = label.slice('tool:'.length);
  const split = rest.lastIndexOf(':');
  return split > 0 ? { tool: rest.slice(0, split), call: rest.slice(split + 1) } : null;
}

const readBy = (tool: string) => `${ROW_TOOLS.test(tool) ? 'rows read by' : 'output of'} ${tool}`;

/** `name (detail)` → [name, detail]; the name may itself contain brackets, the detail is the last pair. */
function withDetail(text: string): [string, string | undefined] {
  const match = /^(.*) \(([^()]*)\)$/.exec(text);
  return match ? [match[1]!, match[2]] : [text, undefined];
}

/** One source in words: `tool:sql.local:call_abc…` → `rows read by sql.local (call_abc…)`. */
export function describeSource(label: string): string {
  const more = MORE.exec(label);
  if (more) return `${more[1]} more ${more[1] === '1' ? 'source' : 'sources'}`;
  const call = toolCall(label);
  if (call) return `${readBy(call.tool)} (${shortId(call.call)})`;
  const at = label.indexOf(':');
  const kind = label.slice(0, at);
  const rest = label.slice(at + 1);
  switch (kind) {
    case 'input': {
      const [name, via] = withDetail(rest);
      return via ? `${SENDERS[via] ?? via} input ${name}` : `run input ${name}`;
    }
    case 'child':
      return `child run ${rest}`;
    case 'upload': {
      const [path, by] = withDetail(rest);
      return by?.startsWith('by ') ? `file ${path} uploaded ${by}` : `uploaded file ${path}`;
    }
    case 'file':
      return `workspace file ${rest}`;
  }
  return label;
}

/** How many sources the labels stand for: the API folds the ones past its cap into `+N more sources`. */
export function sourceCount(labels: readonly string[]): number {
  return labels.reduce((n, label) => n + Number(MORE.exec(label)?.[1] ?? 1), 0);
}

/** All of them on one line, for a title attribute or a sentence. */
export function sourcesText(labels: readonly string[]): string {
  return labels.map(describeSource).join('; ');
}

/**
 * A line that must stay short: the calls of one tool are one entry ("rows read by sql.local (3
 * calls)"), the first `named` entries are spelled out and the rest counted. `complete`: the line
 * names each source on its own, so a full list would add nothing.
 */
export function sourcesSummary(labels: readonly string[], named: number): { text: string; complete: boolean } {
  const entries = new Map<string, { text: string; size: number }>();
  for (const label of labels) {
    if (MORE.test(label)) continue;
    const call = toolCall(label);
    const entry = call && entries.get(`tool:${call.tool}`);
    if (call && entry) {
      entry.size += 1;
      entry.text = `${readBy(call.tool)} (${entry.size} calls)`;
    } else entries.set(call ? `tool:${call.tool}` : label, { text: describeSource(label), size: 1 });
  }
  const shown = [...entries.values()].slice(0, named);
  const more = sourceCount(labels) - shown.reduce((n, entry) => n + entry.size, 0);
  const text = `${shown.map((entry) => entry.text).join('; ')}${more > 0 ? ` and ${more} more` : ''}`;
  return { text, complete: more === 0 && shown.every((entry) => entry.size === 1) };
}

/**
 * The API's reason with each label it names put in words ("…derive from untrusted content
 * (tool:sql.local:call_…)" → "…(rows read by sql.local (call_…))"). Longest first, so a label that
 * begins another (`child:run_a`, `child:run_ab`) cannot break it.
 */
export function readableReason(reason: string, labels: readonly string[]): string {
  return [...labels].sort((a, b) => b.length - a.length).reduce((text, label) => text.replaceAll(label, describeSource(label)), reason);
}
