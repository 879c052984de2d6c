/** The classifications a controller chooses from (blueprint product-cost-allocation, issue 7). */
export const CLASSIFICATIONS = ['new product launch', 'acquisition', 'data quality', 'one-off', 'trend'] as const;

/** kbagent.human_in_loop limits: 100 options per question, 200 rows per grid. */
const MAX_OPTIONS = 100;
const PER_MULTI = Math.floor(MAX_OPTIONS / CLASSIFICATIONS.length);
const PER_GRID = 200;

export type Variance = {
  item: string;
  /** The item's name where the data has one (product_name next to product_id), so a person reads "Granola Classic", not "P-1001". */
  name?: string;
  prior: number;
  current: number;
  change: number;
  change_pct: number | null;
  status: 'new' | 'dropped' | 'changed' | 'unchanged';
  flagged: boolean;
};

export type Periods = { current_period: string; prior_period: string; threshold_pct: number; item_column: string };

const amount = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The item as a person knows it, with its id kept for search and audit: "Granola Classic 500 g (P-1001)". */
export const itemLabel = (v: Variance) => (v.name ? `${v.name} (${v.item})` : v.item);

export function headline(v: Variance, p: Periods): string {
  const move = v.status === 'new' ? `new in ${p.current_period}` : v.status === 'dropped' ? `dropped in ${p.current_period}` : `${v.change_pct! > 0 ? '+' : ''}${amount(v.change_pct!)} % vs ${p.prior_period}`;
  return `${itemLabel(v)}: ${move} (prior ${amount(v.prior)}, current ${amount(v.current)}, change ${amount(v.change)})`;
}

const classOptions = () => CLASSIFICATIONS.map((c) => ({ value: c, label: c }));

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * kbagent.human_in_loop arguments, ready to pass as they are; none when nothing was flagged.
 * "radio": one question per item. "multi": one question whose options are item × class (the
 * person ticks one per item; nothing enforces it). "grid": one question with a row per item, one
 * class per row (enforced when answering) and an optional comment per row; 200 rows per question.
 */
export function questions(flagged: Variance[], p: Periods, kind: 'radio' | 'multi' | 'grid') {
  if (kind === 'radio') {
    return flagged.map((v) => ({
      item: v.item,
      items: [v.item],
      args: { kind: 'radio' as const, prompt: `${headline(v, p)}. How do you classify this variance? Add a comment if useful.`, options: classOptions() },
    }));
  }
  if (kind === 'multi') {
    return chunks(flagged, PER_MULTI).map((group) => ({
      item: null,
      items: group.map((v) => v.item),
      args: {
        kind: 'multi' as const,
        prompt: `Classify each variance above ${p.threshold_pct} % (tick one class per item):\n${group.map((v) => `- ${headline(v, p)}`).join('\n')}`,
        options: group.flatMap((v) => CLASSIFICATIONS.map((c) => ({ value: `${v.item}=${c}`, label: `${itemLabel(v)}: ${c}` }))),
      },
    }));
  }
  return chunks(flagged, PER_GRID).map((group, i, all) => ({
    item: null,
    items: group.map((v) => v.item),
    args: {
      kind: 'grid' as const,
      prompt:
        `Classify each ${p.item_column} whose amount moved more than ${p.threshold_pct} % between ${p.prior_period} and ${p.current_period}` +
        `${all.length > 1 ? ` (part ${i + 1} of ${all.length})` : ''}: one class per row, and a comment where it helps.`,
      options: classOptions(),
      rows: group.map((v) => ({ value: v.item, label: headline(v, p) })),
    },
  }));
}
