/**
 * The scripts the scripted product-cost-allocation SOP chains (issue 7), called directly on an
 * in-memory workspace: prepare_allocation, check_allocation's save_as, detect's grid questions,
 * record_classifications and compose_report.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { memoryScriptContext } from './script-context';
import * as prepare from '../../skills/cost-allocation-runner/scripts/prepare_allocation';
import * as check from '../../skills/cost-allocation-runner/scripts/check_allocation';
import * as compose from '../../skills/cost-allocation-runner/scripts/compose_report';
import * as detect from '../../skills/variance-detector/scripts/detect';
import * as record from '../../skills/variance-detector/scripts/record_classifications';
import { toolRegistry } from '../../src/tools/registry';

/** An in-memory workspace, and the events the scripts emit. */
function workspace(files: Record<string, string> = {}) {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const ctx = memoryScriptContext(files, { emit: (type, data) => void events.push({ type, data }) });
  return { files, events, ctx };
}

const csvRows = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

describe('skill.cost-allocation-runner.prepare_allocation', () => {
  const SQL = "SELECT period, ':period' AS literal, x::period AS cast -- :period here\nFROM t /* :period */ WHERE period = :period OR p = :periods OR q = :period";

  it('replaces :period outside quotes, comments and casts, and nothing else', async () => {
    const { ctx } = workspace();
    const out = await prepare.run(prepare.args.parse({ sql: SQL, period: '2026-10' }), ctx);
    expect(out).toMatchObject({ period: '2026-10', prior_period: '2026-09', periods: ['2026-09', '2026-10'], placeholders: 2 });
    expect(out.current_sql).toBe("SELECT period, ':period' AS literal, x::period AS cast -- :period here\nFROM t /* :period */ WHERE period = '2026-10' OR p = :periods OR q = '2026-10'");
    expect(out.prior_sql).toBe(out.current_sql.replaceAll("'2026-10'", "'2026-09'"));
  });

  it('works out the prior month, takes an explicit one, and refuses what cannot be meant', async () => {
    const { ctx } = workspace();
    const run = (a: Record<string, unknown>) => prepare.run(prepare.args.parse({ sql: 'SELECT :period', ...a }), ctx);
    expect((await run({ period: '2026-01' })).prior_period).toBe('2025-12');
    expect((await run({ period: '2026-10', prior_period: 'previous' })).prior_period).toBe('2026-09');
    expect((await run({ period: '2026-10', prior_period: '2025-10' })).periods).toEqual(['2025-10', '2026-10']);
    await expect(run({ period: '2026-13' })).rejects.toThrow(/period "2026-13" is not a month as YYYY-MM/);
    await expect(run({ period: '2026-10', prior_period: '2026-10' })).rejects.toThrow(/same month/);
    await expect(run({ period: '2026-10', prior_period: 'last year' })).rejects.toThrow(/prior_period "last year" is not a month/);
    await expect(prepare.run(prepare.args.parse({ sql: "SELECT * FROM t WHERE period = '2026-10'", period: '2026-10' }), ctx)).rejects.toThrow(/no :period placeholder/);
  });
});

describe('skill.cost-allocation-runner.check_allocation with save_as', () => {
  const COSTS = 'period,cost_center,amount\n2026-10,CC-1,100\n2026-10,CC-2,50\n';

  it('writes the checks as JSON and counts negative allocation rows', async () => {
    const { ctx, files } = workspace({ 'a.csv': 'period,cost_center,product_id,allocated_amount\n2026-10,CC-1,P1,120\n2026-10,CC-1,P2,-20\n2026-10,CC-2,P1,50\n', 'c.csv': COSTS });
    const out = await check.run(check.args.parse({ allocation: 'a.csv', costs: 'c.csv', save_as: 'reconciliation/checks.json' }), ctx);
    expect(out.ok).toBe(true);
    expect(out.periods[0]).toMatchObject({ period: '2026-10', cost: 150, allocated: 150, difference: 0, negative_allocations: 1 });
    expect(JSON.parse(files['reconciliation/checks.json']!)).toEqual(out);
  });

  it('still writes the JSON when it fails, then fails with the difference', async () => {
    const { ctx, files } = workspace({ 'a.csv': 'period,cost_center,product_id,allocated_amount\n2026-10,CC-1,P1,100\n', 'c.csv': COSTS });
    await expect(check.run(check.args.parse({ allocation: 'a.csv', costs: 'c.csv', save_as: 'checks.json' }), ctx))
      .rejects.toThrow('Allocation does not reconcile (tolerance 0.01): 2026-10: allocated 100.00 vs cost 150.00, difference -50.00; cost centres off: CC-2 (-50.00)');
    expect(JSON.parse(files['checks.json']!)).toMatchObject({ ok: false, periods: [{ ok: false, unallocated_cost_centers: ['CC-2'] }] });
  });
});

describe('over zero rows nothing passes as fine (issue 13)', () => {
  const COSTS = 'period,cost_center,amount\n2026-09,CC-1,100\n2026-10,CC-1,50\n';
  const ALLOCATION = 'period,cost_center,product_id,allocated_amount\n';

  it('check_allocation fails a period with no costs or no allocation, naming the periods that exist', async () => {
    const { ctx } = workspace({ 'a.csv': ALLOCATION, 'c.csv': COSTS });
    await expect(check.run(check.args.parse({ allocation: 'a.csv', costs: 'c.csv', periods: ['2025-09'] }), ctx))
      .rejects.toThrow('Nothing to reconcile for 2025-09 (no cost rows in c.csv); periods with costs: 2026-09, 2026-10');
    await expect(check.run(check.args.parse({ allocation: 'a.csv', costs: 'c.csv', periods: ['2026-10'] }), ctx))
      .rejects.toThrow('Nothing to reconcile for 2026-10 (no allocation rows in a.csv); periods with costs: 2026-09, 2026-10');
    const empty = workspace({ 'a.csv': ALLOCATION, 'c.csv': 'period,cost_center,amount\n' });
    await expect(check.run(check.args.parse({ allocation: 'a.csv', costs: 'c.csv' }), empty.ctx)).rejects.toThrow('Nothing to reconcile for any period; periods with costs: none');
  });

  it('detect fails a period with no rows and says which periods are there', async () => {
    const { ctx } = workspace({ 'r.csv': 'period,product_id,allocated_amount\n2026-09,P1,10\n2026-10,P1,11\n' });
    await expect(detect.run(detect.args.parse({ artifact: 'r.csv', current_period: '2025-09', prior_period: '2025-08', save_as: 'v.csv' }), ctx))
      .rejects.toThrow('has no rows for the current period 2025-09; periods present: 2026-09, 2026-10');
  });
});

/** 205 products: P001..P204 move +10 % (flagged, P204 the largest), P205 moves +1 %. */
function manyProducts(): string {
  const lines = ['period,product_id,allocated_amount'];
  for (let i = 1; i <= 204; i++) lines.push(`2026-09,P${String(i).padStart(3, '0')},${100 * i}`, `2026-10,P${String(i).padStart(3, '0')},${110 * i}`);
  lines.push('2026-09,P205,1000', '2026-10,P205,1010');
  return lines.join('\n');
}

describe('skill.variance-detector.detect: grid questions', () => {
  it('one row per flagged item, largest change first, the five classes, at most 200 rows a question; flagged_as keeps it all', async () => {
    const { ctx, files } = workspace({ 'v.csv': manyProducts() });
    const out = await detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid', flagged_as: 'flagged.json' }), ctx);
    expect(out.flagged).toHaveLength(204);
    const rows = (q: (typeof out.questions)[number]) => (q.args as { rows: { value: string; label: string }[] }).rows;
    expect(out.questions.map((q) => rows(q).length)).toEqual([200, 4]);
    const [first] = out.questions;
    expect(first!.args).toMatchObject({ kind: 'grid', options: ['new product launch', 'acquisition', 'data quality', 'one-off', 'trend'].map((c) => ({ value: c, label: c })) });
    expect(first!.args.prompt).toBe('Classify each product_id whose amount moved more than 5 % between 2026-09 and 2026-10 (part 1 of 2): one class per row, and a comment where it helps.');
    expect(rows(first!)[0]).toEqual({ value: 'P204', label: 'P204: +10.00 % vs 2026-09 (prior 20,400.00, current 22,440.00, change 2,040.00)' });
    expect(out.questions.flatMap((q) => q.items)).toEqual(out.flagged.map((v) => v.item));
    expect(JSON.parse(files['flagged.json']!)).toEqual(JSON.parse(JSON.stringify(out)));
  });

  it('names each row by the item\'s name where the CSV has one (product_name, or the column asked for), the id kept beside it', async () => {
    const csv = 'period,product_id,product_name,allocated_amount\n2026-09,P1,Granola Classic,1000\n2026-10,P1,Granola Classic,1500\n2026-10,P2,,300\n';
    const { ctx, files } = workspace({ 'v.csv': csv, 'w.csv': csv.replaceAll('product_name', 'label') });
    const out = await detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid' }), ctx);
    const rows = (out.questions[0]!.args as { rows: { value: string; label: string }[] }).rows;
    expect(rows).toEqual([
      { value: 'P1', label: 'Granola Classic (P1): +50.00 % vs 2026-09 (prior 1,000.00, current 1,500.00, change 500.00)' },
      { value: 'P2', label: 'P2: new in 2026-10 (prior 0.00, current 300.00, change 300.00)' },
    ]);
    expect(files['variances.csv']!.split('\n')[0]).toBe('product_id,product_name,prior,current,change,change_pct,status,flagged');
    const named = await detect.run(detect.args.parse({ artifact: 'w.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid', name_column: 'label' }), ctx);
    expect((named.questions[0]!.args as { rows: { label: string }[] }).rows[0]!.label).toMatch(/^Granola Classic \(P1\): /);
    await expect(detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', name_column: 'title' }), ctx)).rejects.toThrow('has no column(s) title');
  });

  it('asks nothing when nothing moved past the threshold', async () => {
    const { ctx } = workspace({ 'v.csv': 'period,product_id,allocated_amount\n2026-09,P1,100\n2026-10,P1,101\n' });
    for (const question of ['grid', 'multi', 'radio'] as const) {
      const out = await detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', question }), ctx);
      expect(out.flagged).toEqual([]);
      expect(out.questions).toEqual([]);
    }
  });
});

async function flaggedFile() {
  const { ctx, files } = workspace({
    'v.csv': 'period,product_id,allocated_amount\n2026-09,P-1,100\n2026-10,P-1,150\n2026-09,P-2,100\n2026-10,P-2,80\n2026-10,P-3,40\n2026-09,P-4,100\n2026-10,P-4,100.5\n',
  });
  await detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid', save_as: 'all.csv', flagged_as: 'flagged.json' }), ctx);
  return { ctx, files };
}

describe('skill.variance-detector.record_classifications', () => {
  it('records each flagged item with its class and comment, from one answer or a list of them; counts per class', async () => {
    const { ctx, files } = await flaggedFile();
    const grid = [{ row: 'P-2', choice: 'one-off', comment: '  promo month ' }, { row: 'P-1', choice: 'trend' }];
    const out = await record.run(record.args.parse({ flagged: 'flagged.json', answers: [grid, [{ row: 'P-3', choice: 'new product launch', comment: '' }]], save_as: 'classes.json' }), ctx);
    expect(out.items.map((i) => [i.item, i.classification, i.answer_status, i.comment])).toEqual([
      ['P-1', 'trend', 'classified', null],
      ['P-3', 'new product launch', 'classified', null],
      ['P-2', 'one-off', 'classified', 'promo month'],
    ]);
    expect(out.items[1]).toMatchObject({ status: 'new', prior: 0, current: 40, change: 40, change_pct: null });
    expect(out.counts).toEqual({ 'new product launch': 1, acquisition: 0, 'data quality': 0, 'one-off': 1, trend: 1 });
    expect(out.open).toEqual([]);
    expect(JSON.parse(files['classes.json']!)).toMatchObject({ items: out.items, counts: out.counts, item_column: 'product_id', current_period: '2026-10' });

    // One answer on its own; what no answer covers stays open.
    const partial = await record.run(record.args.parse({ flagged: 'flagged.json', answers: grid }), ctx);
    expect(partial.open).toEqual(['P-3']);
    expect(partial.items.find((i) => i.item === 'P-3')).toMatchObject({ classification: null, answer_status: 'unclassified' });
    expect(partial.items.find((i) => i.item === 'P-1')).toMatchObject({ answered_by: null, answered_at: null });

    // Question records (${{ questions.<id> }}) also say who answered and when.
    const records = [
      { answer: grid, comment: '', answered_by: 'carl', answered_at: '2026-11-02T09:00:00.000Z' },
      { answer: [{ row: 'P-3', choice: 'trend' }], comment: '', answered_by: 'dana', answered_at: '2026-11-02T10:00:00.000Z' },
    ];
    const attributed = await record.run(record.args.parse({ flagged: 'flagged.json', answers: records }), ctx);
    expect(attributed.items.map((i) => [i.item, i.classification, i.answered_by, i.answered_at])).toEqual([
      ['P-1', 'trend', 'carl', '2026-11-02T09:00:00.000Z'],
      ['P-3', 'trend', 'dana', '2026-11-02T10:00:00.000Z'],
      ['P-2', 'one-off', 'carl', '2026-11-02T09:00:00.000Z'],
    ]);
  });

  it('refuses rows that were not flagged, classes that are not offered and rows answered twice', async () => {
    const { ctx } = await flaggedFile();
    const run = (answers: unknown) => record.run(record.args.parse({ flagged: 'flagged.json', answers }), ctx);
    await expect(run([{ row: 'P-4', choice: 'trend' }])).rejects.toThrow('"P-4" is not a flagged item of flagged.json');
    await expect(run([{ row: 'P-1', choice: 'seasonal' }])).rejects.toThrow('P-1: "seasonal" is not one of new product launch, acquisition, data quality, one-off, trend');
    await expect(run([[{ row: 'P-1', choice: 'trend' }], [{ row: 'P-1', choice: 'one-off' }]])).rejects.toThrow('P-1 is answered twice');
    await expect(record.run(record.args.parse({ flagged: 'all.csv', answers: [] }), ctx)).rejects.toThrow(/"all.csv" is not JSON/);

    const quiet = workspace({ 'v.csv': 'period,product_id,allocated_amount\n2026-09,P1,100\n2026-10,P1,100\n' });
    await detect.run(detect.args.parse({ artifact: 'v.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid', flagged_as: 'f.json' }), quiet.ctx);
    expect(await record.run(record.args.parse({ flagged: 'f.json', answers: [] }), quiet.ctx)).toMatchObject({ items: [], open: [] });
  });
});

describe('skill.cost-allocation-runner.compose_report', () => {
  // Two cost centres, three products. CC-2 doubles its pool; P-B takes a bigger share of CC-1; P-C is new.
  const ALLOCATION = [
    'period,cost_center,product_id,driver_share,allocated_amount',
    '2026-09,CC-1,P-A,0.5,50', '2026-09,CC-1,P-B,0.5,50', '2026-09,CC-2,P-A,1,40',
    '2026-10,CC-2,P-A,0.5,40', '2026-10,CC-2,P-C,0.5,40', '2026-10,CC-1,P-B,0.75,75', '2026-10,CC-1,P-A,0.25,25',
  ].join('\n');
  const COSTS = 'period,cost_center,amount\n2026-09,CC-1,100\n2026-09,CC-2,40\n2026-10,CC-1,100\n2026-10,CC-2,80\n';

  async function composed(answers: { row: string; choice: string; comment?: string }[]) {
    const { ctx, files } = workspace({ 'allocation/result.csv': ALLOCATION, 'allocation/gl_costs.csv': COSTS });
    await check.run(check.args.parse({ allocation: 'allocation/result.csv', costs: 'allocation/gl_costs.csv', save_as: 'reconciliation/checks.json' }), ctx);
    await detect.run(detect.args.parse({ artifact: 'allocation/result.csv', current_period: '2026-10', prior_period: '2026-09', question: 'grid', save_as: 'variances/all.csv', flagged_as: 'variances/flagged.json' }), ctx);
    await record.run(record.args.parse({ flagged: 'variances/flagged.json', answers: [answers] }), ctx);
    const out = await compose.run(compose.args.parse({ period: '2026-10', prior_period: '2026-09', run_id: 'run_x', workbook_url: '/v1/agent-studio/runs/run_x/artifacts/reports/cost-allocation.xlsx' }), ctx);
    return { out, files };
  }

  it('writes the sheets as CSVs, the effects add up to each change, and the answers are in summary.md and the Slack text', async () => {
    const { out, files } = await composed([{ row: 'P-C', choice: 'new product launch' }, { row: 'P-B', choice: 'trend' }, { row: 'P-A', choice: 'data quality', comment: 'CC-1 drivers missing for one line' }]);
    expect(out.files).toEqual(['reports/allocation.csv', 'reports/by-product.csv', 'reports/reconciliation.csv', 'reports/variances.csv', 'reports/summary.md']);
    expect(out.totals).toEqual({ cost: 180, allocated: 180, difference: 0 });

    // Allocation: the period's rows, sorted by cost centre then product, every SQL column typed.
    expect(csvRows(files['reports/allocation.csv']!).map((r) => `${r.cost_center}/${r.product_id}`)).toEqual(['CC-1/P-A', 'CC-1/P-B', 'CC-2/P-A', 'CC-2/P-C']);
    expect(out.allocation_sheet).toEqual({
      columns: [
        { key: 'period', header: 'period', type: 'text' },
        { key: 'cost_center', header: 'cost_center', type: 'text' },
        { key: 'product_id', header: 'product_id', type: 'text' },
        { key: 'driver_share', header: 'driver_share', type: 'percent', format: '0.00%' },
        { key: 'allocated_amount', header: 'allocated_amount', type: 'currency' },
      ],
      totals: { label: 'Total', sum: ['allocated_amount'] },
    });

    // Variances: largest change first; volume + pool effect = change; the cost centres that moved named.
    const variances = csvRows(files['reports/variances.csv']!);
    expect(variances.map((v) => v.product_id)).toEqual(['P-C', 'P-A', 'P-B']);
    for (const v of variances) expect(Number(v.volume_effect) + Number(v.pool_effect)).toBeCloseTo(Number(v.change), 2);
    // P-C: new, half of CC-2 whose pool doubled (40 -> 80): half volume (its share of the old pool), half pool.
    expect(variances[0]).toMatchObject({ change: '40', status: 'new', change_pct: '', volume_effect: '20', pool_effect: '20', top_cost_centers: 'CC-2 (+40.00)', classification: 'new product launch' });
    // P-A: lost half its CC-1 share (-25 volume); in CC-2 a lower share (-20) of a doubled pool (+20).
    expect(variances[1]).toMatchObject({ change: '-25', change_pct: '-0.2778', volume_effect: '-45', pool_effect: '20', top_cost_centers: 'CC-1 (-25.00)', classification: 'data quality', comment: 'CC-1 drivers missing for one line' });
    // P-B: its CC-1 share went 0.5 -> 0.75 of an unchanged pool of 100: all volume.
    expect(variances[2]).toMatchObject({ change: '25', volume_effect: '25', pool_effect: '0', top_cost_centers: 'CC-1 (+25.00)', classification: 'trend' });

    expect(csvRows(files['reports/reconciliation.csv']!)).toEqual([
      { cost_center: 'CC-1', cost: '100', allocated: '100', difference: '0', result: 'ok' },
      { cost_center: 'CC-2', cost: '80', allocated: '80', difference: '0', result: 'ok' },
    ]);
    const byProduct = csvRows(files['reports/by-product.csv']!);
    expect(byProduct.find((r) => r.product_id === 'P-B')).toMatchObject({ prior: '50', current: '75', change: '25', change_pct: '0.5', flagged: 'yes', classification: 'trend' });

    const md = files['reports/summary.md']!;
    expect(md).toContain('| P-A | 90.00 | 65.00 | -25.00 | -27.78 % | data quality | CC-1 drivers missing for one line |');
    expect(md).toContain('| P-C | 0.00 | 40.00 | +40.00 | new | new product launch |  |');
    expect(md).toContain('## Open data-quality issues\n\n- P-A: CC-1 drivers missing for one line');

    expect(out.slack_text).toBe([
      'Product cost allocation 2026-10: 180.00 allocated, reconciled to cost within 0.00 (tolerance 0.01).',
      '3 products moved more than 5 % vs 2026-09: new product launch 1, data quality 1, trend 1.',
      'Largest: P-C +40.00 (new, new product launch); P-A -25.00 (-27.78 %, data quality); P-B +25.00 (+50.00 %, trend).',
      'Open data-quality issues: P-A.',
      'Workbook: /v1/agent-studio/runs/run_x/artifacts/reports/cost-allocation.xlsx (run run_x)',
    ].join('\n'));
    const items = Object.fromEntries(out.summary.items.map((i) => [i.label, i.value]));
    expect(items).toMatchObject({ Period: '2026-10', 'Prior period': '2026-09', 'Total cost': 180, 'Total allocated': 180, Reconciliation: 'reconciled', 'Variances above 5 %': 3, 'Classified trend': 1, 'Not classified': 0, Run: 'run_x' });
  });

  it('says which variances stay open and names missing inputs', async () => {
    const { out, files } = await composed([{ row: 'P-B', choice: 'trend' }]);
    expect(out.slack_text).toContain('3 products moved more than 5 % vs 2026-09: trend 1, not classified 2.');
    expect(files['reports/summary.md']).toContain('## Not classified\n\n- P-C\n- P-A');
    const { ctx } = workspace({});
    await expect(compose.run(compose.args.parse({ period: '2026-10', prior_period: '2026-09', run_id: 'r', workbook_url: 'u' }), ctx)).rejects.toThrow(/reconciliation\/checks\.json/);
  });
});

describe('the new scripts as Broker tools', () => {
  it('are registered as compute tools of their skills', () => {
    for (const id of ['skill.cost-allocation-runner.prepare_allocation', 'skill.cost-allocation-runner.compose_report', 'skill.variance-detector.record_classifications']) {
      expect(toolRegistry().get(id)?.manifest, id).toMatchObject({ risk: 'compute', side_effects: false, output_trust: 'trusted' });
    }
  });
});
