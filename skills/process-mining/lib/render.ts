// The process map as a Mermaid flowchart (the run view draws it like the lineage graph) and the
// findings report in Markdown, both from the discovery and bottleneck results.
import type { bottlenecks } from './bottlenecks';
import type { discover } from './discovery';

type Discovery = ReturnType<typeof discover>;
type Bottlenecks = ReturnType<typeof bottlenecks>;

const nodeId = (stage: string) => stage.toLowerCase().replace(/[^a-z0-9]+/g, '_');
/** "transitions · median days" (a "|" would end a Mermaid edge label). */
export const edgeLabel = (e: { count: number; p50_days: number | null }) => `${e.count} · ${e.p50_days ?? 0}d`;

/** Stages as nodes in the intended order; an edge per directly-follows pair with at least `minShare` of transitions, backward ones dotted. */
export function processMap(d: Discovery, b: Bottlenecks, order: readonly string[], minShare = 0.01): string {
  const total = d.edges.reduce((n, e) => n + e.count, 0);
  const edges = d.edges.filter((e) => e.count / Math.max(1, total) >= minShare);
  const stages = [...new Set([...order, ...edges.flatMap((e) => [e.from, e.to])])].filter((s) => edges.some((e) => e.from === s || e.to === s));
  const lines = ['flowchart LR'];
  for (const s of stages) lines.push(`  ${nodeId(s)}(["${s}"])`);
  for (const e of edges) lines.push(`  ${nodeId(e.from)} ${e.backward ? '-.->' : '-->'}|${edgeLabel(e)}| ${nodeId(e.to)}`);
  const worst = b.bottlenecks.filter((x) => x.stalled_amount > 0 || x.rank === 1).slice(0, 2).map((x) => nodeId(x.stage)).filter((id) => stages.some((s) => nodeId(s) === id));
  lines.push('  classDef bottleneck fill:#fde68a,stroke:#b45309,stroke-width:2px');
  if (worst.length > 0) lines.push(`  class ${worst.join(',')} bottleneck`);
  return `${lines.join('\n')}\n`;
}

/** A narrative as one Markdown paragraph: no headings, collapsed whitespace, at most 2,000 characters. */
const plainParagraph = (text: string) => {
  const flat = text.replace(/^\s*#+\s*/gm, '').replace(/\s+/g, ' ').trim();
  return flat.length > 2000 ? `${flat.slice(0, 1999).trimEnd()}…` : flat;
};
const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);

export function findings(d: Discovery, b: Bottlenecks, context: { source: string; as_of: string; lookback_days: number; mapping: Record<string, string>; checks: Record<string, unknown>; narrative?: string }): string {
  const top = b.bottlenecks[0];
  const loop = [...d.rework].sort((x, y) => y.transitions - x.transitions)[0];
  const skipped = [...d.skipped].sort((x, y) => y.cases - x.cases)[0];
  const lines = [
    '# Sales pipeline process map: findings', '',
    `Source: ${context.source}; cases created in the ${context.lookback_days} days before ${context.as_of.slice(0, 10)}.`, '',
    // A model's words for a sales leader, when one wrote them; the figures below are the scripts'.
    ...(context.narrative ? ['## In short', '', plainParagraph(context.narrative), ''] : []),
    '## The process in five sentences', '',
    `1. ${d.cases} opportunities entered ${d.stage_events} stages; ${d.closed_cases} are closed (${d.won_cases} won) and ${d.open_cases} open.`,
    `2. ${d.variant_count} distinct paths closed them; the ten most common cover ${pct(d.top10_coverage)} of closed deals.`,
    `3. ${loop ? `The most common backward move is ${loop.from} → ${loop.to} (${loop.transitions} times in ${loop.cases} deals); deals with rework win ${pct(d.win_rate.with_rework)} against ${pct(d.win_rate.without_rework)} without.` : 'No deal moved backwards.'}`,
    `4. ${skipped && skipped.cases > 0 ? `${skipped.stage} is skipped most often (${skipped.cases} deals).` : 'No stage is skipped.'} Conformance to the intended order: ${pct(d.conformance.won.share)} of won and ${pct(d.conformance.lost.share)} of lost deals.`,
    `5. ${top ? `The worst bottleneck is ${top.stage}: median dwell ${top.p50_days ?? '–'} d, ${top.stalled_cases} stalled deals worth ${money(top.stalled_amount)}.` : 'No stage holds stalled deals.'}`,
    '', '## Process map', '', 'See `process/process-map.mmd` (drawn in the run view); edge labels are "transitions · median days", dotted edges move backwards.', '',
    '## Top variants (closed deals)', '', '| path | deals | share | win rate | median cycle (d) |', '|---|---|---|---|---|',
    ...d.variants.slice(0, 10).map((v) => `| ${v.path} | ${v.cases} | ${pct(v.share)} | ${pct(v.win_rate)} | ${v.median_cycle_days ?? '–'} |`),
    '', '## Bottlenecks and actions', '',
    ...b.bottlenecks.map((x) => `${x.rank}. **${x.stage}** — ${x.action}`),
    '', '## Stage mapping and data checks', '',
    ...Object.entries(context.mapping).map(([raw, stage]) => `- ${raw} → ${stage}`),
    '', ...Object.entries(context.checks).map(([check, value]) => `- ${check.replace(/_/g, ' ')}: ${Array.isArray(value) ? value.join(', ') || 'none' : String(value)}`),
    '',
  ];
  return lines.join('\n');
}
