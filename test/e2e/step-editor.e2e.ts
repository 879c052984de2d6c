/// <reference types="node" />
// Issue 18, the step editor: a Playbook's steps edited through forms alone. A step with an allowed
// tool (picked from the live registry, its risk class shown) and an action whose arguments are filled
// through the form generated from the tool's JSON schema, with a reference picked from an input, saves
// as a new revision; a reference that points nowhere is flagged at its action before any save;
// switching to the YAML view and back loses nothing (GET /playbooks/{id} deep-equal); a value the API
// refuses shows the API's message next to the field that caused it.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, freshAuthor, openBrowser, signInWith, type Browser } from './browser';
import { violations } from './axe';
import { readYaml, writeYaml } from './yaml-text';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
let authorToken = '';

const PLAYBOOK = {
  name: 'Step editor check: table preview',
  description: 'Made by step-editor.e2e.ts',
  sop: {
    goal: 'Preview a table the run is given',
    steps: [{ id: 'note', title: 'Write a note', instruction: 'Write it.', completion_criteria: 'written', allowed_tools: ['kbagent.workspace_artifact'],
      actions: [{ tool: 'kbagent.workspace_artifact', args: { path: 'note.txt', content: 'hello' } }] }],
  },
  budget: { max_usd_per_run: 1 },
  // A part of the document the form has no field for: it must pass through every save untouched.
  tool_policies: { 'keboola.storage.tables': 'allow' },
};

type Spec = { sop: { steps: { id: string; title: string; allowed_tools: string[]; actions?: { id?: string; tool: string; args: object }[] }[] }; inputs: { name: string }[]; tool_policies?: unknown };
type Saved = { revision: number; spec: Spec };

describe('the step editor', () => {
  let b: Browser;
  let id = '';
  const get = () => apiCall<Saved>(baseUrl, authorToken, 'GET', `playbooks/${id}`);

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'steps');
    id = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', PLAYBOOK)).id;
    b = await openBrowser(baseUrl);
    await signInWith(b.page, authorToken);
  });
  afterAll(() => b?.close());

  const form = () => b.page.getByRole('form', { name: 'Playbook form editor' });
  const field = (key: string) => form().locator(`[data-field="${key}"]`);
  const step2 = () => form().getByRole('group', { name: 'step 2 form' });
  const saveButton = () => form().getByRole('button', { name: /^✓ save as revision/ });

  test('with forms only: an input, a step with an allowed tool and an action whose args come from the generated form', async () => {
    await b.page.goto(`/playbooks/${id}`);
    await b.page.getByRole('link', { name: '✎ edit form' }).click();
    await form().waitFor();
    expect(await b.page.getByRole('tab', { name: 'form' }).getAttribute('aria-selected')).toBe('true');

    await form().getByRole('button', { name: '+ add input' }).click();
    await field('inputs[0].name').getByLabel('name').fill('source_table');
    await field('inputs[0].label').getByLabel('label (optional)').fill('Table to preview');
    await field('inputs[0].default').getByLabel('default').fill('in.c-sales.weekly_lines');
    await field('inputs[0].required').getByLabel('required').check();

    await form().getByRole('button', { name: '+ add step' }).click();
    await step2().getByLabel('title').fill('Preview the table');
    await step2().getByLabel('step id').fill('preview');
    await step2().getByLabel('instruction').fill('Preview the table the run was given.');
    await step2().getByLabel('completion criteria').fill('previewed');
    await step2().getByLabel('allowed tools', { exact: true }).selectOption('keboola.storage.tables');
    const allowed = step2().getByRole('list', { name: 'allowed tools of step 2' });
    await expect.poll(() => allowed.textContent()).toMatch(/keboola\.storage\.tables\s*read/);

    await step2().getByLabel('add an action to step 2').selectOption('keboola.storage.tables');
    const action = step2().getByRole('listitem', { name: /^action 1/ });
    await action.getByLabel('action id').fill('rows');
    // The generated form: an enum is a select, an integer a text field, a string a text field with a reference picker.
    await action.getByLabel('action', { exact: true }).selectOption('preview');
    // A chosen value keeps its select (it is not mistaken for a reference written as text).
    expect(await action.getByLabel('action', { exact: true }).evaluate((el) => el.tagName)).toBe('SELECT');
    await action.getByLabel('limit (optional)').fill('50');

    // A reference to an input that does not exist is flagged at the action's arguments, before any save.
    await action.getByLabel('table_id (optional)').fill('${{ inputs.nope }}');
    await expect.poll(() => action.locator('[data-field="sop.steps[1].actions[0].args"]').textContent()).toMatch(/inputs\.nope.*names no declared input/);

    // The picker offers the input (and nothing of a later step): picking it writes the reference.
    await action.getByLabel('table_id (optional)').fill('');
    const picker = action.getByLabel('insert reference into table_id');
    const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('inputs.source_table');
    expect(offered.some((v) => v.startsWith('steps.preview'))).toBe(false);
    await picker.selectOption('inputs.source_table');
    expect(await action.getByLabel('table_id (optional)').inputValue()).toBe('${{ inputs.source_table }}');
    await expect.poll(() => action.locator('[data-field="sop.steps[1].actions[0].args"]').count()).toBe(0);
    await b.shot('step-editor-filled');
    // Every generated control has its label; the open step form passes axe (WCAG 2.1 A/AA).
    expect(await violations(b.page)).toEqual([]);

    await saveButton().click();
    await b.page.waitForURL(`**/playbooks/${id}`);
    const saved = await get();
    expect(saved.revision).toBe(2);
    expect(saved.spec.inputs).toEqual([expect.objectContaining({ name: 'source_table', label: 'Table to preview', default: 'in.c-sales.weekly_lines', required: true })]);
    const step = saved.spec.sop.steps[1]!;
    expect(step).toEqual(expect.objectContaining({ id: 'preview', title: 'Preview the table', allowed_tools: ['keboola.storage.tables'] }));
    expect(step.actions).toEqual([{ id: 'rows', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: '${{ inputs.source_table }}', limit: 50 } }]);
    expect(saved.spec.tool_policies).toEqual({ 'keboola.storage.tables': 'allow' });
  });

  test('form → YAML → form loses nothing: edits made in either view are saved, the rest is identical', async () => {
    const before = await get();
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    await form().getByRole('button', { name: /Preview the table/ }).click();
    await step2().getByLabel('title').fill('Preview the given table');

    await b.page.getByRole('tab', { name: 'yaml' }).click();
    // Through CodeMirror once it is in: filling the stand-in textarea races the editor replacing it.
    const text = await readYaml(b.page);
    expect(text).toContain('title: Preview the given table');
    await writeYaml(b.page, text.replace('completion_criteria: previewed', 'completion_criteria: the preview is in the run'));

    await b.page.getByRole('tab', { name: 'form' }).click();
    await form().getByRole('button', { name: /Preview the given table/ }).click();
    expect(await step2().getByLabel('completion criteria').inputValue()).toBe('the preview is in the run');
    expect(await step2().getByLabel('title').inputValue()).toBe('Preview the given table');
    await saveButton().click();
    await b.page.waitForURL(`**/playbooks/${id}`);

    const after = await get();
    expect(after.revision).toBe(before.revision + 1);
    const expected = structuredClone(before.spec);
    Object.assign(expected.sop.steps[1]!, { title: 'Preview the given table', completion_criteria: 'the preview is in the run' });
    expect(after.spec).toEqual(expected);

    // A switch with no edit at all, then a save: the document is the same.
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    await b.page.getByRole('tab', { name: 'yaml' }).click();
    await b.page.locator('#playbook-yaml').waitFor();
    await b.page.getByRole('tab', { name: 'form' }).click();
    await saveButton().click();
    await b.page.waitForURL(`**/playbooks/${id}`);
    const again = await get();
    expect(again.revision).toBe(after.revision + 1);
    expect(again.spec).toEqual(after.spec);
  });

  test('values the API refuses show its message next to the field that caused them; nothing is saved', async () => {
    const before = await get();
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    // A tool id no registry could hold, written in the YAML view: the API's path is sop.steps[1].allowed_tools[0].
    await b.page.getByRole('tab', { name: 'yaml' }).click();
    const text = await readYaml(b.page);
    expect(text).toContain('- keboola.storage.tables');
    await writeYaml(b.page, text.replace('- keboola.storage.tables', '- "Keboola Tables!"'));
    await b.page.getByRole('tab', { name: 'form' }).click();
    await form().getByLabel('max USD per run').fill('-1');
    await saveButton().click();

    await form().getByRole('alert', { name: 'Validation issues' }).waitFor();
    const budget = field('budget.max_usd_per_run');
    await expect.poll(() => budget.locator('.field-error').textContent()).toMatch(/must be/);
    expect(await budget.getByLabel('max USD per run').getAttribute('aria-invalid')).toBe('true');
    // The step with the refused tool opens by itself; the message sits under its allowed tools.
    const tools = field('sop.steps[1].allowed_tools');
    await expect.poll(() => tools.locator('.field-error').count()).toBe(1);
    expect(await tools.textContent()).toMatch(/not in registry/);
    expect(await form().textContent()).not.toMatch(/sop\.steps\[1\]/);
    await b.shot('step-editor-refused');
    expect(await violations(b.page)).toEqual([]);

    // Editing the field takes its refusal away; the Playbook is unchanged.
    await budget.getByLabel('max USD per run').fill('2');
    await expect.poll(() => budget.locator('.field-error').count()).toBe(0);
    expect((await get()).revision).toBe(before.revision);
    expect(b.problems).toEqual([]);
  });

  test('the trigger form mounted under the form editor saves its own revision and the unsaved form edits survive it', async () => {
    const before = await get();
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    await form().getByRole('button', { name: /Preview the given table/ }).click();
    await step2().getByLabel('instruction').fill('Preview the table, then stop.');
    await b.page.getByRole('button', { name: '+ add trigger' }).click();
    await b.page.getByRole('form', { name: 'Add trigger' }).getByRole('button', { name: '✓ add trigger' }).click();
    await b.page.getByRole('status').filter({ hasText: `saved as revision ${before.revision + 1}` }).waitFor();
    await expect.poll(() => saveButton().textContent()).toBe(`✓ save as revision ${before.revision + 2}`);
    expect(await step2().getByLabel('instruction').inputValue()).toBe('Preview the table, then stop.');
    await saveButton().click();
    await b.page.waitForURL(`**/playbooks/${id}`);
    const after = await apiCall<Saved & { spec: { triggers: { type: string }[] } }>(baseUrl, authorToken, 'GET', `playbooks/${id}`);
    expect(after.revision).toBe(before.revision + 2);
    expect(after.spec.triggers.map((t) => t.type)).toContain('cron');
    expect((after.spec.sop.steps[1] as unknown as { instruction: string }).instruction).toBe('Preview the table, then stop.');
  });

  test('a real blueprint (the controller hand-off) opens in the form with no false flag; a reorder that breaks a reference is flagged; it saves back identical', async () => {
    const forked = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'blueprints/product-cost-allocation/fork', { name: 'Step editor: allocation' })).id;
    const before = await apiCall<Saved>(baseUrl, authorToken, 'GET', `playbooks/${forked}`);
    await b.page.goto(`/playbooks/${forked}/edit?view=form`);
    await form().waitFor();
    const toggles = form().locator('.se-step-toggle');
    const count = await toggles.count();
    expect(count).toBe(before.spec.sop.steps.length);
    for (let i = 0; i < count; i++) await toggles.nth(i).click();
    // Nested arguments (the workbook's sheets) fall back to JSON; the step's tool patterns are read, not flagged.
    const workbook = form().getByRole('listitem', { name: /^action \d+ \(workbook\)/ });
    expect(await workbook.getByLabel(/^sheets/).inputValue()).toContain('"name": "Allocation"');
    expect(await form().locator('.se-tools').first().textContent()).toMatch(/pattern · \d+ tools/);
    expect(await form().locator('.field-error').count()).toBe(0);

    // Reordered with the keyboard, the reconciliation now reads a later step: flagged at its action at once.
    await form().getByRole('button', { name: 'move step 2 up' }).focus();
    await b.page.keyboard.press('Enter');
    await expect.poll(() => form().locator('.se-step-toggle').first().textContent()).toMatch(/Check that allocated cost equals actual cost/);
    const flagged = field('sop.steps[0].actions[0].args');
    await expect.poll(() => flagged.textContent()).toMatch(/steps\.run-allocation\.outputs.*must name an earlier step/);
    expect(await form().getByRole('listitem', { name: /^step 1:/ }).textContent()).toMatch(/needs attention/);
    await form().getByRole('button', { name: 'move step 1 down' }).focus();
    await b.page.keyboard.press('Enter');
    await expect.poll(() => form().locator('.field-error').count()).toBe(0);

    await saveButton().click();
    await b.page.waitForURL(`**/playbooks/${forked}`);
    const after = await apiCall<Saved>(baseUrl, authorToken, 'GET', `playbooks/${forked}`);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.spec).toEqual(before.spec);
    expect(b.problems).toEqual([]);
  });

  test('a flow that calls another Playbook and branches on on_failure is drawn as a graph, each branch in words, the called Playbook named and linked', async () => {
    const called = await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', { ...PLAYBOOK, name: 'Fix the data', tool_policies: {} });
    const step = (id: string, on_failure: string, extra: object = {}) => ({ id, title: `Step ${id}`, instruction: 'Do it.', completion_criteria: 'done', on_failure, ...extra });
    const graph = await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', {
      name: 'Step editor check: branches',
      sop: {
        goal: 'Branch',
        sub_playbooks: [called.id],
        steps: [step('load', 'call_subagent', { subagent: called.id }), step('check', 'ask_user'), step('extra', 'skip'), step('send', 'abort')],
      },
      budget: { max_usd_per_run: 1 },
    });
    await b.page.goto(`/playbooks/${graph.id}`);
    const flow = b.page.getByRole('list', { name: 'Step flow' });
    const row = (n: number) => flow.getByRole('listitem', { name: new RegExp(`^step ${n}:`) });
    // The called Playbook is named once its record answers (its id until then).
    await expect.poll(() => row(1).textContent()).toMatch(/on failure → calls Playbook Fix the data/);
    const link = row(1).getByRole('link', { name: 'Fix the data' });
    expect(await link.getAttribute('href')).toBe(`/playbooks/${called.id}`);
    expect(await row(2).textContent()).toMatch(/on failure → asks the person running it/);
    expect(await row(3).textContent()).toMatch(/on failure → step 4 \(Step send\)/);
    // abort (the run stops) draws no branch.
    expect(await row(4).locator('.flow-branch').count()).toBe(0);
    expect(await flow.locator('.flow-branch').count()).toBe(3);
    await flow.scrollIntoViewIfNeeded();
    await b.shot('step-editor-flow-graph');
    expect(await violations(b.page)).toEqual([]);

    // The editor's flow draws the same branches, and one chosen in a step's form appears at once.
    await b.page.goto(`/playbooks/${graph.id}/edit?view=form`);
    const steps = form().getByRole('list', { name: 'steps in order' });
    await expect.poll(() => steps.getByRole('listitem', { name: /^step 1:/ }).locator('.flow-branch').textContent()).toMatch(/calls Playbook Fix the data/);
    await form().getByRole('button', { name: /Step send/ }).click();
    await form().getByRole('group', { name: 'step 4 form' }).getByLabel('on failure').selectOption('call_subagent');
    await form().getByRole('group', { name: 'step 4 form' }).getByLabel('subagent (a sub-playbook id)').fill(called.id);
    await expect.poll(() => steps.getByRole('listitem', { name: /^step 4:/ }).locator('.flow-branch').first().textContent()).toMatch(/on failure → calls Playbook Fix the data/);
    expect(b.problems).toEqual([]);
  });
});
