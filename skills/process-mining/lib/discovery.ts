// Process discovery on a mapped event log: the directly-follows graph with counts and transition
// times, path variants with win rates, backward moves (rework), skipped stages and conformance to
// the intended order. Plain counting over the cases' visit sequences, no sampling.
import type { CaseInfo, RawEvent } from './event-log';
import { rankIn } from './stages';
import { days, round2, spread } from './stats';

export type Visit = { stage: string; raw: string; at: number };
export type Case = CaseInfo & { visits: Visit[] };

/** Each case's visits: raw stages mapped, consecutive visits to one stage collapsed (the first entry's time kept). */
export function mapCases(cases: readonly CaseInfo[], events: readonly RawEvent[], mapping: Readonly<Record<string, string>>): Case[] {
  const byCase = new Map<string, RawEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id);
    if (list) list.push(e);
    else byCase.set(e.case_id, [e]);
  }
  return cases.flatMap((info) => {
    const visits: Visit[] = [];
    for (const e of (byCase.get(info.case_id) ?? []).sort((a, b) => a.at - b.at)) {
      const stage = mapping[e.raw_stage];
      if (stage === undefined) throw new Error(`the stage mapping has no entry for "${e.raw_stage}"`);
      if (visits.at(-1)?.stage !== stage) visits.push({ stage, raw: e.raw_stage, at: e.at });
    }
    return visits.length > 0 ? [{ ...info, visits }] : [];
  });
}

export type Edge = { from: string; to: string; count: number; cases: number; p50_days: number | null; p90_days: number | null; backward: boolean };

export function directlyFollows(cases: readonly Case[], order: readonly string[]): Edge[] {
  const rank = rankIn(order);
  const edges = new Map<string, { from: string; to: string; durations: number[]; cases: Set<string> }>();
  for (const c of cases) {
    c.visits.forEach((v, i) => {
      const next = c.visits[i + 1];
      if (!next) return;
      const key = `${v.stage} -> ${next.stage}`;
      const edge = edges.get(key) ?? { from: v.stage, to: next.stage, durations: [], cases: new Set<string>() };
      edge.durations.push(days(v.at, next.at));
      edge.cases.add(c.case_id);
      edges.set(key, edge);
    });
  }
  return [...edges.values()]
    .map((e) => ({ from: e.from, to: e.to, count: e.durations.length, cases: e.cases.size, ...spread(e.durations), backward: rank(e.to) >= 0 && rank(e.from) >= 0 && rank(e.to) < rank(e.from) }))
    .sort((a, b) => b.count - a.count || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
}

export type Variant = { path: string; cases: number; share: number; won: number; win_rate: number; median_cycle_days: number | null; won_amount: number };

/** Closed cases grouped by their stage sequence, most frequent first (ties by path). */
export function variants(cases: readonly Case[]): Variant[] {
  const closed = cases.filter((c) => c.is_closed);
  const groups = new Map<string, Case[]>();
  for (const c of closed) {
    const path = c.visits.map((v) => v.stage).join(' > ');
    const list = groups.get(path);
    if (list) list.push(c);
    else groups.set(path, [c]);
  }
  return [...groups]
    .map(([path, list]) => {
      const won = list.filter((c) => c.is_won);
      return {
        path, cases: list.length, share: round2(list.length / closed.length), won: won.length, win_rate: round2(won.length / list.length),
        median_cycle_days: spread(list.map((c) => days(c.visits[0]!.at, c.visits.at(-1)!.at))).p50_days,
        won_amount: round2(won.reduce((sum, c) => sum + c.amount, 0)),
      };
    })
    .sort((a, b) => b.cases - a.cases || a.path.localeCompare(b.path));
}

/**
 * Per stage of the intended order: cases that went past it without it — to a later open stage, or
 * to a win. Stages before a case's first visit do not count, and a loss skips nothing (deals are
 * lost early).
 */
export function skippedStages(cases: readonly Case[], order: readonly string[]): { stage: string; cases: number }[] {
  const rank = rankIn(order);
  return order
    .filter((s) => !s.startsWith('Closed'))
    .map((stage) => ({
      stage,
      cases: cases.filter((c) => {
        const beyond = c.visits.some((v) => v.stage !== 'Closed Lost' && rank(v.stage) > rank(stage));
        return beyond && rank(c.visits[0]!.stage) < rank(stage) && !c.visits.some((v) => v.stage === stage);
      }).length,
    }));
}

/**
 * A closed case conforms when it never moves backwards and never skips a stage; a loss may close
 * from any stage (deals are lost early), a win only from the stage before it.
 */
export function conformance(cases: readonly Case[], order: readonly string[]) {
  const rank = rankIn(order);
  const conforms = (c: Case) =>
    c.visits.every((v, i) => {
      const next = c.visits[i + 1];
      if (!next) return true;
      if (next.stage === 'Closed Lost') return rank(next.stage) > rank(v.stage);
      return rank(v.stage) >= 0 && rank(next.stage) === rank(v.stage) + 1;
    });
  const of = (list: Case[]) => {
    const ok = list.filter(conforms).length;
    return { cases: list.length, conforming: ok, share: list.length === 0 ? null : round2(ok / list.length) };
  };
  const closed = cases.filter((c) => c.is_closed);
  return { won: of(closed.filter((c) => c.is_won)), lost: of(closed.filter((c) => !c.is_won)) };
}

export function discover(cases: readonly Case[], order: readonly string[]) {
  const edges = directlyFollows(cases, order);
  const backward = edges.filter((e) => e.backward);
  const reworkCases = new Set(cases.filter((c) => c.visits.some((v, i) => i > 0 && backward.some((e) => e.from === c.visits[i - 1]!.stage && e.to === v.stage))).map((c) => c.case_id));
  const all = variants(cases);
  const top = all.slice(0, 10);
  const closed = cases.filter((c) => c.is_closed);
  const winRate = (list: readonly Case[]) => (list.length === 0 ? null : round2(list.filter((c) => c.is_won).length / list.length));
  return {
    cases: cases.length,
    closed_cases: closed.length,
    won_cases: closed.filter((c) => c.is_won).length,
    open_cases: cases.length - closed.length,
    stage_events: cases.reduce((n, c) => n + c.visits.length, 0),
    edges,
    rework: backward.map((e) => ({ from: e.from, to: e.to, transitions: e.count, cases: e.cases })),
    rework_rate: round2(reworkCases.size / Math.max(1, cases.length)),
    win_rate: { with_rework: winRate(closed.filter((c) => reworkCases.has(c.case_id))), without_rework: winRate(closed.filter((c) => !reworkCases.has(c.case_id))) },
    skipped: skippedStages(cases, order),
    variants: all,
    variant_count: all.length,
    top10_coverage: round2(top.reduce((n, v) => n + v.cases, 0) / Math.max(1, closed.length)),
    conformance: conformance(cases, order),
    median_cycle_days_closed: spread(closed.map((c) => days(c.visits[0]!.at, c.visits.at(-1)!.at))).p50_days,
  };
}
