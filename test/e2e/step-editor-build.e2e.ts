/// <reference types="node" />
// Issue 18's acceptance: the controller hand-off (blueprints/product-cost-allocation.yaml) built
// from a new Playbook with the step editor's forms alone — no YAML typed anywhere — run from the UI
// to `done` (the variance grid answered, the Slack send approved, as controller-handoff.e2e.ts does),
// its saved spec deep-equal through the API to the blueprint's own (forked under the same name),
// and a switch to the YAML view and back saving the very same spec again.
// The values typed are read from the blueprint file, so the test enters exactly what it checks.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parse } from 'yaml';
import type { Locator } from 'playwright-core';
import { apiCall, freshAuthor, openBrowser, signInWith, type Browser } from './browser';
import { violations } from './axe';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');

type Json = Record<string, unknown>;
type Action = { id: string; tool: string; for_each?: string; args: Json };
type Step = { id: string; title: string; instruction: string; completion_criteria: string; on_failure: string; skills?: string[]; allowed_tools: string[]; actions: Action[] };
type Input = { name: string; type: string; label?: string; description?: string; required?: boolean; default?: unknown; options?: string[];
  options_from?: Record<string, string>; min?: number; pattern?: string; pattern_hint?: string; placeholders?: string[]; read_only?: boolean; locked?: boolean };
type Template = {
  name: string;
  description: string;
  sop: { goal: string; steps: Step[]; artifact_specs: { path: string; description?: string; content_type?: string }[] };
  inputs: Input[];
  connections: string[];
  skills: string[];
  plugins: string[];
  budget: Json;
  approval_policy: { default_ttl_seconds: number; require_body_hash_for: string[]; undo_window_seconds_for_external_send: number };
  risk_policy: Record<string, string>;
};
type Saved = { revision: number; spec: Json };

const blueprint = (parse(readFileSync(join(process.cwd(), 'blueprints/product-cost-allocation.yaml'), 'utf8')) as { playbook_template: Template }).playbook_template;
// Its own name, so the fork it is compared with can carry the same one.
const NAME = 'Cost allocation built with forms';
const truth = Papa.parse<Record<string, string>>(readFileSync(join(process.cwd(), 'sample/ground-truth/cost-variances.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
const flagged = truth.filter((t) => t.flagged === 'yes');
const REFERENCE = /^\$\{\{ ([^}]+) \}\}$/;

describe('the controller hand-off built with forms only', () => {
  let b: Browser;
  let token = '';
  let id = '';
  const get = () => apiCall<Saved>(baseUrl, token, 'GET', `playbooks/${id}`);

  beforeAll(async () => {
    token = await freshAuthor(baseUrl, tokens.admin, 'build');
    b = await openBrowser(baseUrl);
    await signInWith(b.page, token);
  });
  afterAll(() => b?.close());

  const form = () => b.page.getByRole('form', { name: 'Playbook form editor' });
  const field = (key: string) => form().locator(`[data-field="${key}"]`);
  const fill = (key: string, label: string, value: string) => field(key).getByLabel(label, { exact: true }).fill(value);
  const select = (key: string, label: string, value: string) => field(key).getByLabel(label, { exact: true }).selectOption(value);

  /**
   * One argument through the control its tool's schema generated. A reference is picked from the
   * picker (the nearest one it offers, `item` for `item.args.kind`) and, when it goes deeper than
   * the picker does, completed in the text field the pick turned the control into; the rest is typed.
   */
  async function fillArg(action: Locator, name: string, value: unknown) {
    const control = action.getByLabel(new RegExp(`^${name}( \\(optional\\))?$`));
    const wanted = typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
    if (wanted) {
      const picker = action.getByLabel(`insert reference into ${name}`, { exact: true });
      const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      const nearest = offered.filter((e) => e && (wanted === e || wanted.startsWith(`${e}.`))).sort((a, b) => b.length - a.length)[0];
      expect(nearest, `the picker offers a reference ${wanted} starts with`).toBeTruthy();
      await picker.selectOption(nearest!);
      if (nearest !== wanted) await control.fill(value as string);
      return expect(await control.inputValue()).toBe(value);
    }
    const kind = await control.evaluate((el) => (el.tagName === 'TEXTAREA' ? (el.classList.contains('textarea-code') ? 'json' : 'lines') : el.tagName === 'SELECT' ? 'select' : (el as HTMLInputElement).type));
    if (kind === 'select') await control.selectOption(String(value));
    else if (kind === 'checkbox') await control.setChecked(value === true);
    else if (typeof value === 'string') await control.fill(value);
    else if (kind === 'lines') await control.fill((value as string[]).join('\n'));
    // JSON on one line: Chromium inserts a long many-line text into a textarea very slowly.
    else await control.fill(kind === 'json' ? JSON.stringify(value) : String(value));
  }

  async function fillInput(i: number, input: Input) {
    const k = `inputs[${i}]`;
    await form().getByRole('button', { name: '+ add input' }).click();
    await fill(`${k}.name`, 'name', input.name);
    await select(`${k}.type`, 'type', input.type);
    if (input.label) await fill(`${k}.label`, 'label (optional)', input.label);
    if (input.description) await fill(`${k}.description`, 'description (optional)', input.description);
    if (input.default !== undefined) await fill(`${k}.default`, 'default', Array.isArray(input.default) ? input.default.join('\n') : String(input.default));
    if (input.options) await fill(`${k}.options`, 'options', input.options.join(', '));
    if (input.options_from) {
      const [kind] = Object.keys(input.options_from);
      await select(`${k}.options_from`, 'options from', kind!);
      for (const [key, value] of Object.entries(input.options_from)) await fill(`${k}.options_from.${key}`, `options from: ${key.replace('_', ' ')}`, value);
    }
    if (input.min !== undefined) await fill(`${k}.min`, 'min', String(input.min));
    if (input.pattern) await fill(`${k}.pattern`, 'pattern', input.pattern);
    if (input.pattern_hint) await fill(`${k}.pattern_hint`, 'pattern in words', input.pattern_hint);
    if (input.placeholders) await fill(`${k}.placeholders`, 'placeholders', input.placeholders.join(', '));
    if (input.read_only) await field(`${k}.read_only`).getByRole('checkbox').check();
    if (input.locked) await field(`${k}.locked`).getByRole('checkbox').check();
    if (input.required) await field(`${k}.required`).getByRole('checkbox').check();
  }

  async function fillStep(s: number, step: Step) {
    const k = `sop.steps[${s}]`;
    // The new Playbook's template step is the first one; the others are added.
    if (s > 0) await form().getByRole('button', { name: '+ add step' }).click();
    const group = form().getByRole('group', { name: `step ${s + 1} form` });
    await fill(`${k}.title`, 'title', step.title);
    await fill(`${k}.id`, 'step id', step.id);
    await fill(`${k}.instruction`, 'instruction', step.instruction);
    await fill(`${k}.completion_criteria`, 'completion criteria', step.completion_criteria);
    await select(`${k}.on_failure`, 'on failure', step.on_failure);
    if (step.skills) await fill(`${k}.skills`, 'skills', step.skills.join(', '));
    for (const tool of step.allowed_tools) await group.getByLabel('allowed tools', { exact: true }).selectOption(tool);
    for (const [a, action] of step.actions.entries()) {
      await group.getByLabel(`add an action to step ${s + 1}`).selectOption(action.tool);
      const item = group.getByRole('listitem', { name: new RegExp(`^action ${a + 1}\\b`) });
      await item.getByLabel('action id').fill(action.id);
      if (action.for_each) await item.getByLabel('for each (optional)').fill(action.for_each);
      for (const [name, value] of Object.entries(action.args)) await fillArg(item, name, value);
    }
    // Closed again, so the next step's labels are the only ones of their kind on the page.
    await form().getByRole('listitem', { name: new RegExp(`^step ${s + 1}:`) }).locator('.se-step-toggle').click();
  }

  test('a new Playbook, then every part of the hand-off entered through the forms and saved', async () => {
    const { page } = b;
    await page.goto('/playbooks/new');
    // The new-Playbook page starts from its template; nothing is typed into it.
    await page.getByRole('button', { name: '✓ create playbook' }).click();
    await page.getByRole('link', { name: '✎ edit form' }).click();
    id = new URL(page.url()).pathname.split('/')[2]!;
    await form().waitFor();

    await fill('name', 'name', NAME);
    await fill('description', 'description (optional)', blueprint.description);
    await fill('sop.goal', 'goal', blueprint.sop.goal);
    for (const key of ['connections', 'skills', 'plugins'] as const) await fill(key, key, blueprint[key].join(', '));
    for (const [i, input] of blueprint.inputs.entries()) await fillInput(i, input);
    for (const [s, step] of blueprint.sop.steps.entries()) await fillStep(s, step);
    expect(await form().locator('.field-error').allTextContents()).toEqual([]);

    for (const [i, artifact] of blueprint.sop.artifact_specs.entries()) {
      await form().getByRole('button', { name: '+ add output' }).click();
      const k = `sop.artifact_specs[${i}]`;
      await fill(`${k}.path`, 'path', artifact.path);
      if (artifact.description) await fill(`${k}.description`, 'description (optional)', artifact.description);
      if (artifact.content_type) await fill(`${k}.content_type`, 'content type (optional)', artifact.content_type);
    }
    const budget = blueprint.budget;
    await fill('budget.max_usd_per_run', 'max USD per run', String(budget.max_usd_per_run));
    await fill('budget.max_tokens_per_run', 'max tokens per run', String(budget.max_tokens_per_run));
    await fill('budget.max_wall_clock_seconds', 'max wall-clock seconds', String(budget.max_wall_clock_seconds));
    await select('budget.on_breach', 'on breach', String(budget.on_breach));
    const approval = blueprint.approval_policy;
    await fill('approval_policy.default_ttl_seconds', 'approval expires after (seconds)', String(approval.default_ttl_seconds));
    await fill('approval_policy.require_body_hash_for', 'approvers confirm the exact payload for', approval.require_body_hash_for.join(', '));
    await fill('approval_policy.undo_window_seconds_for_external_send', 'undo window for sends (seconds)', String(approval.undo_window_seconds_for_external_send));
    for (const [risk, decision] of Object.entries(blueprint.risk_policy)) await select(`risk_policy.${risk}`, `${risk.replace('_', ' ')} calls`, decision);
    await b.shot('step-editor-build-filled');
    // Every field the whole document needed has its label (WCAG 2.1 A/AA, as in step-editor.e2e.ts).
    expect(await violations(b.page)).toEqual([]);

    await form().getByRole('button', { name: '✓ save as revision 2' }).click();
    await page.waitForURL(`**/playbooks/${id}`);
    const saved = await get();
    expect(saved.revision).toBe(2);
    // The blueprint's own Playbook, forked under the same name: the forms entered everything it holds.
    const fork = await apiCall<{ id: string }>(baseUrl, token, 'POST', 'blueprints/product-cost-allocation/fork', { name: NAME });
    expect(saved.spec).toEqual((await apiCall<Saved>(baseUrl, token, 'GET', `playbooks/${fork.id}`)).spec);
    expect(b.problems).toEqual([]);
  });

  test('run from the UI to done: the variances classified in the grid, the Slack send approved', async () => {
    const { page } = b;
    await page.goto(`/playbooks/${id}`);
    await page.getByRole('button', { name: '⇪ publish r2' }).click();
    await page.locator('.page-header').getByText('published r2', { exact: true }).waitFor();
    await page.getByRole('link', { name: '▶ run' }).click();
    await page.locator('.field:has(#input-period):is([data-options="ready"], [data-options="failed"])').waitFor();
    const period = page.locator('#input-period');
    if (await period.evaluate((el) => el.tagName === 'SELECT')) await period.selectOption('2026-10');
    else await period.fill('2026-10');
    await page.getByRole('button', { name: '▶ start run', exact: true }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);

    const log = page.getByRole('log', { name: 'Run events' });
    const grid = log.locator('.question-card.pending').getByRole('group', { name: 'Answer each row' });
    await grid.waitFor({ timeout: 30_000 });
    for (const t of flagged) await grid.getByRole('radio', { name: `${t.product_id}: ${t.expected_classification}`, exact: true }).check();
    await log.locator('.question-card.pending').getByRole('button', { name: '✓ send answer' }).click();

    await page.getByRole('region', { name: 'Pending approval' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '⚑ review approval', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Send Slack message to #finance-controlling' });
    await dialog.getByText('✓ verified').waitFor();
    await dialog.getByRole('button', { name: '✓ approve & send' }).click();
    await expect.poll(() => page.locator('.page-header .run-status .status').textContent(), { timeout: 30_000 }).toBe('done');
    await b.shot('step-editor-build-run-done');
    expect(b.problems).toEqual([]);
  });

  test('to the YAML view and back, then saved: the spec through the API is the same', async () => {
    const before = await get();
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    await form().waitFor();
    await b.page.getByRole('tab', { name: 'yaml' }).click();
    await b.page.locator('#playbook-yaml').waitFor();
    await b.page.getByRole('tab', { name: 'form' }).click();
    await form().getByRole('button', { name: `✓ save as revision ${before.revision + 1}` }).click();
    await b.page.waitForURL(`**/playbooks/${id}`);
    const after = await get();
    expect(after.revision).toBe(before.revision + 1);
    expect(after.spec).toEqual(before.spec);
    expect(b.problems).toEqual([]);
  });
});
