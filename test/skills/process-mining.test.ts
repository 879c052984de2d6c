import { describe, expect, it } from 'vitest';
import * as eventLog from '../../skills/process-mining/scripts/event_log';
import * as discover from '../../skills/process-mining/scripts/discover';
import * as bottlenecks from '../../skills/process-mining/scripts/bottlenecks';
import * as render from '../../skills/process-mining/scripts/render';
import { proposeStage, parseCorrections } from '../../skills/process-mining/lib/stages';
import { quantile } from '../../skills/process-mining/lib/stats';
import { memoryScriptContext } from './script-context';

// Six opportunities whose every figure is worked out by hand below. Day 0 is 2026-01-01; as of day 59.
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().replace('.000', '');
const ORDER = 'Created, Prospecting, Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost';
const CASES: [id: string, amount: number, segment: string, closed: boolean, won: boolean, stages: [number, string][]][] = [
  ['A', 10_000, 'Enterprise', true, true, [[0, 'Prospecting'], [2, 'Qualification'], [5, 'Needs Analysis'], [9, 'Proposal/Price Quote'], [14, 'Negotiation/Review'], [20, 'Closed Won']]],
  // Rework: back from negotiation to proposal; two raw Discovery labels in a row are one visit.
  ['B', 20_000, 'Enterprise', true, true, [[0, 'Prospecting'], [1, 'Qualification'], [3, 'Needs Analysis'], [3.5, 'Id. Decision Makers'], [6, 'Proposal/Price Quote'], [10, 'Negotiation/Review'], [12, 'Proposal/Price Quote'], [15, 'Negotiation/Review'], [25, 'Closed Won']]],
  // Starts at qualification and skips discovery; lost.
  ['C', 3_000, 'SMB', true, false, [[0, 'Qualification'], [4, 'Proposal/Price Quote'], [6, 'Closed Lost']]],
  // Lost early: that skips nothing.
  ['D', 1_000, 'SMB', true, false, [[0, 'Prospecting'], [3, 'Qualification'], [5, 'Closed Lost']]],
  // Open, in negotiation since day 25: 34 days at day 59, stalled.
  ['E', 5_000, 'Enterprise', false, false, [[10, 'Prospecting'], [12, 'Qualification'], [15, 'Needs Analysis'], [20, 'Proposal/Price Quote'], [25, 'Negotiation/Review']]],
  // Open, in proposal for 9 days; skipped discovery.
  ['F', 8_000, 'SMB', false, false, [[40, 'Qualification'], [50, 'Proposal/Price Quote']]],
];

function files(): Record<string, string> {
  const opportunities = ['Id,Amount,CreatedDate,IsClosed,IsWon,Segment,OwnerTeam', ...CASES.map(([id, amount, segment, closed, won, stages]) => `${id},${amount},${at(stages[0]![0])},${closed},${won},${segment},East`)];
  // An opportunity from before the window, a repeated raw stage and an Amount change, which must all be left out.
  opportunities.push(`OLD,500,${at(-400)},true,false,SMB,West`);
  const history = ['Id,OpportunityId,CreatedDate,Field,OldValue,NewValue'];
  let n = 0;
  for (const [id, , , , , stages] of CASES) stages.forEach(([day, stage], i) => history.push(`h${++n},${id},${at(day)},StageName,${i === 0 ? '' : stages[i - 1]![1]},${stage}`));
  history.push(`h${++n},A,${at(1)},StageName,Prospecting,Prospecting`, `h${++n},A,${at(3)},Amount,9000,10000`, `h${++n},OLD,${at(-400)},StageName,,Prospecting`);
  return { 'exports/opps.csv': `${opportunities.join('\n')}\n`, 'exports/history.csv': `${history.join('\n')}\n` };
}

async function mined() {
  const workspace = files();
  const ctx = memoryScriptContext(workspace);
  const log = await eventLog.run(eventLog.args.parse({ opportunities: 'exports/opps.csv', history: 'exports/history.csv', lookback_days: 365, as_of: at(59) }), ctx);
  const found = await discover.run(discover.args.parse({ proposed_mapping: log.proposed_mapping, answer: 'use', intended_order: ORDER }), ctx);
  const stuck = await bottlenecks.run(bottlenecks.args.parse({ intended_order: ORDER, as_of: log.as_of }), ctx);
  const drawn = await render.run(render.args.parse({ intended_order: ORDER, checks: log.checks }), ctx);
  return { workspace, log, found, stuck, drawn };
}

describe('skill process-mining on a six-case log worked out by hand', () => {
  it('event log: cases in the window, repeats and other fields dropped, stages proposed, a mapping question', async () => {
    const { log, workspace } = await mined();
    expect(log).toMatchObject({ cases: 6, excluded_before_lookback: 1, events: 28 });
    expect(log.checks).toMatchObject({ history_rows_ignored: 1, cases_without_events: 0, closed_without_closed_stage: 0 });
    expect(log.proposed_mapping).toEqual({
      'Closed Lost': 'Closed Lost', 'Closed Won': 'Closed Won', 'Id. Decision Makers': 'Discovery', 'Needs Analysis': 'Discovery',
      'Negotiation/Review': 'Negotiation', Prospecting: 'Prospecting', 'Proposal/Price Quote': 'Proposal', Qualification: 'Qualification',
    });
    expect(log.question).toMatchObject({ kind: 'radio', options: [{ value: 'use' }, { value: 'edit', requires_comment: true }, { value: 'stop' }] });
    expect(log.question.prompt).toContain('Needs Analysis (3 events) → Discovery');
    expect(workspace['eventlog/event_log.csv']!.split('\n')[0]).toBe('case_id,raw_stage,proposed_stage,timestamp,created,amount,segment,owner_team,is_closed,is_won');
  });

  it('discovery: the directly-follows graph with counts and times, rework, skips, conformance and variants', async () => {
    const { found, workspace } = await mined();
    expect(found).toMatchObject({ cases: 6, closed_cases: 4, won_cases: 2, open_cases: 2, stage_events: 27, variant_count: 4 });
    const edges = JSON.parse(workspace['process/discovery.json']!).edges as { from: string; to: string; count: number; p50_days: number; p90_days: number; backward: boolean }[];
    const edge = (from: string, to: string) => edges.find((e) => e.from === from && e.to === to);
    expect(edge('Prospecting', 'Qualification')).toMatchObject({ count: 4, p50_days: 2, p90_days: 2.7, backward: false });
    expect(edge('Qualification', 'Discovery')).toMatchObject({ count: 3, p50_days: 3, p90_days: 3 });
    expect(edge('Discovery', 'Proposal')).toMatchObject({ count: 3, p50_days: 4, p90_days: 4.8 });
    expect(edge('Proposal', 'Negotiation')).toMatchObject({ count: 4, p50_days: 4.5, p90_days: 5 });
    expect(edge('Negotiation', 'Closed Won')).toMatchObject({ count: 2, p50_days: 8, p90_days: 9.6 });
    expect(edge('Qualification', 'Proposal')).toMatchObject({ count: 2, p50_days: 7, p90_days: 9.4 });
    expect(edge('Negotiation', 'Proposal')).toMatchObject({ count: 1, p50_days: 2, backward: true });
    expect(edges.reduce((n, e) => n + e.count, 0)).toBe(27 - 6);
    expect(found.rework).toEqual([{ from: 'Negotiation', to: 'Proposal', transitions: 1, cases: 1 }]);
    expect(found.win_rate).toEqual({ with_rework: 1, without_rework: 0.33 });
    expect(Object.fromEntries(found.skipped.map((s) => [s.stage, s.cases]))).toEqual({ Prospecting: 0, Qualification: 0, Discovery: 2, Proposal: 0, Negotiation: 0 });
    expect(found.conformance).toEqual({ won: { cases: 2, conforming: 1, share: 0.5 }, lost: { cases: 2, conforming: 1, share: 0.5 } });
    expect(found.top_variants.map((v) => [v.path, v.cases, v.won])).toEqual([
      ['Prospecting > Qualification > Closed Lost', 1, 0],
      ['Prospecting > Qualification > Discovery > Proposal > Negotiation > Closed Won', 1, 1],
      ['Prospecting > Qualification > Discovery > Proposal > Negotiation > Proposal > Negotiation > Closed Won', 1, 1],
      ['Qualification > Proposal > Closed Lost', 1, 0],
    ]);
  });

  it('bottlenecks: dwell until the next stage or until as-of, conversion, stalled value, ranked with an action', async () => {
    const { stuck } = await mined();
    const dwell = Object.fromEntries(stuck.dwell.map((d) => [d.stage, d]));
    expect(dwell.Prospecting).toMatchObject({ visits: 4, p50_days: 2 });
    expect(dwell.Qualification).toMatchObject({ visits: 6, p50_days: 3, p90_days: 7, conversion_to_next: 0.5 });
    expect(dwell.Discovery).toMatchObject({ visits: 3, p50_days: 4, conversion_to_next: 1 });
    expect(dwell.Proposal).toMatchObject({ visits: 6, p50_days: 4.5 });
    expect(dwell.Negotiation).toMatchObject({ visits: 4, p50_days: 8, conversion_to_next: 0.67, stalled_cases: 1, stalled_amount: 5000 });
    expect(stuck.stalled_total).toEqual({ cases: 1, amount: 5000 });
    expect(stuck.bottlenecks[0]).toMatchObject({ rank: 1, stage: 'Negotiation', action: expect.stringContaining('1 open deals worth 5000.00 have been in Negotiation for more than 30 days') });
    expect(stuck.by_segment.map((s) => s.segment)).toEqual(['Enterprise', 'SMB']);
  });

  it('renders a map the run view can draw: edges labelled, rework dotted, the bottleneck marked; and the findings', async () => {
    const { workspace } = await mined();
    const map = workspace['process/process-map.mmd']!;
    expect(map.startsWith('flowchart LR\n')).toBe(true);
    expect(map).toContain('negotiation -.->|1 · 2d| proposal');
    expect(map).toContain('prospecting -->|4 · 2d| qualification');
    expect(map).toMatch(/class negotiation(,\w+)? bottleneck/);
    const report = workspace['process/findings.md']!;
    expect(report).toContain('6 opportunities entered 27 stages; 4 are closed (2 won) and 2 open.');
    expect(report).toContain('The most common backward move is Negotiation → Proposal (1 times in 1 deals)');
    expect(report).toContain('Discovery is skipped most often (2 deals).');
    expect(JSON.parse(workspace['eventlog/stage-mapping.json']!)).toMatchObject({ 'Needs Analysis': 'Discovery' });
  });

  it('an edited mapping is applied, a bad correction names what exists, and stop stops', async () => {
    const ctx = memoryScriptContext(files());
    const log = await eventLog.run(eventLog.args.parse({ opportunities: 'exports/opps.csv', history: 'exports/history.csv', as_of: at(59) }), ctx);
    const edited = await discover.run(discover.args.parse({ proposed_mapping: log.proposed_mapping, answer: 'edit', corrections: 'Id. Decision Makers -> Qualification', intended_order: ORDER }), ctx);
    expect(edited.stage_events).toBe(28); // B's Needs Analysis (Discovery) and Id. Decision Makers (now Qualification) are two visits now
    const run = (answer: string, corrections?: string) => discover.run(discover.args.parse({ proposed_mapping: log.proposed_mapping, answer, corrections, intended_order: ORDER }), ctx);
    await expect(run('edit', 'Legal Review -> Negotiation')).rejects.toThrow('names no stage value of the data; they are:');
    await expect(run('edit', 'Qualification -> Closing')).rejects.toThrow('maps to no canonical stage; use one of: Prospecting');
    await expect(run('edit')).rejects.toThrow('without corrections');
    await expect(run('stop')).rejects.toThrow('the person stopped the run');
  });

  it('no opportunity in the window is an error naming the dates the table holds, not an empty process', async () => {
    const ctx = memoryScriptContext(files());
    await expect(eventLog.run(eventLog.args.parse({ opportunities: 'exports/opps.csv', history: 'exports/history.csv', lookback_days: 30, as_of: '2025-06-01' }), ctx)).rejects.toThrow(
      /No opportunity in "exports\/opps.csv" was created between 2025-05-02 and 2025-06-01; its opportunities were created from 2024-11-27 to 2026-02-10/,
    );
    const missing = memoryScriptContext({ ...files(), 'exports/opps.csv': 'Id,Amount\n1,2\n' });
    await expect(eventLog.run(eventLog.args.parse({ opportunities: 'exports/opps.csv', history: 'exports/history.csv' }), missing)).rejects.toThrow('has no created column (one of CreatedDate');
  });

  it('stage names of other CRMs map by their words; quantiles interpolate', () => {
    expect(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost', 'Legal Review', 'On hold'].map(proposeStage)).toEqual([
      'Prospecting', 'Qualification', 'Discovery', 'Discovery', 'Negotiation', 'Closed Won', 'Closed Lost', 'Negotiation', 'Other',
    ]);
    expect(parseCorrections('a => Proposal; B: other', ['A', 'B'], ['Proposal'])).toEqual({ A: 'Proposal', B: 'Other' });
    expect([quantile([1, 2, 3, 4], 0.5), quantile([5], 0.9), quantile([], 0.5)]).toEqual([2.5, 5, null]);
  });
});
