// Raw CRM stage labels → the canonical stages a process map is drawn in. Each CRM names its
// stages differently (Salesforce "Needs Analysis", HubSpot "presentationscheduled"), so a mapping
// is proposed from the words of the label and a person confirms or corrects it.

export const CANONICAL_STAGES = ['Prospecting', 'Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] as const;
/** What a label that fits no stage maps to; such events stay in the log but out of the intended order. */
export const OTHER = 'Other';

/** Checked in order: the first rule whose pattern matches the folded label names the stage. */
const RULES: [RegExp, string][] = [
  [/closed ?won|\bwon\b|closedwon/, 'Closed Won'],
  [/closed ?lost|\blost\b|closedlost|disqualif/, 'Closed Lost'],
  [/prospect|lead|appointment ?scheduled|new deal/, 'Prospecting'],
  [/qualif/, 'Qualification'],
  [/needs ?analysis|discover|decision ?makers?|presentation ?scheduled|demo|value ?prop|perception/, 'Discovery'],
  [/proposal|quote|pricing/, 'Proposal'],
  [/negotiat|review|contract|legal|commit/, 'Negotiation'],
];

export function proposeStage(raw: string): string {
  const folded = raw.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  for (const [pattern, stage] of RULES) if (pattern.test(folded)) return stage;
  return OTHER;
}

/**
 * Corrections as a person writes them, one per line or separated by ";": `Legal Review ->
 * Negotiation` (also `=>`, `=` or `:`). Unknown raw values and stages are errors that name what
 * exists, so a typo is never silently ignored.
 */
export function parseCorrections(text: string, rawValues: readonly string[], stages: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byLower = new Map(rawValues.map((v) => [v.toLowerCase(), v]));
  const stageByLower = new Map([...stages, OTHER].map((s) => [s.toLowerCase(), s]));
  for (const line of text.split(/[\n;]+/).map((l) => l.trim()).filter(Boolean)) {
    const match = /^(.+?)\s*(?:->|=>|=|:)\s*(.+)$/.exec(line);
    if (!match) throw new Error(`cannot read the correction "${line}": write "raw stage -> canonical stage"`);
    const raw = byLower.get(match[1]!.trim().toLowerCase());
    if (!raw) throw new Error(`the correction "${line}" names no stage value of the data; they are: ${rawValues.join(', ')}`);
    const stage = stageByLower.get(match[2]!.trim().toLowerCase());
    if (!stage) throw new Error(`the correction "${line}" maps to no canonical stage; use one of: ${[...stages, OTHER].join(', ')}`);
    out[raw] = stage;
  }
  return out;
}

/** "Created, Prospecting, …" → the intended order; the closed stages share the last place. */
export function parseOrder(text: string): string[] {
  const order = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && s.toLowerCase() !== 'created');
  if (order.length < 2) throw new Error(`the intended stage order "${text}" needs at least two stages, comma separated`);
  return order;
}

/** Position in the intended order; Closed Won and Closed Lost are both the end. -1: not in it. */
export function rankIn(order: readonly string[]): (stage: string) => number {
  const first = order.findIndex((s) => s === 'Closed Won' || s === 'Closed Lost');
  const end = first >= 0 ? first : order.length;
  return (stage) => (stage === 'Closed Won' || stage === 'Closed Lost' ? end : order.indexOf(stage));
}
