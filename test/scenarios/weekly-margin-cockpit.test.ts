/**
 * Issue 15: the Weekly Margin Cockpit runs on the built-in sample with no model. Fork → run (the
 * week left empty: the last complete week the data holds) → classify the revenue anomaly → approve
 * the brief → done. Every figure is checked against the generator's ground truth
 * (sample/ground-truth/margin.json): the bridges, the planted price leak and cost increase, the
 * below-cost lines, the data issues and the planted anomaly with the region and customer behind it.
 * With a model chosen, the model writes the commentary on the drivers and anomalies; the brief and
 * the Slack post carry it after the scripts' figures, which stay as the ground truth says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import truthText from '../../sample/ground-truth/margin.json?raw';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive } from '../run/drive';
import { scriptModel, slackMessages, uniqueChannel } from '../fakes/control';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { useSampleProject } from './controller-handoff-helpers';
import { signedThousands, thousands } from '../../skills/margin-analysis/lib/format';

const truth = JSON.parse(truthText);
const EFFECTS = ['margin_change', 'price', 'volume', 'mix', 'cost'] as const;

beforeAll(async () => {
  await useSampleProject();
});

async function start(user: TestUser, inputs: Record<string, unknown>, patch: Record<string, unknown> = {}): Promise<string> {
  const forked = await call('POST', '/blueprints/weekly-margin-cockpit/fork', user, { json: { name: 'Margin cockpit' } });
  expect(forked.status).toBe(201);
  const playbookId = (await json(forked)).id;
  if (Object.keys(patch).length > 0) {
    const patched = await call('PATCH', `/playbooks/${playbookId}`, user, { json: patch, contentType: 'application/merge-patch+json' });
    expect(patched.status, await patched.clone().text()).toBe(200);
  }
  const started = await call('POST', `/playbooks/${playbookId}/run`, user, { json: { inputs } });
  expect(started.status, await started.clone().text()).toBe(201);
  return (await json(started)).id;
}

async function artifact(user: TestUser, runId: string, path: string): Promise<Response> {
  const res = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(res.status, path).toBe(200);
  return res;
}

describe('scenario: Weekly Margin Cockpit on the sample project', () => {
  it('bridges, exceptions and anomalies match the ground truth; the brief goes to Slack only after approval', async () => {
    const user = await createTestUser('author');
    const channel = uniqueChannel('margin');
    const runId = await start(user, { slack_channel: channel });
    let run = await drive(runId, user);
    const output = (step: string, action: string) => run.steps.find((s: any) => s.id === step).outputs[action];

    // The week: the sample's last complete ISO week, with its comparisons.
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).not.toBe('failed');
    const lines = output('load-week', 'lines');
    expect(lines.week).toBe(truth.reporting_week.week);
    expect(lines.weeks).toMatchObject({ reporting: truth.reporting_week.week, prior: truth.prior_week.week, last_year: truth.last_year_week.week, trailing: truth.trailing_weeks.map((w: any) => w.week) });

    // The bridge adds up, and equals the generator's independent computation, both ways.
    const bridge = output('margin-bridge', 'bridge').bridge;
    for (const comparison of ['vs_prior_week', 'vs_last_year'] as const) {
      for (const effect of EFFECTS) expect(bridge[comparison][effect], `${comparison}.${effect}`).toBeCloseTo(truth.bridge[comparison][effect], 2);
      const b = bridge[comparison];
      expect(b.price + b.volume + b.mix + b.cost).toBeCloseTo(b.margin_change, 2);
      expect(b.mix_detail.new_sku).toBeCloseTo(truth.bridge[comparison].mix_detail.new_sku, 2);
    }

    // The planted erosions are found, each with the effect that drives it.
    const exceptions = output('flag-exceptions', 'exceptions');
    const leak = exceptions.erosions.find((e: any) => e.id === truth.planted.price_leak.customer_id);
    expect(leak).toMatchObject({ kind: 'customer', driver: 'price' });
    expect(leak.impact).toBeCloseTo(truth.planted.price_leak.impact, 2);
    const cost = exceptions.erosions.find((e: any) => e.id === truth.planted.cost_increase[0].sku);
    expect(cost).toMatchObject({ kind: 'sku', driver: 'cost' });
    expect(exceptions.below_cost.lines).toBe(truth.planted.below_cost.line_ids.length);
    expect(exceptions.below_cost.total_loss).toBeCloseTo(truth.planted.below_cost.total_loss, 2);
    const issues = JSON.parse(await (await artifact(user, runId, 'cockpit/data-issues.json')).text());
    expect(JSON.stringify(issues)).toContain(truth.planted.missing_cost[0].sku);
    expect(JSON.stringify(issues)).toContain(truth.planted.missing_category[0].sku);

    // Margin by region week over week, its seasonal trend, and what-ifs on the drivers.
    const kpis = output('outlook', 'kpis');
    const regions = kpis.dimensions.region;
    expect(regions.members).toBe(5);
    const kpiRows = (await (await artifact(user, runId, 'kpi/kpis.csv')).text()).trim().split('\n').slice(1).map((l) => l.split(','));
    const regionRevenue = kpiRows.filter(([period, dimension, , kpi]) => period === truth.reporting_week.week && dimension === 'region' && kpi === 'revenue');
    expect(regionRevenue.reduce((sum, r) => sum + Number(r[4]), 0)).toBeCloseTo(truth.weeks[truth.reporting_week.week].revenue, 1);
    const trend = output('outlook', 'trend');
    expect(['up', 'down', 'flat']).toContain(trend.total.direction);
    expect(trend.members.map((m: any) => m.member).sort()).toEqual(['Benelux', 'CEE', 'DACH', 'Nordics', 'UK & Ireland']);
    const scenarios = output('outlook', 'scenarios');
    expect(scenarios.base_period).toBe(truth.reporting_week.week);
    const price = scenarios.scenarios.find((x: any) => x.name === 'price');
    expect(price.delta.revenue).toBeCloseTo(0.02 * truth.weeks[truth.reporting_week.week].revenue_with_cost, 1);
    expect(price.delta.margin).toBeCloseTo(price.delta.revenue, 1);
    const costRise = scenarios.scenarios.find((x: any) => x.name === 'cost');
    expect(costRise.delta.margin).toBeCloseTo(-0.05 * truth.weeks[truth.reporting_week.week].cost, 1);
    for (const x of scenarios.scenarios) expect(x.delta.margin).toBeCloseTo(x.delta.revenue - x.delta.cost, 2);

    // The planted anomaly, explained by its region and then its customer, waits for a person.
    const detected = output('classify-anomalies', 'detect');
    expect(detected.anomalies.map((a: any) => a.period)).toContain(truth.planted.anomaly.week);
    const anomaly = detected.anomalies.find((a: any) => a.period === truth.planted.anomaly.week);
    expect(anomaly.text).toContain(truth.planted.anomaly.region);
    expect(run.status).toBe('waiting_for_input');
    const question = run.questions.find((q: any) => q.status === 'pending');
    expect(question.kind).toBe('grid');
    expect(question.rows.map((r: any) => r.value)).toContain(truth.planted.anomaly.week);
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: question.rows.map((r: any) => ({ row: r.value, choice: question.options[0].value })) } });
    expect(answered.status, await answered.clone().text()).toBe(200);
    run = await drive(runId, user);

    // The workbook has its seven sheets; the brief is short and carries the bridge's figures.
    const workbook = await artifact(user, runId, 'cockpit/margin-cockpit.xlsx');
    expect((await workbook.arrayBuffer()).byteLength).toBeGreaterThan(4000);
    expect(run.tool_calls.find((c: any) => c.tool_id === 'xlsx-renderer').args.sheets.map((s: any) => s.name)).toEqual(['Summary', 'Bridge', 'SKUs', 'Customers', 'Exceptions', 'Below Cost', 'Data Issues', 'KPIs', 'Scenarios']);
    const brief = output('render-cockpit', 'brief');
    expect(brief.words).toBeLessThanOrEqual(200);
    expect(brief.text).toContain(truth.planted.price_leak.customer_name.split(' ')[0]);
    expect(brief.text).not.toMatch(/@/);
    // The person's class for the anomaly travels with the brief.
    expect(brief.text).toContain(`${truth.planted.anomaly.week} `);
    expect(brief.text).toMatch(new RegExp(`${truth.planted.anomaly.week} [^;.]*: ${question.options[0].value}`));

    // The Slack message waits for approval with its exact text, then goes out once.
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: 'slack.send_message', risk: 'external_send', payload: { args: { channel } } });
    expect(approval.payload.args.text).toContain(`Margin cockpit ${truth.reporting_week.week}`);
    expect(await slackMessages(channel)).toEqual([]);
    run = await approveAndCommit(user, runId, approval);
    expect(run.status, run.status_reason).toBe('done');
    expect((await slackMessages(channel)).map((m) => m.text)).toEqual([approval.payload.args.text]);
    expect(JSON.parse(await (await artifact(user, runId, 'cockpit/delivery.json')).text())).toMatchObject({ week: truth.reporting_week.week, channel });
  });

  it('with a model chosen, the model writes the commentary the brief and the Slack post carry after the scripts\' figures', async () => {
    const user = await createTestUser('author');
    const channel = uniqueChannel('margin-model');
    const commentary = 'Price, not volume, cost the week: the discount leak at one large customer outweighed a better mix, and a supplier cost rise went unpassed. The revenue anomaly was classified as expected.';
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'kbagent.workspace_artifact', args: { path: 'cockpit/commentary.md', content: commentary } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'commentary written', outputs: { commentary: 'cockpit/commentary.md' } } }] },
    ]);
    const runId = await start(user, { slack_channel: channel }, { model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') } });
    let run = await drive(runId, user);

    // The scripted steps run as without a model, up to the anomaly question; the model has not been asked yet.
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    expect(await scenario.requests()).toHaveLength(0);
    const question = run.questions.find((q: any) => q.status === 'pending');
    const answered = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: question.id, answer: question.rows.map((r: any) => ({ row: r.value, choice: question.options[0].value })) } });
    expect(answered.status, await answered.clone().text()).toBe(200);
    run = await drive(runId, user);

    // The commentary step ran on the model: it was asked with the step's instruction and the earlier outputs.
    const step = run.steps.find((s: any) => s.id === 'commentary');
    expect(step).toMatchObject({ mode: 'agent', status: 'done', outputs: { commentary: 'cockpit/commentary.md' } });
    expect(run.steps.filter((s: any) => s.mode === 'agent').map((s: any) => s.id)).toEqual(['commentary']);
    const requests = await scenario.requests();
    expect(requests).toHaveLength(2);
    const asked = JSON.stringify(requests[0]!.body);
    expect(asked).toContain('Write cockpit/commentary.md with kbagent.workspace_artifact');
    expect(asked).toContain(truth.reporting_week.week);

    // The brief: the scripts' figures as the ground truth says, then the model's words.
    const brief = run.steps.find((s: any) => s.id === 'render-cockpit').outputs.brief;
    const k = (x: number) => thousands(x, '€');
    const sk = (x: number) => signedThousands(x, '€');
    const week = truth.weeks[truth.reporting_week.week];
    const b = truth.bridge.vs_prior_week;
    const [figures, note] = brief.text.split('\nCommentary: ');
    expect(note).toBe(commentary);
    expect(brief.commentary).toBe(commentary);
    expect(figures).toContain(`Revenue ${k(week.revenue)}, margin ${k(week.margin)}, margin rate ${(week.margin_rate * 100).toFixed(1)}%.`);
    expect(figures).toContain(`Bridge vs prior week (${sk(b.margin_change)}): price ${sk(b.price)}, volume ${sk(b.volume)}, mix ${sk(b.mix)}`);
    expect(figures).toContain(`cost ${sk(b.cost)}.`);
    expect(figures).toContain(truth.planted.price_leak.customer_name.split(' ')[0]);
    expect(figures).toMatch(new RegExp(`${truth.planted.anomaly.week} [^;.]*: ${question.options[0].value}`));
    expect(figures).not.toContain(commentary.slice(0, 20));
    expect(brief.words).toBeLessThanOrEqual(200);
    expect(await (await artifact(user, runId, 'cockpit/brief.md')).text()).toContain(`Commentary: ${commentary}`);
    // The workbook is rendered from the scripts' CSVs alone.
    expect(run.tool_calls.find((c: any) => c.tool_id === 'xlsx-renderer').args.sheets.map((s: any) => s.from.artifact)).not.toContain('cockpit/commentary.md');

    // The approver sees the figures and the model's words; exactly that text goes out.
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: 'slack.send_message', payload: { args: { channel } } });
    expect(approval.payload.args.text).toContain(`Margin cockpit ${truth.reporting_week.week}`);
    expect(approval.payload.args.text).toContain(figures);
    expect(approval.payload.args.text).toContain(`Commentary: ${commentary}`);
    run = await approveAndCommit(user, runId, approval);
    expect(run.status, run.status_reason).toBe('done');
    expect((await slackMessages(channel)).map((m) => m.text)).toEqual([approval.payload.args.text]);
    expect(run.budget.spent_usd).toBeGreaterThan(0);
  });

  it('a week the data does not hold is refused naming the weeks it does', async () => {
    const user = await createTestUser('author');
    const runId = await start(user, { week: '2023-W10', slack_channel: uniqueChannel('margin-none') });
    const run = await drive(runId, user);
    const step = run.steps.find((s: any) => s.id === 'load-week');
    expect(step.status).toBe('failed');
    expect(step.error).toMatch(/2023-W10/);
    expect(step.error).toMatch(/2026-W44/);
  });
});
