import { describe, expect, it } from 'vitest';
import * as marginLines from '../../skills/margin-analysis/scripts/margin_lines';
import * as bridgeScript from '../../skills/margin-analysis/scripts/bridge';
import * as exceptionsScript from '../../skills/margin-analysis/scripts/exceptions';
import * as briefScript from '../../skills/margin-analysis/scripts/brief';
import { BridgeMismatch, checkBridge, type RawBridge } from '../../skills/margin-analysis/lib/bridge';
import type { BridgeFile } from '../../skills/margin-analysis/lib/comparison';
import type { ExceptionsFile } from '../../skills/margin-analysis/lib/exceptions';
import { costOn } from '../../skills/margin-analysis/lib/ledger';
import { plainName, thousands, wordCount } from '../../skills/margin-analysis/lib/format';
import { comparisonWeeks } from '../../skills/margin-analysis/lib/weeks';
import { memoryScriptContext } from './script-context';

const HEADER = 'line_id,invoice_id,invoice_date,sku,product_name,category,customer_id,customer_name,region,channel,quantity,unit_price,net_revenue';
// A ledger worked out by hand. Reporting week 2026-W10 (Mon 2 – Sun 8 March 2026), prior week
// 2026-W09, trailing weeks W06–W09 (W06–W08 empty), last year 2025-W10 (3 – 9 March 2025).
const SALES = [
  HEADER,
  // Last year: A 80 @ 9.50 (cost 5.50), B 40 @ 19 (cost 12): M0 = 320 + 280 = 600 on 120 units.
  'L01,I01,2025-03-04,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,80,9.5,760',
  'L02,I02,2025-03-05,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,40,19,760',
  // Prior week: A 100 @ 10 (cost 6), B 50 @ 20 (cost 12), C 10 @ 30 (cost 20): M0 = 400 + 400 + 100 = 900 on 160 units.
  'L03,I03,2026-02-24,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,100,10,1000',
  'L04,I04,2026-02-25,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,50,20,1000',
  'L05,I05,2026-02-26,C,Gamma Soup,Food,K2,Lambda Stores,South,Wholesale,10,30,300',
  // Reporting week: A's price rises to 10.50 (120 sold, 10 returned: Q 110, revenue 1155, cost 660);
  'L06,I06,2026-03-02,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,120,10.5,1260',
  'L07,I07,2026-03-06,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,-10,10.5,-105',
  // B's cost rises from 12 to 14 on 4 March (20 × 12 + 30 × 14 = 660, unit cost 13.20);
  'L08,I08,2026-03-02,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,20,20,400',
  'L09,I09,2026-03-05,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,30,20,600',
  // C is discontinued; D is new (40 @ 5 and 2 free, cost 3: revenue 200, cost 126, a free line below cost by 6);
  'L10,I10,2026-03-03,D,Delta Chips,Snacks,K3,Mu Market,North,Retail,40,5,200',
  'L11,I11,2026-03-04,D,Delta Chips,Snacks,K3,Mu Market,North,Retail,2,0,0',
  // E has no category and no standard cost: left out of every margin.
  'L12,I12,2026-03-05,E,Epsilon Gift,,K3,Mu Market,North,Retail,5,10,50',
  // Outside the compared weeks.
  'L13,I13,2026-01-05,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,10,10,100',
  'L14,I14,2026-03-09,A,Alpha Cola,Beverages,K1,Kappa Foods,North,Retail,5,10.5,52.5',
].join('\n');
const COSTS = ['sku,valid_from,unit_cost', 'A,2025-01-01,5.5', 'A,2026-01-01,6', 'B,2025-01-01,12', 'B,2026-03-04,14', 'C,2025-06-01,20', 'D,2026-02-01,3'].join('\n');

async function cockpit(opts: { sales?: string; exceptions?: Partial<{ margin_drop_threshold_pp: number; min_margin_impact: number }>; brief?: Record<string, unknown> } = {}) {
  const files: Record<string, string> = { 'in/sales.csv': opts.sales ?? SALES, 'in/costs.csv': COSTS };
  const ctx = memoryScriptContext(files);
  const lines = await marginLines.run(marginLines.args.parse({ sales_lines: 'in/sales.csv', standard_costs: 'in/costs.csv', week: '2026-W10' }), ctx);
  const bridge = await bridgeScript.run(bridgeScript.args.parse({}), ctx);
  const exceptions = await exceptionsScript.run(exceptionsScript.args.parse({ ...opts.exceptions }), ctx);
  const brief = await briefScript.run(briefScript.args.parse({ ...opts.brief }), ctx);
  return { files, lines, bridge, exceptions, brief };
}

describe('skill margin-analysis: weeks and costs', () => {
  it('takes the standard cost of the latest valid_from on or before the invoice date', () => {
    const b = [{ valid_from: '2025-01-01', unit_cost: 12 }, { valid_from: '2026-03-04', unit_cost: 14 }];
    expect(costOn(b, '2026-03-03')).toBe(12);
    expect(costOn(b, '2026-03-04')).toBe(14); // valid from that day on
    expect(costOn(b, '2027-01-01')).toBe(14);
    expect(costOn(b, '2024-12-31')).toBeNull(); // before the first row: no cost
    expect(costOn(undefined, '2026-03-04')).toBeNull();
  });

  it('derives the comparison weeks, week 53 falling back to 52 in a year without one', () => {
    expect(comparisonWeeks('2026-W10')).toEqual({ reporting: '2026-W10', prior: '2026-W09', trailing: ['2026-W06', '2026-W07', '2026-W08', '2026-W09'], last_year: '2025-W10' });
    expect(comparisonWeeks('2026-W02').trailing).toEqual(['2025-W50', '2025-W51', '2025-W52', '2026-W01']);
    expect(comparisonWeeks('2026-W53').last_year).toBe('2025-W52');
    expect(comparisonWeeks('2021-W01').last_year).toBe('2020-W01');
  });

  it('selects the weeks, costs each line and writes margin_lines and the data issues', async () => {
    const { lines, files } = await cockpit();
    expect(lines).toMatchObject({
      week: '2026-W10',
      lines: 12,
      lines_by_week: { '2025-W10': 2, '2026-W06': 0, '2026-W07': 0, '2026-W08': 0, '2026-W09': 3, '2026-W10': 7 },
      empty_weeks: ['2026-W06', '2026-W07', '2026-W08'],
      // L11 and L12 touch 50 of the week's 2405 revenue.
      data_issues: { lines_without_cost: 1, zero_or_negative_price_lines: 1, lines_without_category: 1, revenue_share: 0.02079 },
    });
    const rows = files['cockpit/margin_lines.csv']!.trim().split('\n');
    expect(rows[0]).toBe('week,invoice_date,line_id,sku,product_name,category,customer_id,customer_name,region,channel,quantity,revenue,cost,margin,has_cost,invoice_id,unit_price,unit_cost');
    expect(rows.find((r) => r.includes(',L08,'))).toBe('2026-W10,2026-03-02,L08,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,20,400,240,160,true,I08,20,12');
    expect(rows.find((r) => r.includes(',L09,'))).toBe('2026-W10,2026-03-05,L09,B,Beta Bread,Food,K2,Lambda Stores,South,Wholesale,30,600,420,180,true,I09,20,14');
    expect(rows.find((r) => r.includes(',L07,'))).toContain(',-10,-105,-60,-45,true,I07,10.5,6'); // a return: negative revenue and cost
    expect(rows.find((r) => r.includes(',L12,'))).toContain(',5,50,,,false,I12,10,');
    expect(rows.some((r) => r.includes(',L13,') || r.includes(',L14,'))).toBe(false);
    const issues = JSON.parse(files['cockpit/data-issues.json']!);
    expect(issues.reporting_week).toEqual({
      lines: 7, revenue: 2405,
      no_cost: { lines: 1, revenue: 50, revenue_share: 0.02079, sku_count: 1, skus: ['E'], line_ids: ['L12'] },
      zero_or_negative_price: { lines: 1, revenue: 0, revenue_share: 0, sku_count: 1, skus: ['D'], line_ids: ['L11'] },
      missing_category: { lines: 1, revenue: 50, revenue_share: 0.02079, sku_count: 1, skus: ['E'], line_ids: ['L12'] },
      any_issue: { lines: 2, revenue: 50, revenue_share: 0.02079, sku_count: 2, skus: ['D', 'E'], line_ids: ['L11', 'L12'] },
    });
    expect(issues.loaded_weeks).toMatchObject({ lines: 12, revenue: 6225, no_cost: { lines: 1 } });
  });

  it('chooses the last complete week when none is given, and names the weeks the data holds when the week is wrong', async () => {
    const ctx = () => memoryScriptContext({ 'in/sales.csv': SALES, 'in/costs.csv': COSTS });
    const call = (week: string, as_of: string) => marginLines.run(marginLines.args.parse({ sales_lines: 'in/sales.csv', standard_costs: 'in/costs.csv', week, as_of }), ctx());
    expect((await call('', '2026-03-10')).week).toBe('2026-W10'); // W11 is still running on Tuesday 10 March
    expect((await call('', '2026-03-16')).week).toBe('2026-W11');
    await expect(call('2026-W20', '')).rejects.toThrow('No sales line falls in 2026-W20; the data holds 2025-W10, 2026-W02, 2026-W09 – 2026-W11 (5 weeks)');
    await expect(call('', '2025-03-05')).rejects.toThrow(/no ISO week that ended before 2025-03-05 \(2025-W10 is still running\)/);
    await expect(call('2025-W53', '')).rejects.toThrow('2025-W53 does not exist: 2025 has 52 ISO weeks');
    expect(marginLines.args.safeParse({ sales_lines: 'a', standard_costs: 'b', week: '2026-10' }).success).toBe(false);
  });
});

describe('skill margin-analysis: the bridge', () => {
  it('reconciles price, volume, mix and cost vs the prior week exactly as computed by hand', async () => {
    const { bridge, files } = await cockpit();
    // Revenue and quantity of all lines; cost and margin of those with a cost: revenue 1155 + 1000 + 200 = 2355, cost 660 + 660 + 126 = 1446.
    expect(bridge.headline.reporting).toEqual({
      lines: 7, revenue: 2405, quantity: 207, revenue_with_cost: 2355, quantity_with_cost: 202, cost: 1446, margin: 909, margin_rate: 0.385987,
      no_cost: { lines: 1, revenue: 50, quantity: 5 }, returns: { lines: 1, revenue: -105, quantity: -10 },
    });
    expect(bridge.headline.prior).toMatchObject({ revenue: 2300, cost: 1400, margin: 900, quantity: 160, margin_rate: 0.391304 });
    expect(bridge.headline.last_year).toMatchObject({ revenue: 1520, cost: 920, margin: 600, quantity: 120, margin_rate: 0.394737 });
    expect(bridge.changes.vs_prior_week).toEqual({ revenue: 105, revenue_pct: 4.57, margin: 9, margin_pct: 1, margin_rate_pp: -0.53 });
    // m0 = 900 / 160 = 5.625.
    // price  = A: 110 × (10.50 − 10) = 55; B: 50 × (20 − 20) = 0              →  55
    // cost   = −(A: 110 × (6 − 6) + B: 50 × (13.20 − 12))                   → −60
    // volume = (202 − 160) × 5.625                                           → 236.25
    // mix    = 9 − 55 + 60 − 236.25                                          → −222.25, of which
    //   continuing   = A: (110 − 100) × (4 − 5.625) + B: 0                   → −16.25
    //   new D        = 74 − 42 × 5.625                                       → −162.25
    //   discontinued = −(C: 100 − 10 × 5.625)                                → −43.75
    expect(bridge.bridge.vs_prior_week).toEqual({
      base_week: '2026-W09', margin_change: 9, price: 55, volume: 236.25, mix: -222.25, cost: -60,
      mix_detail: { continuing: -16.25, new_sku: -162.25, discontinued_sku: -43.75 },
    });
    const file = JSON.parse(files['cockpit/bridge.json']!) as BridgeFile;
    expect(file.bridge.vs_prior_week).toMatchObject({
      revenue_base: 2300, revenue: 2355, quantity_base: 160, quantity: 202, margin_base: 900, margin: 909, margin_rate_base: 0.391304, margin_rate: 0.385987,
      unit_margin_base: 5.625, check: 0, new_skus: [{ sku: 'D', quantity: 42, margin: 74 }], discontinued_skus: [{ sku: 'C', quantity: 10, margin: 100 }],
    });
    // Per category, each with its own m0: Food's is 500 / 60, so C's discontinuation is −(100 − 83.33).
    expect(file.bridge_by_category.vs_prior_week.map((c) => [c.category, c.margin_change, c.price, c.volume, c.mix, c.cost, c.mix_detail.discontinued_sku])).toEqual([
      ['Beverages', 95, 55, 40, 0, 0, 0],
      ['Food', -160, 0, -83.33, -16.67, -60, -16.67],
      ['Snacks', 74, 0, 0, 74, 0, 0],
    ]);
    expect(file.notes).toEqual(['Lines of 2026-W10 without a standard cost (1, revenue 50) count in revenue but not in cost, margin or margin rate.']);
  });

  it('reconciles the bridge vs the same week last year', async () => {
    const { bridge, files } = await cockpit();
    // m0 = 600 / 120 = 5. price = 110 × 1 + 50 × 1 = 160; cost = −(110 × 0.50 + 50 × 1.20) = −115; volume = 82 × 5 = 410;
    // mix = 309 − 160 + 115 − 410 = −146 = continuing (A: 30 × (4 − 5) + B: 10 × (7 − 5) = −10) + new D (74 − 42 × 5 = −136).
    expect(bridge.bridge.vs_last_year).toEqual({
      base_week: '2025-W10', margin_change: 309, price: 160, volume: 410, mix: -146, cost: -115,
      mix_detail: { continuing: -10, new_sku: -136, discontinued_sku: 0 },
    });
    const table = files['cockpit/bridge.csv']!.trim().split('\n');
    expect(table[0]).toBe('comparison,base_week,week,category,base_margin,margin,margin_change,price,volume,mix,cost,new_skus,discontinued_skus');
    expect(table).toContain('vs last year,2025-W10,2026-W10,Total,600,909,309,160,410,-146,-115,-136,0');
    expect(files['cockpit/summary.csv']!.split('\n').slice(1, 3)).toEqual(['revenue,2405,2300,105,1520,885', 'revenue_with_cost,2355,2300,55,1520,835']);
  });

  it('has no bridge against an empty week and fails when the effects do not add up', async () => {
    const { bridge } = await cockpit({ sales: SALES.split('\n').filter((l) => !l.includes(',2025-03-0')).join('\n') });
    expect(bridge.bridge.vs_last_year).toBeNull();
    expect(bridge.notes).toContain('No costed line in 2025-W10: no bridge vs last year.');
    const broken: RawBridge = { change: 9, price: 55, cost: -60, volume: 236.25, mix: -222.2, continuing: -16.2, new_sku: -162.25, discontinued_sku: -43.75, unit_margin_base: 5.625, new_skus: ['D'], discontinued_skus: ['C'] };
    expect(() => checkBridge(broken, 'vs prior week')).toThrow(BridgeMismatch);
    expect(() => checkBridge({ ...broken, mix: -222.25 }, 'vs prior week')).not.toThrow();
  });
});

describe('skill margin-analysis: exceptions', () => {
  it('flags erosions and improvements against the trailing rate with their driving effect', async () => {
    // Impact = revenue × (trailing rate − rate), positive when margin eroded; the trailing weeks are pooled (only W09 has lines).
    // B: 340 / 1000 = 34 % vs 400 / 1000 = 40 %: −6 pp, impact 60, driven by cost (−60; price 0, mix 0).
    // Customer K2 (B now; B and C before): 34 % vs 500 / 1300 = 38.46 %: −4.46 pp, impact 44.62; cost −60,
    //   mix −16.67 (C discontinued: −(100 − 10 × 500 / 60)). A and K1: 495 / 1155 = 42.86 % vs 40 %: +2.86 pp, impact −33,
    //   driven by price (+55). D and K3 have no trailing revenue and are not compared.
    const some = await cockpit({ exceptions: { min_margin_impact: 40 } });
    expect(some.exceptions.erosions.map((e) => [e.kind, e.id, e.rate, e.trailing_rate, e.rate_change_pp, e.impact, e.driver])).toEqual([
      ['sku', 'B', 0.34, 0.4, -6, 60, 'cost'],
      ['customer', 'K2', 0.34, 0.384615, -4.46, 44.62, 'cost'],
    ]);
    expect(some.exceptions.erosions[1]).toMatchObject({ name: 'Lambda Stores', region: 'South', channel: 'Wholesale', effects: { price: 0, cost: -60, mix: -16.67 } });
    expect(some.exceptions.improvements).toEqual([]);
    expect(some.exceptions.compared).toEqual({ skus: 2, customers: 2, without_trailing_revenue: 2 });
    expect((await cockpit({ exceptions: { min_margin_impact: 50 } })).exceptions.erosions.map((e) => e.id)).toEqual(['B']);
    // Ranked by |impact|, then kind (customer before sku), then id.
    const ups = await cockpit({ exceptions: { min_margin_impact: 30 } });
    expect(ups.exceptions.improvements.map((e) => [e.id, e.rate_change_pp, e.impact, e.driver])).toEqual([['K1', 2.86, -33, 'price'], ['A', 2.86, -33, 'price']]);
    // The defaults (2 pp, 500) flag nothing in a ledger this small.
    const none = await cockpit();
    expect([none.exceptions.erosions, none.exceptions.improvements]).toEqual([[], []]);
  });

  it('lists sales below cost, not returns', async () => {
    const { exceptions, files } = await cockpit();
    expect(exceptions.below_cost).toEqual({
      lines: 1, total_loss: 6,
      largest: [{ line_id: 'L11', invoice_id: 'I11', invoice_date: '2026-03-04', customer_id: 'K3', customer_name: 'Mu Market', sku: 'D', product_name: 'Delta Chips', quantity: 2, unit_price: 0, unit_cost: 3, loss: 6 }],
    });
    expect(files['cockpit/below_cost.csv']!.trim().split('\n')[1]).toBe('L11,I11,2026-03-04,K3,Mu Market,D,Delta Chips,2,0,3,6');
  });

  it('flags only a drop above the threshold whose impact is above the minimum (both strict)', async () => {
    // X: every trailing week 100 @ 10 at cost 8 (20 %); this week at cost 8.20 (18 %): exactly −2 pp, impact exactly −20.
    const rows = ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02'].map((d, i) => `X${i},J${i},${d},X,Xeno,Food,Z,Zeta,North,Retail,100,10,1000`);
    const sales = [HEADER, ...rows].join('\n');
    const costs = ['sku,valid_from,unit_cost', 'X,2026-01-01,8', 'X,2026-03-02,8.2'].join('\n');
    const flags = async (margin_drop_threshold_pp: number, min_margin_impact: number) => {
      const ctx = memoryScriptContext({ 'in/sales.csv': sales, 'in/costs.csv': costs });
      await marginLines.run(marginLines.args.parse({ sales_lines: 'in/sales.csv', standard_costs: 'in/costs.csv', week: '2026-W10' }), ctx);
      const result = await exceptionsScript.run(exceptionsScript.args.parse({ margin_drop_threshold_pp, min_margin_impact }), ctx);
      return result.erosions.map((e) => `${e.id} ${e.rate_change_pp} ${e.impact} ${e.driver}`);
    };
    expect(await flags(2, 0)).toEqual([]); // a drop of exactly the threshold
    expect(await flags(1.99, 20)).toEqual([]); // an impact of exactly the minimum
    expect(await flags(1.99, 19.99)).toEqual(['Z -2 20 cost', 'X -2 20 cost']);
  });
});

describe('skill margin-analysis: the brief', () => {
  it('rounds to thousands and strips contact details from names', () => {
    expect([412_345, 1_234_567, -2_449, 9_960, 40, -40].map((x) => thousands(x, '€'))).toEqual(['€412k', '€1,235k', '-€2.4k', '€10k', '€0.0k', '€0.0k']);
    expect(plainName('Acme Ltd (jane@acme.com, +420 777 123 456) https://acme.example')).toBe('Acme Ltd (, )');
    expect(wordCount('Bridge vs prior week – price +€0.1k')).toBe(6);
  });

  it('writes at most 200 words whose figures are those of bridge.json, and the Slack message', async () => {
    const { brief, files } = await cockpit({ exceptions: { min_margin_impact: 40 } });
    const bridge = JSON.parse(files['cockpit/bridge.json']!) as BridgeFile;
    const k = (x: number) => thousands(x, '€');
    expect(brief.text.split('\n')).toEqual([
      `Revenue ${k(bridge.headline.reporting.revenue)}, margin ${k(bridge.headline.reporting.margin)}, margin rate 38.6%. Vs prior week: revenue +4.6%, margin €0.0k, rate -0.5 pp. Vs last year: revenue +58.2%, margin +€0.3k, rate -0.9 pp.`,
      'Bridge vs prior week (€0.0k): price +€0.1k, volume +€0.2k, mix -€0.2k (new SKUs -€0.2k, discontinued €0.0k), cost -€0.1k.',
      'Bridge vs last year (+€0.3k): price +€0.2k, volume +€0.4k, mix -€0.1k (new SKUs -€0.1k), cost -€0.1k.',
      'Largest erosions: Beta Bread (B): -6.0 pp, -€0.1k, driven by cost; customer Lambda Stores: -4.5 pp, €0.0k, driven by cost.',
      'Sold below cost: 1 line, €0.0k lost.',
      'Data issues touch 2.1% of revenue: 1 line without cost, 1 line at zero or negative price, 1 line without category.',
    ]);
    expect(brief.text).toContain('Revenue €2.4k, margin €0.9k');
    expect(brief.words).toBe(wordCount(brief.text));
    expect(brief.words).toBeLessThanOrEqual(200);
    expect(files['cockpit/brief.md']).toBe(`${brief.text.split('\n').join('\n\n')}\n`); // one markdown paragraph per line
    expect(brief.message).toBe(`Margin cockpit 2026-W10\n\n${brief.text}\n\nWorkbook: cockpit/margin-cockpit.xlsx`);
  });

  it('leaves data issues out at 1 % of revenue or less, and lists anomalies when given', async () => {
    const { files } = await cockpit({ sales: SALES.split('\n').filter((l) => !l.startsWith('L12,')).join('\n') });
    files['anomalies/anomalies.json'] = JSON.stringify({ measure: 'margin', anomalies: [{ period: '2026-W10', deviation: -14_200, explanation: { driver: { dimension: 'region', member: 'North' } } }] });
    const ctx = memoryScriptContext(files);
    const brief = await briefScript.run(briefScript.args.parse({ anomalies: 'anomalies/anomalies.json', workbook: 'https://studio.test/runs/1/cockpit.xlsx' }), ctx);
    expect(brief.text).not.toContain('Data issues');
    expect(brief.text.split('\n').at(-1)).toBe('Anomalies to classify (margin): 2026-W10 -€14k (region=North).');
    expect(brief.message.endsWith('\n\nWorkbook: https://studio.test/runs/1/cockpit.xlsx')).toBe(true);
  });

  it('names the class a person gave each anomaly, and writes one paragraph per line', async () => {
    const { files } = await cockpit({});
    files['anomalies/anomalies.json'] = JSON.stringify({ measure: 'revenue', anomalies: [{ period: '2026-W10', deviation: 9_000 }, { period: '2026-W11', deviation: -4_000 }] });
    const ctx = memoryScriptContext(files);
    const classified = await briefScript.run(briefScript.args.parse({ anomalies: 'anomalies/anomalies.json', classifications: [[{ row: '2026-W10', choice: 'one-off' }, { row: '2026-W11', choice: 'data error' }]] }), ctx);
    expect(classified.text.split('\n').at(-1)).toBe('Anomalies (revenue): 2026-W10 +€9.0k: one-off; 2026-W11 -€4.0k: data error.');
    const partly = await briefScript.run(briefScript.args.parse({ anomalies: 'anomalies/anomalies.json', classifications: [[{ row: '2026-W10', choice: 'expected' }]] }), ctx);
    expect(partly.text.split('\n').at(-1)).toBe('Anomalies to classify (revenue): 2026-W10 +€9.0k: expected; 2026-W11 -€4.0k.');
    expect(files['cockpit/brief.md']).toBe(`${partly.text.split('\n').join('\n\n')}\n`);
  });

  it('stays within 200 words with long names and never carries contact details', async () => {
    const { files } = await cockpit({ exceptions: { min_margin_impact: 0 } });
    const exceptions = JSON.parse(files['cockpit/exceptions.json']!) as ExceptionsFile;
    const wordy = 'a b c d e f g h i j k l m n o p q r s t u v w x y z';
    exceptions.erosions = Array.from({ length: 10 }, (_, i) => ({ ...exceptions.erosions[0]!, kind: 'customer' as const, id: `K${i}`, name: `${wordy} mail me at x${i}@example.com or +420 777 123 45${i}` }));
    files['cockpit/exceptions.json'] = JSON.stringify(exceptions);
    files['anomalies/anomalies.json'] = JSON.stringify({ anomalies: Array.from({ length: 5 }, (_, i) => ({ period: `2026-W0${i + 1}`, deviation: 1000, explanation: { driver: { dimension: 'customer', member: wordy } } })) });
    const brief = await briefScript.run(briefScript.args.parse({ anomalies: 'anomalies/anomalies.json' }), memoryScriptContext(files));
    expect(brief.words).toBeLessThanOrEqual(200);
    expect(brief.text).not.toContain('Bridge vs last year'); // dropped to fit
    expect(brief.text).not.toMatch(/@|777/);
  });
});
