import { describe, expect, it } from 'vitest';
import * as compute from '../../skills/kpi-calculation/scripts/compute';
import * as trendScript from '../../skills/trend-analysis/scripts/trend';
import * as detectScript from '../../skills/anomaly-detection/scripts/detect';
import * as simulateScript from '../../skills/scenario-simulation/scripts/simulate';
import { periodAxis, periodKey } from '../../skills/kpi-calculation/lib/periods';
import { parseRatio } from '../../skills/kpi-calculation/lib/kpis';
import { decompose } from '../../skills/trend-analysis/lib/seasonal';
import { trendOf } from '../../skills/trend-analysis/lib/trend';
import { detect } from '../../skills/anomaly-detection/lib/detect';
import { humanInLoop } from '../../src/tools/kbagent/human-in-loop';
import { memoryScriptContext } from './script-context';

// Three seasons of quarters, 2022-Q1 … 2024-Q4 (t = 0 … 11): revenue = 100 + 2t + seasonal, with
// seasonal effects +10, −5, −15, +10 by quarter. It is split over four cells in fixed shares.
const QUARTERS = ['2022', '2023', '2024'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));
const SEASONAL = [10, -5, -15, 10];
const base = (t: number) => 100 + 2 * t + SEASONAL[t % 4]!;
const CELLS = [['North', 'A', 0.4], ['North', 'B', 0.2], ['South', 'A', 0.25], ['South', 'B', 0.15]] as const;

/** The series as rows; `planted` adds amounts to cells at a period ("North/A@6": 40). */
function table(planted: Record<string, number> = {}, noise: (t: number, cell: number) => number = () => 0): string {
  const rows = QUARTERS.flatMap((quarter, t) => CELLS.map(([region, category, share], c) => {
    const revenue = share * base(t) + (planted[`${region}/${category}@${t}`] ?? 0) + noise(t, c);
    return `${quarter},${region},${category},${revenue.toFixed(2)}`;
  }));
  return ['quarter,region,category,revenue', ...rows].join('\n');
}
// +48 in 2023-Q3 (t = 6), all of it in North: 40 in category A, 8 in B.
const PLANTED = { 'North/A@6': 40, 'North/B@6': 8 };
// Deterministic noise of about ±1 per cell.
const NOISE = (t: number, c: number) => [0.8, -1.1, 0.5, -0.3, 1.2, -0.9, 0.4, 1.0, -0.6, 0.7, -1.2, 0.3][(t * 5 + c * 7) % 12]!;

const workspace = (csv: string) => memoryScriptContext({ 'in/kpi.csv': csv });
const detectArgs = (extra: Record<string, unknown> = {}) => detectScript.args.parse({ artifact: 'in/kpi.csv', period_column: 'quarter', measure: 'revenue', dimensions: ['region', 'category'], ...extra });

describe('periods', () => {
  it('buckets dates, fills gaps and knows the season of a format', () => {
    expect(['2026-03-02', '2026-03-08', '2026-12-31', '2021-01-03'].map((d) => periodKey(d, 'iso_week'))).toEqual(['2026-W10', '2026-W10', '2026-W53', '2020-W53']);
    expect(periodKey('2024-08-15', 'quarter')).toBe('2024-Q3');
    expect(periodKey('2024-08-15T10:00:00Z', 'month')).toBe('2024-08');
    const weeks = periodAxis(['2026-W02', '2025-W52']);
    expect([weeks.periods, weeks.defaultSeason]).toEqual([['2025-W52', '2026-W01', '2026-W02'], 52]);
    expect(periodAxis(['2024-11', '2025-02']).periods).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(periodAxis(['b', 'a']).periods).toEqual(['a', 'b']);
    expect(periodAxis(['3', '1']).periods).toEqual(['1', '2', '3']);
  });
});

describe('skill trend-analysis', () => {
  it('finds the slope and the seasonal pattern of a hand-built series', () => {
    const d = decompose(QUARTERS.map((_, t) => base(t)), 4);
    expect(d).toMatchObject({ method: 'seasonal', reason: null, slope: 2, level: 100, effects: SEASONAL });
  });

  it('reports trend, seasonality and the latest quarter through the script, robust to the planted anomaly', async () => {
    const result = await trendScript.run(trendScript.args.parse({ artifact: 'in/kpi.csv', period_column: 'quarter', measure: 'revenue', dimension: 'region' }), workspace(table(PLANTED)));
    expect(result.total).toMatchObject({ method: 'seasonal', reason: null, periods: 12, season_length: 4, slope_per_period: 2, slope_per_season: 8, direction: 'up' });
    expect(result.total.seasonal.map((s) => [s.period, s.effect])).toEqual([['2024-Q1', 10], ['2024-Q2', -5], ['2024-Q3', -15], ['2024-Q4', 10]]);
    // 2024-Q4: 100 + 22 + 10 = 132; 2024-Q3: 100 + 20 − 15 = 105; deseasonalised 122 vs 120.
    expect(result.total.latest).toEqual({
      period: '2024-Q4', value: 132, previous_period: '2024-Q3', previous: 105, change: 27, change_pct: 25.71, deseasonalised_change: 2,
      expected: 132, expected_method: 'seasonal', change_vs_expected: 0, change_vs_expected_pct: 0,
    });
    expect(result.members.map((m) => [m.member, m.direction, m.slope_per_period])).toEqual([['North', 'up', 1.2], ['South', 'up', 0.8]]);
    expect(result.files).toEqual({ series: 'trend/trend.csv', summary: 'trend/trend.json' });
  });

  it('falls back with a stated reason when the series is shorter than two seasons', () => {
    const y = QUARTERS.map((_, t) => base(t));
    const short = decompose(y.slice(0, 6), 4);
    expect(short).toMatchObject({ method: 'short_seasonal', slope: 2, effects: SEASONAL });
    expect(short.reason).toContain('6 periods are fewer than two seasons (8)');
    const tiny = decompose(y.slice(0, 3), 4);
    expect(tiny.method).toBe('no_season');
    expect(tiny.reason).toContain('not more than one season');
    expect(tiny.effects).toEqual([]);
  });

  it('calls a level series flat, and a slight drift flat only within the tolerance', () => {
    const level = QUARTERS.map((_, t) => 100 + SEASONAL[t % 4]!);
    expect(trendOf(level, QUARTERS, 4, 2).summary).toMatchObject({ slope_per_period: 0, direction: 'flat' });
    // −0.1 a quarter drifts 1.1 over the series, 1.1 % of a level of about 99.5.
    const drifting = level.map((v, t) => v - 0.1 * t);
    expect(trendOf(drifting, QUARTERS, 4, 2).summary.direction).toBe('flat');
    expect(trendOf(drifting, QUARTERS, 4, 1).summary.direction).toBe('down');
  });
});

describe('skill anomaly-detection', () => {
  it('flags exactly the planted quarter, with the robust z computed by hand', () => {
    const y = QUARTERS.map((_, t) => base(t) + (t === 6 ? 48 : 0));
    // Slope: the median of (y[t] − y[t − 4]) / 4 = 2 (the anomaly moves two of eight).
    // Pass 1 residuals from 2023-Q1 on: 0, 0, +48 (2023-Q3: 145 vs 85 + 12), 0, 0, 0, −24 (2024-Q3 looks back at 2023-Q3), 0.
    // MAD is 0, so scale = 1.2533 × mean |r| = 1.2533 × 9; z = 48 / 11.28 = 4.26. Pass 2 cleans 2023-Q3, so 2024-Q3 is not echoed.
    const found = detect(y, 4, { z: 3.5, minDeviationPct: 1 });
    expect(found.slope).toBe(2);
    expect(found.scored.filter((s) => s.flagged).map((s) => [s.t, s.value, s.expected, s.residual])).toEqual([[6, 145, 97, 48]]);
    expect(found.scale).toBeCloseTo(1.2533 * 9, 10);
    expect(found.scored.find((s) => s.t === 6)!.z).toBeCloseTo(48 / (1.2533 * 9), 10);
    expect(found.scored.find((s) => s.t === 10)!.residual).toBe(0);
  });

  it('explains the anomaly by the planted region, then the category inside it, and asks a grid question', async () => {
    const result = await detectScript.run(detectArgs(), workspace(table(PLANTED)));
    expect(result).toMatchObject({ method: 'seasonal', season_length: 4, flagged: 1, scored_periods: { from: '2023-Q1', to: '2024-Q4', count: 8 } });
    expect(result.anomalies).toHaveLength(1);
    const [a] = result.anomalies;
    expect(a).toMatchObject({ period: '2023-Q3', value: 145, expected: 97, deviation: 48, z: 4.26, direction: 'above' });
    expect(a!.explanation.driver).toEqual({ dimension: 'region', member: 'North', share: 1 });
    const region = a!.explanation.by_dimension.find((d) => d.dimension === 'region')!;
    expect(region.top.map((m) => m.member)).toEqual(['North', 'South']);
    expect(region.top[1]!.share).toBeCloseTo(0, 4);
    expect(a!.explanation.drill_down!.dimension).toBe('category');
    expect(a!.explanation.drill_down!.top[0]).toEqual({ member: 'A', value: 78.8, expected: 38.8, deviation: 40, share: 0.8333 }); // North/A: 0.4 × 97 + 40; 40 / 48
    expect(a!.text).toBe('2023-Q3: revenue 145 vs 97 expected (+48, z 4.3); region=North 100 %, within it category=A 83 %');

    const question = result.question!;
    expect(question.rows).toEqual([{ value: '2023-Q3', label: a!.text }]);
    expect(question.options.map((o) => o.value)).toEqual(['expected', 'one-off', 'data error', 'investigate']);
    expect(humanInLoop.args.safeParse(question).success).toBe(true);
    expect(result.questions).toEqual([question]);
  });

  it('still finds only the planted quarter in a noisy series', async () => {
    const result = await detectScript.run(detectArgs(), workspace(table(PLANTED, NOISE)));
    expect(result.anomalies.map((a) => [a.period, a.explanation.driver?.member])).toEqual([['2023-Q3', 'North']]);
  });

  it('flags nothing in a series without an anomaly, noisy or not', async () => {
    for (const csv of [table(), table({}, NOISE)]) {
      const result = await detectScript.run(detectArgs(), workspace(csv));
      expect(result.flagged).toBe(0);
      expect(result.question).toBeNull();
      expect(result.questions).toEqual([]);
    }
  });

  it('changes its answer with the threshold and the window', async () => {
    const csv = table(PLANTED);
    expect((await detectScript.run(detectArgs({ z_threshold: 5 }), workspace(csv))).flagged).toBe(0); // z 4.26 is under 5
    expect((await detectScript.run(detectArgs({ min_deviation_pct: 50 }), workspace(csv))).flagged).toBe(0); // 48 is under half the level
    const recent = await detectScript.run(detectArgs({ last_periods: 4 }), workspace(csv)); // only 2024
    expect([recent.flagged, recent.anomalies, recent.question]).toEqual([1, [], null]);
  });

  it('falls back without a season when there is too little history', async () => {
    const found = detect([10, 11, 12, 13, 30, 15], 4, { z: 3.5, minDeviationPct: 1 });
    expect(found.method).toBe('no_season');
    expect(found.reason).toContain('fewer than 3 to score after one season');
    expect(found.scored.filter((s) => s.flagged).map((s) => s.t)).toEqual([4]);
    expect(() => detect([1, 2, 3], 0, { z: 3.5, minDeviationPct: 1 })).toThrow('3 periods are too few');
  });
});

describe('skill kpi-calculation', () => {
  // Dates bucketed into quarters; South sold nothing in 2024-Q3.
  const SALES = [
    'invoice_date,region,revenue,margin',
    '2024-02-15,North,60,20', '2024-03-01,North,40,10', '2024-01-10,South,50,10',
    '2024-05-01,North,120,30', '2024-06-30,South,60,15',
    '2024-08-15,North,110,33',
    '2024-11-11,North,130,39', '2024-12-01,South,70,14',
    '2025-01-20,North,150,60', '2025-03-31,South,50,5',
  ].join('\n');
  const run = (extra: Record<string, unknown> = {}) => {
    const files: Record<string, string> = { 'in/sales.csv': SALES };
    const args = compute.args.parse({ artifact: 'in/sales.csv', period_column: 'invoice_date', period_grain: 'quarter', measures: ['revenue', 'margin'], ratios: ['margin_rate = margin / revenue'], dimensions: ['region'], ...extra });
    return compute.run(args, memoryScriptContext(files)).then((result) => ({ result, files }));
  };

  it('computes sums and ratios with changes vs the previous quarter and a season earlier', async () => {
    const { result, files } = await run();
    expect(result.periods).toEqual({ format: 'quarter', first: '2024-Q1', latest: '2025-Q1', count: 5, written_from: '2024-Q1' });
    expect(result.season_length).toBe(4);
    // 2025-Q1: revenue 200, margin 65, rate 0.325; 2024-Q4: 200, 53, 0.265; 2024-Q1: 150, 40, 0.266667.
    expect(result.latest.revenue).toEqual({ value: 200, previous: 200, change: 0, change_pct: 0, season_ago: 150, change_vs_season: 50, change_vs_season_pct: 33.33 });
    expect(result.latest.margin).toEqual({ value: 65, previous: 53, change: 12, change_pct: 22.64, season_ago: 40, change_vs_season: 25, change_vs_season_pct: 62.5 });
    expect(result.latest.margin_rate).toEqual({ value: 0.325, previous: 0.265, change: 0.06, change_pct: 22.64, season_ago: 0.266667, change_vs_season: 0.058333, change_vs_season_pct: 21.88 });
    expect(result.dimensions.region!.movers.map((m) => [m.member, m.change])).toEqual([['North', 20], ['South', -20]]);
    const csv = files['kpi/kpis.csv']!.trim().split('\n');
    expect(csv[0]).toBe('period,dimension,member,kpi,value,previous,change,change_pct,season_ago,change_vs_season,change_vs_season_pct');
    expect(csv).toContain('2025-Q1,total,all,margin_rate,0.325,0.265,0.06,22.64,0.266667,0.058333,21.88');
    // A quarter without rows is 0, and its ratio is empty.
    expect(csv).toContain('2024-Q3,region,South,revenue,0,60,-60,-100,,,');
    expect(csv).toContain('2024-Q3,region,South,margin_rate,,0.25,,,,,');
    expect(csv).toContain('2024-Q4,region,South,revenue,70,0,70,,,,');
    expect(csv).toHaveLength(1 + 5 * 3 * 3);
  });

  it('writes only the last periods when asked, and refuses a ratio over a column that is not a measure', async () => {
    const { result } = await run({ last_periods: 1 });
    expect(result.rows).toBe(9);
    expect(() => parseRatio('rate = margin / orders', ['revenue', 'margin'])).toThrow('"orders" is not one of the measures (revenue, margin)');
    expect(() => parseRatio('margin over revenue', ['revenue', 'margin'])).toThrow('is not "name = numerator / denominator"');
    await expect(run({ measures: ['revenue', 'profit'], ratios: [] })).rejects.toThrow('has no column(s) profit');
  });
});

describe('skill scenario-simulation', () => {
  // Base week 2026-W10: A 100 units, revenue 1000, cost 600; B 50, 1000, 700 (C has no cost). Margin 700, rate 35 %.
  const LINES = [
    'week,sku,category,quantity,revenue,cost',
    '2026-W09,A,Beverages,10,100,60',
    '2026-W10,A,Beverages,100,1000,600',
    '2026-W10,B,Food,50,1000,700',
    '2026-W10,C,Food,20,400,',
  ].join('\n');
  const scenarios = [
    { name: 'Beverages +3 %, volume -10 %', changes: [{ driver: 'price', pct: 3, dimension: 'category', member: 'Beverages' }, { driver: 'volume', pct: -10 }] },
    { name: 'Food cost +5 %', changes: [{ driver: 'unit_cost', pct: 5, dimension: 'category', member: 'Food' }] },
  ];

  it('applies the drivers to the base period and returns the deltas computed by hand', async () => {
    const files: Record<string, string> = { 'in/lines.csv': LINES };
    const result = await simulateScript.run(simulateScript.args.parse({ artifact: 'in/lines.csv', period_column: 'week', scenarios, breakdown: 'category' }), memoryScriptContext(files));
    expect([result.base_period, result.lines, result.lines_without_cost]).toEqual(['2026-W10', 2, 1]);
    const [first, second] = result.scenarios;
    // A: 1000 × 1.03 × 0.9 = 927, cost 540; B: 900, cost 630. Revenue 1827, cost 1170, margin 657, rate 35.96 %.
    expect(first!.base).toEqual({ quantity: 150, revenue: 2000, cost: 1300, margin: 700, margin_rate: 0.35 });
    expect(first!.result).toEqual({ quantity: 135, revenue: 1827, cost: 1170, margin: 657, margin_rate: 0.359606 });
    expect(first!.delta).toEqual({ quantity: -15, revenue: -173, cost: -130, margin: -43, margin_rate_pp: 0.96 });
    // Alone: price +30 margin (rate 730 / 2030); volume −70 (rate unchanged); together 3 less (30 × −10 %).
    expect(first!.by_change.map((c) => [c.change, c.delta.margin, c.delta.margin_rate_pp])).toEqual([['price +3 % for category=Beverages', 30, 0.96], ['volume -10 %', -70, 0]]);
    expect(first!.interaction_margin).toBe(-3);
    expect(first!.by_member.map((m) => [m.member, m.delta.margin, m.delta.margin_rate_pp])).toEqual([['Beverages', -13, 1.75], ['Food', -30, 0]]);
    // B's cost 700 × 1.05 = 735: margin −35, rate 66.5 % of … 665 / 2000 = 33.25 %.
    expect(second!.delta).toEqual({ quantity: 0, revenue: 0, cost: 35, margin: -35, margin_rate_pp: -1.75 });
    expect(files['scenarios/results.csv']!.split('\n')[1]).toBe('"Beverages +3 %, volume -10 %",total,,2000,1827,-173,-130,-43,0.35,0.359606,0.96');
  });

  it('takes another base period and refuses one without lines', async () => {
    const ctx = () => memoryScriptContext({ 'in/lines.csv': LINES });
    const older = await simulateScript.run(simulateScript.args.parse({ artifact: 'in/lines.csv', period_column: 'week', base_period: '2026-W09', scenarios: [scenarios[1]!] }), ctx());
    expect(older.scenarios[0]!.delta.margin).toBe(0); // no Food line in W09
    await expect(simulateScript.run(simulateScript.args.parse({ artifact: 'in/lines.csv', period_column: 'week', base_period: '2026-W01', scenarios }), ctx())).rejects.toThrow('no lines with a cost in week 2026-W01');
    expect(simulateScript.args.safeParse({ artifact: 'x', scenarios: [{ name: 'x', changes: [{ driver: 'price', pct: 1, dimension: 'category' }] }] }).success).toBe(false);
  });
});
