import type { AllocationRow, Effects } from './effects';

/** reconciliation/checks.json as check_allocation writes it (save_as). */
export type PeriodCheck = {
  period: string;
  cost: number;
  allocated: number;
  difference: number;
  ok: boolean;
  by_cost_center: Record<string, { cost: number; allocated: number; difference: number; ok: boolean }>;
  cost_centers_off: string[];
  unallocated_cost_centers: string[];
  phantom_cost_centers: string[];
  negative_allocations?: number;
};
export type Checks = { ok: boolean; tolerance: number; allocated_column: string; periods: PeriodCheck[] };

/** variances/classifications.json as variance-detector's record_classifications writes it. */
export type ClassifiedItem = {
  item: string;
  status: string;
  prior: number;
  current: number;
  change: number;
  change_pct: number | null;
  classification: string | null;
  answer_status: string;
  comment: string | null;
};
export type Classifications = {
  current_period: string;
  prior_period: string;
  threshold_pct: number;
  item_column: string;
  items: ClassifiedItem[];
  counts: Record<string, number>;
  open: string[];
};

/** One row of variance-detector's comparison CSV (every item, flagged or not). */
export type ComparisonRow = { item: string; prior: number; current: number; change: number; change_pct: number | null; status: string; flagged: boolean };

export type Row = Record<string, string | number | null>;

/** The period's check; a missing one means the reconciliation never covered it, which is a defect upstream. */
export function periodCheck(checks: Checks, period: string): PeriodCheck {
  const found = checks.periods.find((p) => p.period === period);
  if (!found) throw new Error(`The reconciliation has no result for ${period} (it covers ${checks.periods.map((p) => p.period).join(', ') || 'no period'})`);
  return found;
}

/** Column keys of the CSVs (and so of the workbook sheets), also when a sheet has no rows. */
export const RECONCILIATION_FIELDS = ['cost_center', 'cost', 'allocated', 'difference', 'result'];
export const byProductFields = (item: string) => [item, 'prior', 'current', 'change', 'change_pct', 'status', 'flagged', 'classification', 'comment'];
export const varianceFields = (item: string) => [item, 'prior', 'current', 'change', 'change_pct', 'status', 'volume_effect', 'pool_effect', 'top_cost_centers', 'classification', 'comment'];

/** Per cost centre of the period: cost, allocated, difference and what the check found. */
export function reconciliationRows(check: PeriodCheck): Row[] {
  return Object.entries(check.by_cost_center)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cc, line]) => ({
      cost_center: cc,
      cost: line.cost,
      allocated: line.allocated,
      difference: line.difference,
      result: check.unallocated_cost_centers.includes(cc) ? 'unallocated' : check.phantom_cost_centers.includes(cc) ? 'phantom' : line.ok ? 'ok' : 'off',
    }));
}

/** Every item compared, with the person's class and comment where it was flagged. */
export function byProductRows(comparison: ComparisonRow[], classified: Map<string, ClassifiedItem>, itemColumn: string): Row[] {
  return comparison.map((c) => {
    const answer = classified.get(c.item);
    return {
      [itemColumn]: c.item,
      prior: c.prior,
      current: c.current,
      change: c.change,
      change_pct: c.change_pct === null ? null : c.change_pct / 100,
      status: c.status,
      flagged: c.flagged ? 'yes' : 'no',
      classification: answer ? label(answer) : '',
      comment: answer?.comment ?? '',
    };
  });
}

/** The flagged items, largest change first, with both effects and the cost centres that moved most. */
export function varianceRows(items: ClassifiedItem[], effects: Map<string, Effects>, itemColumn: string): Row[] {
  return items.map((v) => {
    const e = effects.get(v.item);
    return {
      [itemColumn]: v.item,
      prior: v.prior,
      current: v.current,
      change: v.change,
      change_pct: v.change_pct === null ? null : v.change_pct / 100,
      status: v.status,
      volume_effect: e?.volume_effect ?? 0,
      pool_effect: e?.pool_effect ?? 0,
      top_cost_centers: (e?.top_cost_centers ?? []).map((t) => `${t.cost_center} (${signed(t.change)})`).join(', '),
      classification: label(v),
      comment: v.comment ?? '',
    };
  });
}

/** The class, or why there is none. */
export function label(v: ClassifiedItem): string {
  return v.classification ?? v.answer_status;
}

/** The allocation's rows as the effects need them. */
export function allocationRows(rows: Record<string, string | undefined>[], itemColumn: string, allocatedColumn: string): AllocationRow[] {
  return rows.map((r) => ({ period: r.period?.trim() ?? '', cost_center: r.cost_center?.trim() ?? '', item: r[itemColumn]?.trim() ?? '', allocated: Number(r[allocatedColumn] ?? 0) || 0 }));
}

export const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '-' : ''}${money(Math.abs(n))}`;
