// Where time goes: dwell per stage (until the next stage, or until "as of" for an open case still
// there), conversion to the next intended stage, stalled open deals and the value they hold, the
// same split by segment and owner team, and the stages ranked as bottlenecks with an action each.
import type { Case } from './discovery';
import { rankIn } from './stages';
import { days, round2, spread } from './stats';

type StageVisit = { case: Case; stage: string; dwell: number; next: string | null };

function stageVisits(cases: readonly Case[], asOf: number): StageVisit[] {
  return cases.flatMap((c) =>
    c.visits.flatMap((v, i) => {
      const next = c.visits[i + 1];
      if (v.stage.startsWith('Closed')) return [];
      if (!next && c.is_closed) return []; // closed without a closing stage: no end to measure to
      return [{ case: c, stage: v.stage, dwell: days(v.at, next ? next.at : asOf), next: next?.stage ?? null }];
    }),
  );
}

export type Dwell = { stage: string; visits: number; p50_days: number | null; p90_days: number | null; conversion_to_next: number | null; stalled_cases: number; stalled_amount: number };
export type Stalled = { case_id: string; stage: string; days_in_stage: number; amount: number; segment: string; owner_team: string };

export function bottlenecks(cases: readonly Case[], order: readonly string[], asOf: number, stallDays: number) {
  const rank = rankIn(order);
  const visits = stageVisits(cases, asOf);
  const stalled: Stalled[] = cases
    .filter((c) => !c.is_closed && !c.visits.at(-1)!.stage.startsWith('Closed'))
    .map((c) => ({ c, last: c.visits.at(-1)! }))
    .filter(({ last }) => days(last.at, asOf) > stallDays)
    .map(({ c, last }) => ({ case_id: c.case_id, stage: last.stage, days_in_stage: round2(days(last.at, asOf)), amount: c.amount, segment: c.segment, owner_team: c.owner_team }))
    .sort((a, b) => b.amount - a.amount || a.case_id.localeCompare(b.case_id));
  const stages = [...new Set([...order.filter((s) => !s.startsWith('Closed')), ...visits.map((v) => v.stage)])];
  const dwellOf = (list: readonly StageVisit[], stalledList: readonly Stalled[], stage: string): Dwell => {
    const at = list.filter((v) => v.stage === stage);
    const moved = at.filter((v) => v.next !== null);
    const nextStage = order[rank(stage) + 1];
    const stuck = stalledList.filter((s) => s.stage === stage);
    return {
      stage, visits: at.length, ...spread(at.map((v) => v.dwell)),
      conversion_to_next: moved.length === 0 || nextStage === undefined ? null : round2(moved.filter((v) => v.next === nextStage).length / moved.length),
      stalled_cases: stuck.length, stalled_amount: round2(stuck.reduce((n, s) => n + s.amount, 0)),
    };
  };
  const dwell = stages.map((s) => dwellOf(visits, stalled, s)).filter((d) => d.visits > 0);
  const split = (key: 'segment' | 'owner_team') =>
    [...new Set(cases.map((c) => c[key]))].sort().map((value) => ({
      [key]: value,
      stages: stages.map((s) => dwellOf(visits.filter((v) => v.case[key] === value), stalled.filter((x) => x[key] === value), s)).filter((d) => d.visits > 0).map(({ stage, visits: n, p50_days, stalled_amount }) => ({ stage, visits: n, p50_days, stalled_amount })),
    }));
  const ranked = [...dwell].sort((a, b) => b.stalled_amount - a.stalled_amount || (b.p50_days ?? 0) - (a.p50_days ?? 0)).slice(0, 5);
  return {
    as_of: new Date(asOf).toISOString(),
    stall_threshold_days: stallDays,
    dwell,
    stalled,
    stalled_total: { cases: stalled.length, amount: round2(stalled.reduce((n, s) => n + s.amount, 0)) },
    by_segment: split('segment'),
    by_owner_team: split('owner_team'),
    bottlenecks: ranked.map((d, i) => ({ rank: i + 1, ...d, action: actionFor(d, stallDays) })),
  };
}

/** One concrete next step per stage kind, with the numbers that call for it. */
function actionFor(d: Dwell, stallDays: number): string {
  const held = `${d.stalled_cases} open deals worth ${d.stalled_amount.toFixed(2)} have been in ${d.stage} for more than ${stallDays} days (median dwell ${d.p50_days ?? '–'} d, 90th percentile ${d.p90_days ?? '–'} d)`;
  const step: Record<string, string> = {
    Prospecting: 'set a first-meeting SLA and recycle prospects untouched for two weeks to marketing',
    Qualification: 'write explicit qualification exit criteria (budget, authority, need, timing) and disqualify early',
    Discovery: 'require a mutual action plan before a deal leaves discovery',
    Proposal: 'set a proposal turnaround SLA and use pricing templates',
    Negotiation: 'add a deal-desk review for deals in negotiation beyond the threshold, and pre-approved legal and discount terms',
  };
  return `${held}: ${step[d.stage] ?? 'review these deals one by one with their owners'}.`;
}
