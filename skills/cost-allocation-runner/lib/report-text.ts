import { label, money, signed, type ClassifiedItem, type Classifications, type PeriodCheck } from './report-model';

/** What the Summary sheet, summary.md and the Slack text are made from. */
export type Headline = {
  period: string;
  prior_period: string;
  current: PeriodCheck;
  prior: PeriodCheck;
  tolerance: number;
  classified: Classifications;
  run_id: string;
  workbook_url: string;
};

const CLASS_ORDER = ['new product launch', 'acquisition', 'data quality', 'one-off', 'trend'];

type SummaryItem = { label: string; value: string | number | null; type?: 'text' | 'currency' | 'integer' | 'number' };

/** Label/value rows for the xlsx-renderer Summary sheet. */
export function summaryItems(h: Headline): SummaryItem[] {
  const c = h.classified;
  return [
    { label: 'Period', value: h.period, type: 'text' },
    { label: 'Prior period', value: h.prior_period, type: 'text' },
    { label: 'Total cost', value: h.current.cost, type: 'currency' },
    { label: 'Total allocated', value: h.current.allocated, type: 'currency' },
    { label: 'Difference', value: h.current.difference, type: 'currency' },
    { label: 'Tolerance', value: h.tolerance, type: 'number' },
    { label: 'Reconciliation', value: h.current.ok ? 'reconciled' : 'NOT reconciled', type: 'text' },
    { label: `Difference ${h.prior_period}`, value: h.prior.difference, type: 'currency' },
    { label: 'Unallocated cost centres', value: list(h.current.unallocated_cost_centers), type: 'text' },
    { label: 'Phantom cost centres', value: list(h.current.phantom_cost_centers), type: 'text' },
    { label: 'Negative allocations', value: h.current.negative_allocations ?? 0, type: 'integer' },
    { label: `Variances above ${c.threshold_pct} %`, value: c.items.length, type: 'integer' },
    ...CLASS_ORDER.map((k) => ({ label: `Classified ${k}`, value: c.counts[k] ?? 0, type: 'integer' as const })),
    { label: 'Not classified', value: c.open.length, type: 'integer' },
    { label: 'Run', value: h.run_id, type: 'text' },
    { label: 'Workbook', value: h.workbook_url, type: 'text' },
  ];
}

/** Lines pointing at secondary reconciliation findings; none when everything is clean. */
function findings(h: Headline): string[] {
  const out: string[] = [];
  if (h.current.unallocated_cost_centers.length > 0) out.push(`unallocated cost centres ${list(h.current.unallocated_cost_centers)}`);
  if (h.current.phantom_cost_centers.length > 0) out.push(`phantom cost centres ${list(h.current.phantom_cost_centers)}`);
  if ((h.current.negative_allocations ?? 0) > 0) out.push(`${h.current.negative_allocations} negative allocation row(s)`);
  return out;
}

function move(v: ClassifiedItem): string {
  const what = v.status === 'new' ? 'new' : v.status === 'dropped' ? 'dropped' : `${v.change_pct! > 0 ? '+' : ''}${v.change_pct!.toFixed(2)} %`;
  return `${v.item} ${signed(v.change)} (${what}, ${label(v)})`;
}

function counts(c: Classifications): string {
  const parts = CLASS_ORDER.filter((k) => (c.counts[k] ?? 0) > 0).map((k) => `${k} ${c.counts[k]}`);
  if (c.open.length > 0) parts.push(`not classified ${c.open.length}`);
  return parts.join(', ');
}

/** The message the controller approves: headline numbers, the classes, the largest moves, the workbook link. */
export function slackText(h: Headline): string {
  const c = h.classified;
  const lines = [
    `Product cost allocation ${h.period}: ${money(h.current.allocated)} allocated, reconciled to cost within ${money(Math.abs(h.current.difference))} (tolerance ${h.tolerance}).`,
    c.items.length === 0
      ? `No product moved more than ${c.threshold_pct} % vs ${h.prior_period}.`
      : `${c.items.length} products moved more than ${c.threshold_pct} % vs ${h.prior_period}: ${counts(c)}.`,
  ];
  if (c.items.length > 0) lines.push(`Largest: ${c.items.slice(0, 3).map(move).join('; ')}.`);
  const dq = c.items.filter((v) => v.classification === 'data quality').map((v) => v.item);
  if (dq.length > 0) lines.push(`Open data-quality issues: ${dq.join(', ')}.`);
  const found = findings(h);
  if (found.length > 0) lines.push(`Checks to look at: ${found.join('; ')}.`);
  lines.push(`Workbook: ${h.workbook_url} (run ${h.run_id})`);
  return lines.join('\n');
}

/** reports/summary.md: the headline numbers and the controller's answers next to the numbers. */
export function summaryMarkdown(h: Headline): string {
  const c = h.classified;
  const out = [
    `# Product cost allocation ${h.period}`,
    '',
    `Compared with ${h.prior_period}; run \`${h.run_id}\`. Workbook: [cost-allocation.xlsx](${h.workbook_url}).`,
    '',
    '## Reconciliation',
    '',
    '| period | cost | allocated | difference | result |',
    '|---|---:|---:|---:|---|',
    ...[h.prior, h.current].map((p) => `| ${p.period} | ${money(p.cost)} | ${money(p.allocated)} | ${money(p.difference)} | ${p.ok ? `within ${h.tolerance}` : 'NOT reconciled'} |`),
    '',
    ...(findings(h).length > 0 ? [`Checks to look at: ${findings(h).join('; ')}.`, ''] : []),
    `## Variances above ${c.threshold_pct} % and the controller's classification`,
    '',
  ];
  if (c.items.length === 0) out.push(`No product moved more than ${c.threshold_pct} %.`, '');
  else {
    out.push('| product | prior | current | change | change % | classification | comment |', '|---|---:|---:|---:|---:|---|---|');
    for (const v of c.items) {
      const pct = v.change_pct === null ? v.status : `${v.change_pct.toFixed(2)} %`;
      out.push(`| ${cell(v.item)} | ${money(v.prior)} | ${money(v.current)} | ${signed(v.change)} | ${pct} | ${cell(label(v))} | ${cell(v.comment ?? '')} |`);
    }
    out.push('');
  }
  const dq = c.items.filter((v) => v.classification === 'data quality');
  if (dq.length > 0) out.push('## Open data-quality issues', '', ...dq.map((v) => `- ${v.item}${v.comment ? `: ${v.comment}` : ''}`), '');
  if (c.open.length > 0) out.push('## Not classified', '', ...c.items.filter((v) => !v.classification).map((v) => `- ${v.item}`), '');
  return out.join('\n');
}

const list = (values: string[]) => (values.length > 0 ? values.join(', ') : 'none');
/** A Markdown table cell: no pipes or line breaks from free text. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
