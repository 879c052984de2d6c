// cockpit/data-issues.json: what in the lines makes the margin less certain, for the reporting week
// and for all loaded weeks (field names as in sample/ground-truth/margin.json). Lines without a
// valid standard cost (left out of cost, margin and margin rate), lines sold at a zero or negative
// unit price that are not returns, and lines without a category (grouped under the empty category).
// A share is the issue's |revenue| over the revenue of the lines it is taken from.
import { round } from '../../kpi-calculation/lib/table';
import type { MarginLine } from './margin-lines';

const LISTED = 50;

/** skus and line_ids list the first 50 (sku_count counts them all). */
export type Issue = { lines: number; revenue: number; revenue_share: number; sku_count: number; skus: string[]; line_ids: string[] };
export type IssueSet = {
  lines: number;
  revenue: number;
  no_cost: Issue;
  zero_or_negative_price: Issue;
  missing_category: Issue;
  /** Lines with at least one of the issues: what the brief weighs against its 1 % limit. */
  any_issue: Issue;
};
export type DataIssues = { week: string; weeks: string[]; reporting_week: IssueSet; loaded_weeks: IssueSet };

const TESTS = {
  no_cost: (l: MarginLine) => l.cost === null,
  zero_or_negative_price: (l: MarginLine) => l.quantity > 0 && l.unit_price <= 0,
  missing_category: (l: MarginLine) => l.category === '',
};

function issueSet(lines: readonly MarginLine[]): IssueSet {
  const total = lines.reduce((n, l) => n + l.revenue, 0);
  const issue = (found: readonly MarginLine[]): Issue => {
    const revenue = found.reduce((n, l) => n + l.revenue, 0);
    const skus = [...new Set(found.map((l) => l.sku))].sort();
    return {
      lines: found.length,
      revenue: round(revenue),
      revenue_share: total === 0 ? 0 : round(Math.abs(revenue) / total, 6),
      sku_count: skus.length,
      skus: skus.slice(0, LISTED),
      line_ids: found.slice(0, LISTED).map((l) => l.line_id),
    };
  };
  const tests = Object.values(TESTS);
  return {
    lines: lines.length,
    revenue: round(total),
    no_cost: issue(lines.filter(TESTS.no_cost)),
    zero_or_negative_price: issue(lines.filter(TESTS.zero_or_negative_price)),
    missing_category: issue(lines.filter(TESTS.missing_category)),
    any_issue: issue(lines.filter((l) => tests.some((test) => test(l)))),
  };
}

export function dataIssues(lines: readonly MarginLine[], week: string, weeks: readonly string[]): DataIssues {
  return { week, weeks: [...weeks], reporting_week: issueSet(lines.filter((l) => l.week === week)), loaded_weeks: issueSet(lines) };
}
