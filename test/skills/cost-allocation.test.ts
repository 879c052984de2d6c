/**
 * Issue 7 (scenario B): the built-in skills cost-allocation-runner and
 * variance-detector in scripted Playbook runs on the built-in sample project, checked against
 * sample/ground-truth/cost-variances.csv.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import varianceTruth from '../../sample/ground-truth/cost-variances.csv?raw';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';

/** The reference's default query (references/default-allocation-sql.md), both periods at once. */
const ALLOCATION_SQL = (poolFilter = '') => `
WITH pools AS (
  SELECT period, cost_center, SUM(amount) AS pool
  FROM "in.c-finance.gl_costs" ${poolFilter}
  GROUP BY period, cost_center
),
shares AS (
  SELECT period, cost_center, product_id,
         driver_qty * 1.0 / SUM(driver_qty) OVER (PARTITION BY period, cost_center) AS share
  FROM "in.c-finance.allocation_drivers"
  WHERE driver_qty > 0
)
SELECT p.period, p.cost_center, s.product_id, s.share AS driver_share,
       p.pool * s.share AS allocated_amount
FROM pools p
JOIN shares s ON s.period = p.period AND s.cost_center = p.cost_center
ORDER BY p.period, p.cost_center, s.product_id`;

const SKILLS = ['cost-allocation-runner', 'variance-detector'];

function allocationSteps(sql: string, onFailure: 'abort' | 'ask_user') {
  return [
    scriptedStep('allocate', [
      { id: 'allocation', tool: 'keboola.workspace.query', args: { sql, save_as: 'allocation/result.csv' } },
      { id: 'costs', tool: 'keboola.storage.tables', args: { action: 'export', table_id: 'in.c-finance.gl_costs', save_as: 'allocation/gl_costs.csv' } },
    ]),
    scriptedStep('reconcile', [
      { id: 'check', tool: 'skill.cost-allocation-runner.check_allocation', args: { allocation: 'allocation/result.csv', costs: 'allocation/gl_costs.csv' } },
    ], { skills: ['cost-allocation-runner'], on_failure: onFailure }),
  ];
}

async function sampleUser(): Promise<TestUser> {
  // No Keboola token: the tools run on the built-in sample project.
  const admin = await createTestUser('admin');
  await call('DELETE', '/vault/keboola_token', admin);
  return createTestUser('author');
}

async function runSteps(author: TestUser, steps: unknown[]): Promise<any> {
  return drive(await startRun(author, await createPlaybook(author, playbookWith(steps, { skills: SKILLS }))), author);
}

function groundTruth(): { product_id: string; prior_allocated: string; current_allocated: string; change_pct: string; flagged: string }[] {
  return Papa.parse<any>(varianceTruth, { header: true, skipEmptyLines: true }).data;
}

describe('the two built-in skills in the catalogue', () => {
  it('parse with all three tables, one reference and their scripts each', async () => {
    const user = await createTestUser('author');
    const expected = {
      'cost-allocation-runner': { reference: 'references/default-allocation-sql.md', scripts: ['check_allocation', 'compose_report', 'prepare_allocation'], keys: ['last_reconciliation', 'accepted_phantom_cost_centers'] },
      'variance-detector': { reference: 'references/classifying-variances.md', scripts: ['detect', 'record_classifications'], keys: ['classified_variances', 'threshold_pct'] },
    };
    for (const [id, want] of Object.entries(expected)) {
      const detail = await json(await call('GET', `/skills/${id}`, user));
      expect(detail.source).toBe('builtin');
      expect(detail.tree.references).toEqual([{ path: want.reference, bytes: expect.any(Number) }]);
      expect(detail.tree.scripts).toEqual(want.scripts.map((name) => expect.objectContaining({ name, tool_id: `skill.${id}.${name}`, risk: 'compute' })));
      // Every script is named in the Tool Selection Guide, so a model knows when to use it.
      const guided = detail.tables.tool_selection_guide.flatMap((r: any) => r.tools);
      for (const name of want.scripts) expect(guided, name).toContain(`skill.${id}.${name}`);
      expect(detail.tables.context_persistence.map((r: any) => r.key)).toEqual(want.keys);
      expect(detail.tables.tool_selection_guide.length).toBeGreaterThan(0);
      expect(detail.tables.integrations_required.length).toBeGreaterThan(0);
    }
  });
});

describe('cost-allocation-runner and variance-detector on the sample project', () => {
  it('the reference allocation reconciles within 0.01 for both periods, and detect flags exactly the ground-truth variances', async () => {
    const author = await sampleUser();
    const run = await runSteps(author, [
      ...allocationSteps(ALLOCATION_SQL(), 'abort'),
      scriptedStep('variances', [
        { id: 'detect', tool: 'skill.variance-detector.detect', args: { artifact: 'allocation/result.csv', current_period: '2026-10', prior_period: '2026-09' } },
      ], { skills: ['variance-detector'] }),
    ]);
    expect(run.status, run.status_reason).toBe('done');

    const check = run.steps[1].outputs.check;
    expect(check.ok).toBe(true);
    expect(check.periods.map((p: any) => p.period)).toEqual(['2026-09', '2026-10']);
    for (const period of check.periods) {
      expect(Math.abs(period.difference)).toBeLessThanOrEqual(0.01);
      expect(period.cost).toBeGreaterThan(0);
      expect(period.cost_centers_off).toEqual([]);
      expect(period.unallocated_cost_centers).toEqual([]);
    }
    // CC-130 (the acquired Oslo plant) has cost only from 2026-10.
    expect(Object.keys(check.periods[0].by_cost_center)).not.toContain('CC-130');
    expect(Object.keys(check.periods[1].by_cost_center)).toContain('CC-130');

    const detect = run.steps[2].outputs.detect;
    const truth = groundTruth();
    const expected = truth.filter((t) => t.flagged === 'yes').map((t) => t.product_id).sort();
    expect(expected).toHaveLength(7);
    expect(detect.flagged.map((v: any) => v.item).sort()).toEqual(expected);
    expect(detect.items).toBe(truth.length);
    for (const v of detect.flagged) {
      const t = truth.find((x) => x.product_id === v.item)!;
      expect(v.prior).toBeCloseTo(Number(t.prior_allocated), 2);
      expect(v.current).toBeCloseTo(Number(t.current_allocated), 2);
      if (t.change_pct === 'new in period') expect(v).toMatchObject({ status: 'new', change_pct: null });
      else expect(v.change_pct).toBeCloseTo(Number(t.change_pct), 2);
    }
    // Largest absolute change first; one radio question per flagged product with the five classes.
    const changes = detect.flagged.map((v: any) => Math.abs(v.change));
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    expect(detect.questions).toHaveLength(7);
    expect(detect.questions[0].args.kind).toBe('radio');
    expect(detect.questions[0].args.options.map((o: any) => o.value)).toEqual(['new product launch', 'acquisition', 'data quality', 'one-off', 'trend']);
    expect(detect.questions.find((q: any) => q.item === 'P-1019').args.prompt).toContain('P-1019: new in 2026-10');

    const saved = await call('GET', `/runs/${run.id}/artifacts/variances.csv`, author);
    expect(saved.status).toBe(200);
    const rows = Papa.parse<any>(await saved.text(), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(truth.length);
    expect(rows.filter((r: any) => r.flagged === 'yes').map((r: any) => r.product_id).sort()).toEqual(expected);
  });

  it('a threshold and a multi question: the same comparison at 10 % flags only the larger moves, in one question', async () => {
    const author = await sampleUser();
    const run = await runSteps(author, [
      scriptedStep('allocate', [{ tool: 'keboola.workspace.query', args: { sql: ALLOCATION_SQL(), save_as: 'allocation/result.csv' } }]),
      scriptedStep('variances', [
        { id: 'detect', tool: 'skill.variance-detector.detect', args: { artifact: 'allocation/result.csv', current_period: '2026-10', prior_period: '2026-09', threshold_pct: 10, question: 'multi', save_as: 'out/v.csv' } },
      ], { skills: ['variance-detector'] }),
    ]);
    expect(run.status, run.status_reason).toBe('done');
    const detect = run.steps[1].outputs.detect;
    expect(detect.flagged.map((v: any) => v.item).sort()).toEqual(['P-1012', 'P-1016', 'P-1017', 'P-1019', 'P-2001', 'P-2002']);
    expect(detect.saved_as).toBe('out/v.csv');
    expect(detect.questions).toHaveLength(1);
    expect(detect.questions[0].args.kind).toBe('multi');
    expect(detect.questions[0].args.options).toHaveLength(30);
    expect(detect.questions[0].args.options).toContainEqual({ value: 'P-1012=data quality', label: 'P-1012: data quality' });
  });

  it('an allocation that drops a cost centre fails the step with the difference; on_failure abort and ask_user apply', async () => {
    const author = await sampleUser();
    const broken = ALLOCATION_SQL("WHERE cost_center <> 'CC-130'");
    // CC-130's 2026-10 pool is 94,579.74 (sample/in.c-finance/gl_costs.csv); 2026-09 still reconciles.
    const message = /2026-10: allocated [\d.]+ vs cost [\d.]+, difference -94579\.74; cost centres off: CC-130 \(-94579\.74\)/;

    const aborted = await runSteps(author, allocationSteps(broken, 'abort'));
    expect(aborted.status).toBe('failed');
    expect(aborted.status_reason).toMatch(message);
    expect(aborted.status_reason).not.toContain('2026-09:');
    const call_ = aborted.tool_calls.find((c: any) => c.tool_id === 'skill.cost-allocation-runner.check_allocation');
    expect(call_).toMatchObject({ status: 'error' });
    expect(call_.error).toMatch(/^Allocation does not reconcile \(tolerance 0\.01\)/);

    const runId = await startRun(author, await createPlaybook(author, playbookWith(allocationSteps(broken, 'ask_user'), { skills: SKILLS })));
    const waiting = await drive(runId, author);
    expect(waiting.status).toBe('waiting_for_input');
    const question = waiting.questions.find((q: any) => q.status === 'pending');
    expect(question.prompt).toMatch(message);
    expect(question.options.map((o: any) => o.value)).toEqual(['retry', 'skip', 'abort']);
    await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: 'abort' } });
    expect((await drive(runId, author)).status).toBe('failed');
  });
});
