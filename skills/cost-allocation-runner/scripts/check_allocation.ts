import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { amount, readCsv, requireColumns } from '../lib/csv';

/** Reads two workspace CSVs and returns sums (and optionally writes them as JSON): a computation, not a write. */
export const risk = 'compute';

export const description =
  'Reconcile an allocation result (CSV with period, cost_center, product_id and allocated_amount or allocated) with the GL costs ' +
  '(CSV with period, cost_center, amount): SUM(allocated) must equal SUM(cost) within tolerance per period and per cost centre. ' +
  'Returns totals, differences, unallocated and phantom cost centres and negative allocations; save_as writes the same as JSON, ' +
  'also when it fails. Throws (failing the step) when a period total is off by more than the tolerance, or when a period has no cost ' +
  'or no allocation rows (naming the periods that have costs).';

export const args = z.strictObject({
  allocation: z.string().min(1).max(512).describe('Workspace path of the allocation result CSV'),
  costs: z.string().min(1).max(512).describe('Workspace path of the GL costs CSV'),
  periods: z.array(z.string().min(1).max(32)).max(24).optional().describe('Only these periods (default: every period in either file)'),
  tolerance: z.number().min(0).max(1_000_000).default(0.01).describe('Largest accepted absolute difference'),
  allocated_column: z.string().min(1).max(256).optional().describe('Default: allocated_amount, else allocated'),
  amount_column: z.string().min(1).max(256).default('amount'),
  save_as: z.string().min(1).max(512).optional().describe('Workspace path for the result as JSON (for example reconciliation/checks.json)'),
});

type Input = z.infer<typeof args>;
type Line = { cost: number; allocated: number; difference: number; ok: boolean };

export async function run(input: Input, ctx: SkillScriptContext) {
  const allocation = await readCsv(ctx, input.allocation);
  const costs = await readCsv(ctx, input.costs);
  const allocatedColumn = input.allocated_column ?? (allocation.fields.includes('allocated_amount') ? 'allocated_amount' : 'allocated');
  requireColumns(input.allocation, allocation.fields, ['period', 'cost_center', allocatedColumn]);
  requireColumns(input.costs, costs.fields, ['period', 'cost_center', input.amount_column]);

  // Sums are rounded only for reporting: the check itself compares raw sums.
  const cost = sumBy(input.costs, costs.rows, input.amount_column);
  const allocated = sumBy(input.allocation, allocation.rows, allocatedColumn);
  const negative = negativeRows(input.allocation, allocation.rows, allocatedColumn);
  const periods = input.periods ?? [...new Set([...cost.keys(), ...allocated.keys()])].sort();
  // A reconciliation over nothing is no proof: a period with no costs (or no allocation) fails
  // with the periods that do exist, never passes as "difference 0".
  const available = [...cost.keys()].sort();
  const empty = periods.filter((period) => !cost.has(period) || !allocated.has(period));
  if (periods.length === 0 || empty.length > 0) {
    const which = empty.map((period) => `${period} (${!cost.has(period) ? `no cost rows in ${input.costs}` : `no allocation rows in ${input.allocation}`})`);
    throw new Error(`Nothing to reconcile for ${which.length ? which.join(', ') : 'any period'}; periods with costs: ${available.length ? available.join(', ') : 'none'}`);
  }

  const result = periods.map((period) => {
    const costByCc = cost.get(period) ?? new Map<string, number>();
    const allocByCc = allocated.get(period) ?? new Map<string, number>();
    const centres = [...new Set([...costByCc.keys(), ...allocByCc.keys()])].sort();
    const byCostCenter: Record<string, Line> = {};
    for (const cc of centres) byCostCenter[cc] = line(costByCc.get(cc) ?? 0, allocByCc.get(cc) ?? 0, input.tolerance);
    const total = line(sum(costByCc.values()), sum(allocByCc.values()), input.tolerance);
    return {
      period,
      ...total,
      by_cost_center: byCostCenter,
      cost_centers_off: centres.filter((cc) => !byCostCenter[cc]!.ok),
      unallocated_cost_centers: centres.filter((cc) => costByCc.has(cc) && !allocByCc.has(cc)),
      phantom_cost_centers: centres.filter((cc) => allocByCc.has(cc) && !costByCc.has(cc)),
      negative_allocations: negative.get(period) ?? 0,
    };
  });

  const failed = result.filter((p) => !p.ok);
  const output = { ok: failed.length === 0, tolerance: input.tolerance, allocated_column: allocatedColumn, periods: result };
  if (input.save_as) {
    const written = await ctx.writeArtifact(input.save_as, JSON.stringify(output, null, 2), 'application/json');
    ctx.emit('artifact', { step_id: ctx.step_id, ...written });
  }
  ctx.emit('allocation_checked', { step_id: ctx.step_id, periods: result.map((p) => ({ period: p.period, difference: p.difference, ok: p.ok })) });
  if (failed.length > 0) {
    // Thrown, not returned: an unreconciled allocation must fail the step so its on_failure applies.
    const detail = failed.map((p) => {
      const where = p.cost_centers_off.length > 0 ? `; cost centres off: ${p.cost_centers_off.map((cc) => `${cc} (${fmt(p.by_cost_center[cc]!.difference)})`).join(', ')}` : '';
      return `${p.period}: allocated ${fmt(p.allocated)} vs cost ${fmt(p.cost)}, difference ${fmt(p.difference)}${where}`;
    });
    throw new Error(`Allocation does not reconcile (tolerance ${input.tolerance}): ${detail.join(' | ')}`);
  }
  return output;
}

/** period -> cost_center -> sum. */
function sumBy(path: string, rows: Record<string, string | undefined>[], column: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  rows.forEach((row, i) => {
    const value = amount(path, row, column, i);
    const period = row.period?.trim() ?? '';
    const cc = row.cost_center?.trim() ?? '';
    const byCc = out.get(period) ?? new Map<string, number>();
    byCc.set(cc, (byCc.get(cc) ?? 0) + value);
    out.set(period, byCc);
  });
  return out;
}

/** period -> rows with a negative allocation: they reconcile in sum but mean cost was moved, not allocated. */
function negativeRows(path: string, rows: Record<string, string | undefined>[], column: string): Map<string, number> {
  const out = new Map<string, number>();
  rows.forEach((row, i) => {
    if (amount(path, row, column, i) < 0) out.set(row.period?.trim() ?? '', (out.get(row.period?.trim() ?? '') ?? 0) + 1);
  });
  return out;
}

function line(cost: number, allocated: number, tolerance: number): Line {
  const difference = allocated - cost;
  return { cost: round2(cost), allocated: round2(allocated), difference: round2(difference), ok: Math.abs(difference) <= tolerance };
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => n.toFixed(2);
