import { describe, expect, it } from 'vitest';
import * as templates from '../../skills/assistant-design/scripts/templates';
import * as draft from '../../skills/assistant-design/scripts/draft';
import * as dryRead from '../../skills/assistant-design/scripts/dry_read';
import * as finalize from '../../skills/assistant-design/scripts/finalize';
import { describe as described, mentionedColumns, scheduleOf } from '../../skills/assistant-design/lib/description';
import { recommend } from '../../skills/assistant-design/lib/templates';
import { unifiedDiff } from '../../src/playbooks/diff';
import { sizeBudget } from '../../skills/assistant-design/lib/governance';
import { judge } from '../../skills/assistant-design/lib/review';
import { applyChanges } from '../../skills/assistant-design/lib/revise';
import { toolRegistry } from '../../src/tools/registry';
import { sha256Hex } from '../../src/broker/canonical';
import { parseYaml, toYaml } from '../../src/yaml';
import { memoryScriptContext } from './script-context';

const REGISTRY = [...toolRegistry().values()].map((t) => t.manifest);
const TABLES = [
  { id: 'in.c-crm.deals', name: 'deals', bucket: 'in.c-crm', columns: ['deal_id', 'DealName', 'Amount', 'Region', 'CloseDate'], primary_key: ['deal_id'], rows_count: 12, last_import_date: null },
  { id: 'in.c-erp.orders', name: 'orders', bucket: 'in.c-erp', columns: ['deal_id', 'Amount', 'Region'], primary_key: [], rows_count: 9, last_import_date: null },
];

function workspace(): Record<string, string> {
  return {
    'design/storage-tables.json': JSON.stringify({ tables: TABLES }),
    'design/registry.json': JSON.stringify({ tools: REGISTRY, count: REGISTRY.length, truncated: false }),
  };
}

describe('skill assistant-design: reading a task description', () => {
  it('finds schedules, with time, days and zone', () => {
    expect(scheduleOf('Every Monday check the deals')).toMatchObject({ expression: '0 7 * * 1', timezone: 'UTC' });
    expect(scheduleOf('On weekdays at 8:30 Europe/Prague')).toMatchObject({ expression: '30 8 * * 1-5', timezone: 'Europe/Prague' });
    expect(scheduleOf('daily at 6pm')?.expression).toBe('0 18 * * *');
    expect(scheduleOf('every Tuesday and Thursday')?.expression).toBe('0 7 * * 2,4');
    expect(scheduleOf('monthly, on the first of the month')?.expression).toBe('0 7 1 * *');
    expect(scheduleOf('hourly')?.expression).toBe('0 * * * *');
    expect(scheduleOf('check the deals')).toBeNull();
  });

  it('finds tables, buckets, the channel and a table-update trigger; columns by their words', () => {
    expect(described('When in.c-crm.deals is updated, copy it to out.c-share and tell #deal-desk.')).toEqual({ tables: ['in.c-crm.deals'], buckets: ['out.c-share'], channel: '#deal-desk', schedule: null, on_table_update: true });
    expect(mentionedColumns('deals with missing close dates or no deal name', TABLES[0]!.columns)).toEqual(['DealName', 'CloseDate']);
    expect(mentionedColumns('sum the amount by region', TABLES[0]!.columns)).toEqual(['Amount', 'Region']);
  });

  it('recommends by keywords and shape; ties keep the catalogue order', () => {
    expect(recommend('check for missing close dates', []).ranked[0]).toBe('quality-check');
    expect(recommend('compare in.c-crm.deals with in.c-erp.orders', ['in.c-crm.deals', 'in.c-erp.orders']).ranked[0]).toBe('reconcile');
    expect(recommend('every week total the amount by region', []).ranked[0]).toBe('kpi-digest');
    expect(recommend('put the deals into out.c-share', []).ranked[0]).toBe('export-table');
    expect(recommend('do something useful', []).ranked).toEqual(['quality-check', 'kpi-digest', 'reconcile', 'export-table']);
  });

  it('templates: a radio question with the recommended template first, passed on as is', async () => {
    const out = await templates.run(templates.args.parse({ task_description: 'Compare in.c-crm.deals with in.c-erp.orders weekly' }), memoryScriptContext({}));
    expect(out.recommended).toBe('reconcile');
    expect(out.question.kind).toBe('radio');
    expect(out.question.options[0]).toMatchObject({ value: 'reconcile', label: expect.stringMatching(/\(recommended\)$/) });
    expect(out.question.options.map((o) => o.value).sort()).toEqual(['export-table', 'kpi-digest', 'quality-check', 'reconcile']);
  });
});

describe('skill assistant-design: governance', () => {
  it('sizes the budget from the step count, under the ceiling', () => {
    // 4 steps: 192,000 tokens → 200,000; at $2/$10 per M (80/20) = $0.72, ×1.5 = $1.08.
    expect(sizeBudget(4, 2)).toMatchObject({ max_tokens_per_run: 200_000, max_usd_per_run: 1.08, max_wall_clock_seconds: 3600 });
    expect(sizeBudget(4, 0.5).max_usd_per_run).toBe(0.5);
    expect(sizeBudget(2, 2)).toMatchObject({ max_tokens_per_run: 100_000, max_usd_per_run: 0.54, max_wall_clock_seconds: 1800 });
  });

  it('a unified diff: hunks with context, line numbers, nothing for equal texts', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const b = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    expect(unifiedDiff(a, a, { from: 'a', to: 'b' })).toEqual({ text: '', added: 0, removed: 0 });
    expect(unifiedDiff(a, b, { from: 'a/x', to: 'b/x' }, 2).text).toBe(['--- a/x', '+++ b/x', '@@ -1,4 +1,4 @@', ' a', '-b', '+B', ' c', ' d', '@@ -9,2 +9,3 @@', ' i', ' j', '+k', ''].join('\n'));
    expect(unifiedDiff('', 'x\ny\n', { from: '/dev/null', to: 'b/x' }).text).toBe('--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });

  it('judges drafts: registry, manual trigger, ceiling, explicit floors, skills of skill tools', async () => {
    const files = workspace();
    await draft.run(draft.args.parse({ template: 'kpi-digest', task_description: 'Every Monday total the Amount of in.c-crm.deals by Region for #sales' }), memoryScriptContext(files));
    const doc = parseYaml(files['drafts/playbook.yaml']!) as any;
    expect(judge(toYaml(doc), REGISTRY, 2)).toMatchObject({ valid: true, errors: [] });
    doc.triggers = doc.triggers.filter((t: any) => t.type !== 'manual');
    doc.budget.max_usd_per_run = 5;
    delete doc.risk_policy.destructive;
    doc.sop.steps[1].allowed_tools.push('skill.process-mining.discover');
    doc.sop.steps[1].actions[0].tool = 'slack.send_message';
    expect(judge(toYaml(doc), REGISTRY, 2).errors).toEqual([
      { path: 'sop.steps[1].actions[0].tool', message: '"slack.send_message" is not in the step\'s allowed_tools, so the Broker would refuse the call' },
      { path: 'triggers', message: 'needs a manual trigger, so a person can always run it' },
      { path: 'budget.max_usd_per_run', message: '5 is above the ceiling of 2 USD per run' },
      { path: 'risk_policy.destructive', message: 'must be set (approve or stricter), so no tenant default can loosen it' },
      { path: 'sop.steps[1].allowed_tools[1]', message: '"skill.process-mining.discover" belongs to skill "process-mining", which the Playbook\'s skills do not list' },
    ]);
    expect(judge('name: [unclosed', REGISTRY, 2)).toMatchObject({ valid: false, errors: [{ path: '(document)', message: expect.stringMatching(/not valid YAML/) }] });
  });
});

describe('skill assistant-design: drafting every template', () => {
  it('each template drafts a document that validates, from the inventory alone', async () => {
    const cases = [
      ['quality-check', 'Check in.c-crm.deals for missing close dates and tell #deal-desk', ['CloseDate']],
      ['kpi-digest', 'Total the amount of in.c-crm.deals by region every week for #sales', ['Amount', 'Region']],
      ['reconcile', 'Reconcile in.c-crm.deals with in.c-erp.orders on amount', ['Amount']],
      ['export-table', 'Copy in.c-crm.deals to out.c-share', []],
    ] as const;
    for (const [template, task, columns] of cases) {
      const files = workspace();
      const out = await draft.run(draft.args.parse({ template, task_description: task }), memoryScriptContext(files));
      expect(out.columns, template).toEqual(columns);
      expect(judge(files['drafts/playbook.yaml']!, REGISTRY, 2), template).toMatchObject({ valid: true, errors: [] });
      expect(files['design/risk-review.md'], template).toContain('| keboola.storage.tables | read | export | allow: runs without asking |');
    }
    const files = workspace();
    await draft.run(draft.args.parse({ template: 'export-table', task_description: 'Copy in.c-crm.deals to out.c-share' }), memoryScriptContext(files));
    expect(files['design/risk-review.md']).toContain('| keboola.storage.write | write | write | dry_run_then_approve: a person approves each call after seeing its dry run |');
    const doc = parseYaml(files['drafts/playbook.yaml']!) as any;
    expect(doc.sop.steps.find((s: any) => s.id === 'write').actions[0].args).toEqual({ table_id: '${{ inputs.target_bucket }}.deals', artifact: 'reports/export.csv', incremental: true, primary_key: ['deal_id'] });
    expect(doc.inputs.find((i: any) => i.name === 'target_bucket').default).toBe('out.c-share');
  });

  it('names what is missing: an unknown table, a second table for a reconciliation', async () => {
    await expect(draft.run(draft.args.parse({ template: 'quality-check', task_description: 'Check in.c-crm.leads' }), memoryScriptContext(workspace()))).rejects.toThrow(/in\.c-crm\.leads is not in the project; it has in\.c-crm\.deals, in\.c-erp\.orders/);
    await expect(draft.run(draft.args.parse({ template: 'reconcile', task_description: 'Reconcile in.c-crm.deals' }), memoryScriptContext(workspace()))).rejects.toThrow(/needs 2 tables; the description names in\.c-crm\.deals/);
  });

  it('the dry read fails naming a column the table lacks', async () => {
    const files: Record<string, string> = {};
    const previews = [{ table_id: 'in.c-crm.deals', columns: ['deal_id', 'Amount'], row_count: 2, csv: 'deal_id,Amount\n1,5\n2,\n' }];
    await expect(dryRead.run(dryRead.args.parse({ previews, reads: [{ table: 'in.c-crm.deals', columns: ['deal_id', 'CloseDate'] }] }), memoryScriptContext(files))).rejects.toThrow('The dry read failed: in.c-crm.deals: no column(s) CloseDate');
    expect(JSON.parse(files['design/dry-read.json']!).passed).toBe(false);
    const ok = await dryRead.run(dryRead.args.parse({ previews, reads: [{ table: 'in.c-crm.deals', columns: ['deal_id', 'Amount'] }] }), memoryScriptContext(files));
    expect(ok.checks[0]).toMatchObject({ passed: true, filled: { deal_id: 2, Amount: 1 } });
  });
});

describe('skill assistant-design: the review', () => {
  it('applies revisions line by line and refuses what it does not understand', () => {
    const doc = { name: 'x', budget: { max_usd_per_run: 1 }, inputs: [{ name: 'slack_channel', default: '#a' }], triggers: [{ type: 'manual' }], sop: { steps: [{ id: 'a' }, { id: 'b' }] } };
    const { doc: next, applied } = applyChanges(doc, 'name: y\nbudget: $0.4\nschedule: 0 8 * * 1\ntimezone: Europe/Prague\nchannel: #b\nremove step b');
    expect(next).toEqual({ name: 'y', budget: { max_usd_per_run: 0.4 }, inputs: [{ name: 'slack_channel', default: '#b' }], triggers: [{ type: 'manual' }, { type: 'cron', id: 'schedule', expression: '0 8 * * 1', timezone: 'Europe/Prague' }], sop: { steps: [{ id: 'a' }] } });
    expect(applied).toHaveLength(6);
    expect(doc.name).toBe('x'); // the original is untouched
    expect(applyChanges(next, 'no schedule').doc.triggers).toEqual([{ type: 'manual' }]);
    expect(() => applyChanges(doc, 'make it better')).toThrow(/cannot apply "make it better": write one change per line as name: <text>/);
    expect(() => applyChanges(doc, 'timezone: UTC')).toThrow(/has no schedule/);
    expect(() => applyChanges(doc, 'remove step zzz')).toThrow(/the draft's steps are a, b/);
    expect(() => applyChanges(doc, '  ')).toThrow(/without changes/);
  });

  it('finalize: accept hands over the reviewed hash; discard hands over nothing; an invalid revision is not saved', async () => {
    const files = workspace();
    await draft.run(draft.args.parse({ template: 'quality-check', task_description: 'Check in.c-crm.deals for missing close dates and tell #deal-desk' }), memoryScriptContext(files));
    const reviewed = files['drafts/playbook.yaml']!;
    const accepted = await finalize.run(finalize.args.parse({ answer: 'accept', answered_by: 'ana' }), memoryScriptContext(files));
    expect(accepted.create).toEqual([{ path: 'drafts/playbook.yaml', sha256: sha256Hex(reviewed) }]);
    expect(JSON.parse(files['design/review.json']!)).toMatchObject({ decision: 'accept', decided_by: 'ana' });
    expect((await finalize.run(finalize.args.parse({ answer: 'discard', changes: 'not needed' }), memoryScriptContext(files))).create).toEqual([]);
    await expect(finalize.run(finalize.args.parse({ answer: 'revise', changes: 'budget: 50' }), memoryScriptContext(files))).rejects.toThrow(/budget\.max_usd_per_run: 50 is above the ceiling of 2 USD per run/);
    expect(files['drafts/playbook.yaml']).toBe(reviewed);
  });
});
