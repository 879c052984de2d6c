/// <reference types="node" />
// Typed run inputs in the browser (issue: "bad inputs fail late"). The controller hand-off's run
// form offers the periods present in the sample's GL costs with the newest, 2026-10, preselected;
// a default the project does not have is replaced, and the form says so; bad values typed into
// other fields come back as one 422 shown on each field, in words, with nothing else on the page
// changed and no run created. The pickers need GET …/inputs/{name}/options mounted (src/api/app.ts)
// and the existence checks need startRun to call validateInputsForRun; the 422 test is made only of
// checks validateRunInputs already does, so it passes before that wiring too. It starts its own app.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;

const api = <T>(method: string, path: string, body?: unknown, contentType?: string) => apiCall<T>(baseUrl, tokens.author, method, path, body, contentType);

const signIn = (page: Page) => signInWith(page, tokens.author);

/** Waits until the input's options have answered (or failed), so the picker is what it will stay. */
const optionsSettled = (page: Page, name: string) => page.locator(`.field:has(#input-${name}):is([data-options="ready"], [data-options="failed"])`).waitFor();
const selectedValues = (page: Page, name: string) =>
  page.locator(`#input-${name} option:checked`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
const optionValues = (page: Page, name: string) =>
  page.locator(`#input-${name} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

describe('run inputs: pickers from the project, every bad value shown on its field', () => {
  let author: Browser;
  let playbookId = '';
  const runsOfPlaybook = async () => (await api<{ runs: unknown[] }>('GET', `runs?playbook_id=${playbookId}`)).runs;

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    author = await openBrowser(baseUrl);
    await signIn(author.page);
    playbookId = (await api<{ id: string }>('POST', 'blueprints/product-cost-allocation/fork', { name: 'Allocation inputs' })).id;
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('the period picker offers the periods present, 2026-10 preselected; tables and choices are pickers too', async () => {
    const { page } = author;
    await page.goto(`/playbooks/${playbookId}/run`);
    for (const name of ['period', 'prior_period', 'source_tables', 'cost_table']) await optionsSettled(page, name);
    expect(await page.locator('#input-period').evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await optionValues(page, 'period')).toEqual(['2026-10', '2026-09']);
    expect(await page.locator('#input-period').inputValue()).toBe('2026-10');
    expect(await optionValues(page, 'prior_period')).toEqual(['', 'previous', '2026-10', '2026-09']);
    expect(await page.locator('#input-prior_period').inputValue()).toBe('previous');
    expect(await selectedValues(page, 'source_tables')).toEqual(['in.c-finance.allocation_drivers', 'in.c-finance.gl_costs', 'in.c-finance.product_master']);
    expect(await page.locator('#input-cost_table').inputValue()).toBe('in.c-finance.gl_costs');
    expect(await page.locator('#input-variance_threshold_pct').getAttribute('min')).toBe('0');
    expect(await page.locator('.field:has(#input-period) .field-note').count()).toBe(0);
    await author.shot('90-inputs-pickers');
    expect(author.problems).toEqual([]);
  });

  test('bad values in other fields: one 422, each issue on its field, nothing else changed, no run', async () => {
    const { page } = author;
    // Made only of declaration checks, so it passes with or without the pickers: the period is
    // chosen, or typed when the options route is not mounted yet.
    await optionsSettled(page, 'period');
    const period = page.locator('#input-period');
    if (await period.evaluate((el) => el.tagName === 'SELECT')) await period.selectOption('2026-10');
    else await period.fill('2026-10');
    await page.locator('#input-variance_threshold_pct').fill('-5');
    await page.locator('#input-cost_tolerance').fill('-0.5');
    await page.locator('#input-slack_channel').fill('finance controlling');
    await page.locator('#input-allocation_sql').fill('DELETE FROM "in.c-finance.gl_costs"');
    await page.getByRole('button', { name: '▶ start run' }).click();

    const error = (name: string) => page.locator(`#input-${name}-error`);
    await error('variance_threshold_pct').waitFor();
    expect(await error('variance_threshold_pct').textContent()).toBe('Variance threshold (%) must be at least 0 (got -5)');
    expect(await error('cost_tolerance').textContent()).toBe('Reconciliation tolerance must be at least 0 (got -0.5)');
    expect(await error('slack_channel').textContent()).toBe(
      'Slack channel must be a Slack channel such as #finance-controlling or a channel id such as C0123456789 (got "finance controlling")',
    );
    expect(await error('allocation_sql').textContent()).toMatch(/^Allocation SQL must only read data: DELETE removes rows from .*; must use :period outside strings and comments$/);
    await page.getByRole('alert').filter({ hasText: '4 inputs need attention · the run did not start' }).waitFor();
    expect(await page.locator('.field-invalid').count()).toBe(4);
    for (const name of ['variance_threshold_pct', 'cost_tolerance', 'slack_channel', 'allocation_sql']) {
      expect(await page.locator(`#input-${name}`).getAttribute('aria-invalid'), name).toBe('true');
    }
    // Nothing else moved: still the form, the picks and the typed values as they were.
    expect(new URL(page.url()).pathname).toBe(`/playbooks/${playbookId}/run`);
    expect(await page.locator('#input-period').inputValue()).toBe('2026-10');
    expect(await page.locator('#input-slack_channel').inputValue()).toBe('finance controlling');
    expect(await runsOfPlaybook()).toEqual([]);
    await page.locator('#input-variance_threshold_pct').scrollIntoViewIfNeeded();
    await author.shot('91-inputs-422-on-fields');
  });

  test('a default the project does not have is replaced by the newest period, and the form says so', async () => {
    const { page } = author;
    const { spec } = await api<{ spec: { inputs: { name: string }[] } }>('GET', `playbooks/${playbookId}`);
    const inputs = spec.inputs.map((i) => (i.name === 'period' ? { ...i, default: '2025-09' } : i));
    await api('PATCH', `playbooks/${playbookId}`, { inputs }, 'application/merge-patch+json');
    await page.goto(`/playbooks/${playbookId}/run`);
    await optionsSettled(page, 'period');
    expect(await page.locator('#input-period').inputValue()).toBe('2026-10');
    expect(await page.locator('#input-period-note').textContent()).toBe('2025-09 is not among the values present (2026-10, 2026-09); 2026-10 is selected instead');
    await author.shot('92-inputs-default-replaced');

    await page.getByRole('button', { name: '▶ start run' }).click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    expect(await runsOfPlaybook()).toHaveLength(1);
    expect(author.problems).toEqual([]);
  });
});
