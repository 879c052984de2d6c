/// <reference types="node" />
// Acceptance scenario B (spec §10, issue 7) in the browser, with two people: the author (dana)
// forks product-cost-allocation from the catalogue, puts her SQL in through the YAML editor and
// shares the Playbook with the controller (carl). Carl, in his own browser, sees only that
// Playbook, runs it with her SQL (locked: read-only in his form, a 403 through the API), classifies the flagged variances in the grid question, downloads the .xlsx
// (converted here with LibreOffice headless and checked) and approves the Slack delivery in the
// modal; the sandbox send carries exactly the approved text. It starts its own app instance, so
// nothing another file shared with carl shows up in his library.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { openBrowser, type Browser } from './browser';
import { readYaml, writeYaml } from './yaml-text';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const NAME = 'Product Cost Allocation';
const CHANNEL = '#finance-controlling';
const TITLE = `Send Slack message to ${CHANNEL}`;
const JOIN_LINE = 'LEFT JOIN "in.c-finance.product_master" m ON m.product_id = s.product_id';
const ORDER_BY = 'ORDER BY p.cost_center, s.product_id';
const COMMENT = 'units_shipped driver for CC-200 posted twice';
const sample = (path: string) => readFileSync(join(process.cwd(), 'sample', path), 'utf8');
const records = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
const truth = records(sample('ground-truth/cost-variances.csv'));
const flagged = truth.filter((t) => t.flagged === 'yes');
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const glTotal = records(sample('in.c-finance/gl_costs.csv')).filter((r) => r.period === '2026-10').reduce((s, r) => s + Number(r.amount), 0);

type RunDetail = { id: string; status: string; approvals: { id: string; status: string; body_hash: string; payload: { args: { channel: string; text: string } } }[] };

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

async function signIn(page: Page, token: string, who: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('api token').fill(token);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
  await page.getByLabel('Signed in user').filter({ hasText: who }).waitFor();
}

const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const headerStatus = (page: Page) => page.locator('.page-header .run-status .status').textContent();

/** The workbook converted to one CSV per sheet by LibreOffice, cells as Calc shows them. */
function convertWithLibreOffice(xlsx: string): Map<string, string[][]> {
  const out = mkdtempSync(join(tmpdir(), 'handoff-csv-'));
  try {
    // Filter options: comma, double quote, UTF-8, from line 1, …, "save cell contents as shown", -1 = every sheet to its own file.
    execFileSync('soffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,true,false,false,-1', '--outdir', out, xlsx], { stdio: 'pipe', timeout: 120_000 });
    const sheets = new Map<string, string[][]>();
    const base = basename(xlsx, '.xlsx');
    for (const file of readdirSync(out)) {
      // LibreOffice names each file <workbook>-<sheet>.csv.
      const name = file.slice(base.length + 1, -'.csv'.length);
      sheets.set(name, Papa.parse<string[]>(readFileSync(join(out, file), 'utf8'), { skipEmptyLines: true }).data);
    }
    return sheets;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('controller hand-off: the author shares, the controller runs, classifies, downloads and approves', () => {
  let author: Browser;
  let runner: Browser;
  let playbookId = '';
  let draftId = '';
  let runId = '';
  let xlsxPath = '';

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    author = await openBrowser(baseUrl);
    runner = await openBrowser(baseUrl);
    await signIn(author.page, tokens.author, 'Dana');
    await signIn(runner.page, tokens.runner, 'Carl Controller');
  });
  afterAll(async () => {
    await author?.close();
    await runner?.close();
    await app?.stop();
  });

  test('the author forks the blueprint, puts in her SQL and shares the Playbook with carl', async () => {
    const { page } = author;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blueprints' }).click();
    await page.getByRole('heading', { name: 'Blueprints', level: 1 }).waitFor();
    await page.getByLabel('search').fill('cost allocation');
    await page.locator('a[href="/blueprints/product-cost-allocation"]').click();
    await page.getByRole('heading', { name: /^steps · 6$/ }).waitFor();
    await author.shot('60-handoff-blueprint');
    await button(page, '+ use this blueprint').click();
    // The fork asks for a name, prefilled with the blueprint's (test/e2e/playbook-lifecycle.e2e.ts).
    await button(page, '+ create Playbook').click();
    await page.getByRole('link', { name: 'product-cost-allocation' }).waitFor();
    playbookId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);

    // Her SQL: the default with the rows ordered, typed into the YAML editor.
    await page.getByRole('link', { name: '✎ edit yaml' }).click();
    const yaml = await readYaml(page);
    const line = yaml.split('\n').find((l) => l.trim() === JOIN_LINE);
    expect(line, 'the SQL is a block scalar in the YAML').toBeTruthy();
    await writeYaml(page, yaml.replace(`${line}\n`, `${line}\n${line!.replace(JOIN_LINE, ORDER_BY)}\n`));
    await button(page, '✓ save as revision 2').click();
    await page.getByRole('list', { name: 'Revisions' }).getByRole('link', { name: 'revision 2' }).waitFor();
    const saved = await api<{ revision: number; spec: { inputs: { name: string; default?: string }[] } }>('GET', `playbooks/${playbookId}`, tokens.author);
    expect(saved.revision).toBe(2);
    expect(saved.spec.inputs.find((i) => i.name === 'allocation_sql')!.default!.trim().endsWith(ORDER_BY)).toBe(true);
    // Revision 2 is a draft until published: carl runs the published revision.
    await button(page, '⇪ publish r2').click();
    await page.getByText('published r2', { exact: true }).first().waitFor();

    const sharing = page.getByRole('form', { name: 'Sharing' });
    await sharing.getByLabel(/Carl Controller/).check();
    await sharing.getByRole('button', { name: '⇢ save sharing' }).click();
    await sharing.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await author.shot('61-handoff-shared');
    expect((await api<{ allowed_users: string[] }>('GET', `playbooks/${playbookId}`, tokens.author)).allowed_users).toEqual(['carl']);

    // The SQL is locked by the blueprint; as the owner she may still change it when she runs it.
    await page.goto(`/playbooks/${playbookId}/run`);
    expect(await page.locator('#input-allocation_sql').isEditable()).toBe(true);
    await page.locator('#input-allocation_sql-lock').getByText('Locked: only the owner or an admin').waitFor();

    // A second fork she keeps to herself.
    draftId = (await api<{ id: string }>('POST', 'blueprints/product-cost-allocation/fork', tokens.author, { name: 'Allocation experiment' })).id;
    expect(author.problems).toEqual([]);
  });

  test('carl sees only the shared Playbook, runs it and classifies each variance in the grid', async () => {
    const { page } = runner;
    await page.goto('/');
    const cards = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain(NAME);
    await runner.shot('62-handoff-runner-library');
    await page.goto(`/playbooks/${draftId}`);
    await page.getByRole('alert').filter({ hasText: 'was not found' }).waitFor();

    await page.goto(`/playbooks/${playbookId}`);
    await page.getByText('read-only · shared with you').waitFor();
    await page.getByRole('link', { name: '▶ run' }).click();
    // A picker of the periods present once the options answer (test/e2e/run-inputs.e2e.ts), else a text box.
    await page.locator('.field:has(#input-period):is([data-options="ready"], [data-options="failed"])').waitFor();
    const period = page.locator('#input-period');
    if (await period.evaluate((el) => el.tagName === 'SELECT')) await period.selectOption('2026-10');
    else await period.fill('2026-10');

    // Dana's SQL is fixed for carl: read-only, with the lock note, and the form does not send it.
    const sql = page.locator('#input-allocation_sql');
    expect(await sql.getAttribute('readonly')).not.toBeNull();
    expect(await sql.isEditable()).toBe(false);
    expect((await sql.inputValue()).trim().endsWith(ORDER_BY)).toBe(true);
    await page.locator('#input-allocation_sql-lock').getByText('Fixed by the author').waitFor();
    await page.locator('#input-allocation_sql-lock').scrollIntoViewIfNeeded();
    await runner.shot('63-handoff-run-form');

    // Nor can he change it through the API: 403 input_locked, and no run is created.
    const runsOfPlaybook = async () => (await api<{ runs: unknown[] }>('GET', `runs?playbook_id=${playbookId}`, tokens.runner)).runs;
    expect(await runsOfPlaybook()).toEqual([]);
    const changed = await fetch(`${baseUrl}/v1/agent-studio/playbooks/${playbookId}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.runner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { period: '2026-10', allocation_sql: (await sql.inputValue()).replace(ORDER_BY, '') } }),
    });
    expect(changed.status).toBe(403);
    expect(((await changed.json()) as { error: unknown }).error).toMatchObject({ code: 'input_locked', details: { inputs: ['allocation_sql'] } });
    expect(await runsOfPlaybook()).toEqual([]);
    await button(page, '▶ start run').click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    runId = new URL(page.url()).pathname.split('/')[2]!;
    const started = await api<{ inputs: { allocation_sql: string } }>('GET', `runs/${runId}`, tokens.runner);
    expect(started.inputs.allocation_sql.trim().endsWith(ORDER_BY)).toBe(true);

    const log = page.getByRole('log', { name: 'Run events' });
    const grid = log.locator('.question-card.pending').getByRole('group', { name: 'Answer each row' });
    await grid.waitFor({ timeout: 30_000 });
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');
    const rows = await grid.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')));
    expect([...rows].sort()).toEqual(flagged.map((t) => t.product_id).sort());
    const send = log.locator('.question-card.pending').getByRole('button', { name: '✓ send answer' });
    expect(await send.isDisabled()).toBe(true);
    for (const t of flagged) await grid.getByRole('radio', { name: `${t.product_id}: ${t.expected_classification}`, exact: true }).check();
    await grid.getByRole('textbox', { name: 'comment for P-1012' }).fill(COMMENT);
    await log.getByText(`${flagged.length} of ${flagged.length} rows answered`).waitFor();
    await grid.locator('tbody tr').filter({ hasText: 'P-1012' }).scrollIntoViewIfNeeded();
    // The row reads as the product's name from the product master, the id beside it, amounts formatted.
    expect(await grid.locator('tbody tr[aria-label="P-1012"]').textContent()).toContain('Orange Juice 1 l (P-1012): +15.85 % vs 2026-09 (prior 62,563.79, current 72,482.38');
    await runner.shot('64-handoff-grid-question');
    await send.click();

    await page.getByRole('region', { name: 'Pending approval' }).getByText(TITLE).waitFor({ timeout: 30_000 });
    await expect.poll(() => headerStatus(page)).toBe('waiting for approval');
    const answered = log.getByRole('table', { name: 'Answers' });
    await expect.poll(() => answered.locator('tr').filter({ hasText: 'P-1012' }).locator('td').allTextContents()).toEqual(['data quality', COMMENT]);
    await answered.scrollIntoViewIfNeeded();
    await runner.shot('64a-handoff-grid-answered');
    expect(runner.problems).toEqual([]);
  });

  test('before approving, carl sees the results on top: the report, and the workbook with its sheets and formatted numbers; ?file= survives a reload', async () => {
    const { page } = runner;
    const results = page.getByRole('region', { name: 'Results' });
    const outputs = results.getByRole('list', { name: 'Declared outputs' });
    await outputs.waitFor();
    // The outputs the blueprint declares and the run has written so far (no delivery before the approval):
    // the report and the workbook first, then the data in the order declared.
    await expect
      .poll(() => outputs.locator('.result-path').allTextContents())
      .toEqual(['reports/summary.md', 'reports/cost-allocation.xlsx', 'reconciliation/checks.json', 'variances/flagged.json', 'variances/classifications.json']);
    await outputs.getByText('The allocation workbook for the controller.').waitFor();
    // The report first, rendered.
    const report = results.getByRole('region', { name: 'Preview of reports/summary.md' });
    await expect.poll(() => report.locator('.report').textContent()).toContain(COMMENT);
    await results.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await runner.shot('64b-results-report');

    await outputs.getByRole('button', { name: /^workbook reports\/cost-allocation\.xlsx/ }).click();
    await page.waitForURL((url) => url.searchParams.get('file') === 'reports/cost-allocation.xlsx');
    const workbook = results.getByRole('region', { name: 'Preview of reports/cost-allocation.xlsx' });
    const sheets = workbook.getByRole('tablist', { name: 'Sheets of reports/cost-allocation.xlsx' });
    await sheets.waitFor();
    expect(await sheets.getByRole('tab').allTextContents()).toEqual(['Summary', 'Allocation', 'By Product', 'Reconciliation', 'Variances']);
    const summarySheet = workbook.getByRole('table', { name: 'reports/cost-allocation.xlsx · Summary' });
    await expect.poll(() => summarySheet.locator('tr').filter({ hasText: 'Total allocated' }).locator('td').allTextContents()).toEqual(['Total allocated', money(glTotal)]);
    await sheets.getByRole('tab', { name: 'By Product' }).click();
    const byProduct = workbook.getByRole('table', { name: 'reports/cost-allocation.xlsx · By Product' });
    const p1012 = await byProduct.locator('tr').filter({ hasText: 'P-1012' }).locator('td').allTextContents();
    expect(p1012.slice(0, 8)).toEqual(['P-1012', '62,563.79', '72,482.38', expect.stringMatching(/^9,918\.5[89]$/), '15.85%', 'changed', 'yes', 'data quality']);
    // The sheet tabs at the top of the screen (below the pinned approval banner), P-1012 in view.
    await sheets.evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      document.querySelector('main')?.scrollBy(0, -80);
    });
    await runner.shot('64c-results-workbook');
    // The approval is still pending: the results came first.
    expect(await headerStatus(page)).toBe('waiting for approval');

    // The URL names the file: a reload reopens the workbook.
    await page.reload();
    const again = page.getByRole('region', { name: 'Results' }).getByRole('region', { name: 'Preview of reports/cost-allocation.xlsx' });
    await again.getByRole('tab', { name: 'Allocation' }).click();
    const allocation = again.getByRole('table', { name: 'reports/cost-allocation.xlsx · Allocation' });
    await expect.poll(() => allocation.locator('tr').last().locator('td').allTextContents()).toEqual(['Total', '', '', '', money(glTotal), '']);
    expect(await page.getByRole('button', { name: /^workbook reports\/cost-allocation\.xlsx/, pressed: true }).count()).toBe(1);
    await runner.shot('64d-results-reloaded');
    expect(runner.problems).toEqual([]);
  });

  test('carl downloads the workbook; LibreOffice opens it and it holds the numbers and his answers', async () => {
    const { page } = runner;
    await button(page, '▤ workspace files').click();
    const tree = page.getByRole('navigation', { name: 'Workspace files' });
    await tree.getByRole('button', { name: /summary\.md/ }).click();
    await page.waitForURL((url) => url.searchParams.get('file') === 'reports/summary.md');
    const summary = page.getByLabel('reports/summary.md', { exact: true });
    await expect.poll(() => summary.textContent()).toContain(COMMENT);
    await runner.shot('65-handoff-summary');

    await tree.getByRole('button', { name: /cost-allocation\.xlsx/ }).click();
    const preview = page.getByRole('region', { name: 'Preview of reports/cost-allocation.xlsx' });
    await preview.getByRole('tab', { name: 'By Product' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), preview.getByRole('button', { name: '⇣ download' }).click()]);
    expect(download.suggestedFilename()).toBe('cost-allocation.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'handoff-xlsx-'));
    xlsxPath = join(dir, 'cost-allocation.xlsx');
    await download.saveAs(xlsxPath);
    await runner.shot('66-handoff-workbook-downloaded');
    expect(readFileSync(xlsxPath).subarray(0, 2).toString()).toBe('PK');

    const sheets = convertWithLibreOffice(xlsxPath);
    expect([...sheets.keys()].sort()).toEqual(['Allocation', 'By Product', 'Reconciliation', 'Summary', 'Variances']);

    const allocation = sheets.get('Allocation')!;
    expect(allocation[0]).toEqual(['period', 'cost_center', 'product_id', 'driver_share', 'allocated_amount', 'product_name']);
    const body = allocation.slice(1, -1);
    expect(body.every((r) => r[0] === '2026-10')).toBe(true);
    const order = body.map((r) => `${r[1]}|${r[2]}`);
    expect(order).toEqual([...order].sort());
    expect(allocation.at(-1)![0]).toBe('Total');
    expect(allocation.at(-1)![4]).toBe(money(glTotal));

    const byProduct = sheets.get('By Product')!;
    expect(byProduct[0]).toEqual(['Product', 'Allocated 2026-09', 'Allocated 2026-10', 'Change', 'Change %', 'Status', 'Flagged', 'Classification', 'Comment']);
    expect(byProduct.find((r) => r[0] === 'P-1012')).toEqual(['P-1012', '62,563.79', '72,482.38', expect.stringMatching(/^9,918\.5[89]$/), '15.85%', 'changed', 'yes', 'data quality', COMMENT]);
    for (const t of truth) expect(byProduct.find((r) => r[0] === t.product_id)![7] ?? '', t.product_id).toBe(t.expected_classification);

    const variances = sheets.get('Variances')!;
    expect(variances.slice(1, -1).map((r) => r[0]).sort()).toEqual(flagged.map((t) => t.product_id).sort());
    expect(sheets.get('Reconciliation')!.slice(1, -1).every((r) => r[4] === 'ok')).toBe(true);

    const summaryRows = new Map(sheets.get('Summary')!.map((r) => [r[0], r[1]]));
    expect(summaryRows.get('Total allocated')).toBe(money(glTotal));
    expect(summaryRows.get('Reconciliation')).toBe('reconciled');
    expect(summaryRows.get('Classified data quality')).toBe('1');
    expect(summaryRows.get('Run')).toBe(runId);
    rmSync(dir, { recursive: true, force: true });
  });

  test('carl approves the Slack delivery in the modal; it is sent once with exactly the approved text', async () => {
    const { page } = runner;
    const approval = (await api<RunDetail>('GET', `runs/${runId}`, tokens.runner)).approvals[0]!;
    // The link in the message is absolute (npm start sets PUBLIC_BASE_URL to where it serves) and opens the workbook.
    const link = `${baseUrl}/runs/${runId}?file=reports/cost-allocation.xlsx`;
    expect(approval.payload.args.text).toContain(`Workbook: ${link} `);
    await button(page, '⚑ review approval').click();
    const dialog = page.getByRole('dialog', { name: TITLE });
    await dialog.waitFor();
    const payload = JSON.parse((await dialog.getByLabel('Payload').textContent())!);
    expect(payload.args).toEqual({ channel: CHANNEL, text: approval.payload.args.text });
    await dialog.getByText('✓ verified').waitFor();
    await runner.shot('67-handoff-approval-modal');
    await dialog.getByRole('button', { name: '✓ approve & send' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Undo approval' }).waitFor();
    await runner.shot('68-handoff-undo-window');

    await expect.poll(() => headerStatus(page), { timeout: 30_000 }).toBe('done');
    await page.getByRole('log', { name: 'Run events' }).getByText('approved by carl').waitFor();
    await runner.shot('69-handoff-run-done');

    // Slack is in sandbox mode here: the one "send" is the run's outbox file.
    const { artifacts } = await api<{ artifacts: { path: string }[] }>('GET', `runs/${runId}/artifacts`, tokens.runner);
    const sent = artifacts.map((a) => a.path).filter((p) => p.startsWith('outbox/'));
    expect(sent).toHaveLength(1);
    const message = await (await fetch(`${baseUrl}/v1/agent-studio/runs/${runId}/artifacts/${sent[0]}`, { headers: { authorization: `Bearer ${tokens.runner}` } })).json();
    expect(message).toMatchObject({ channel: CHANNEL, text: approval.payload.args.text });
    expect((await api<RunDetail>('GET', `runs/${runId}`, tokens.runner)).approvals[0]).toMatchObject({ status: 'committed', body_hash: approval.body_hash });

    // Following the message's link opens the run with its workspace on the workbook.
    await page.goto(link);
    await page.getByRole('region', { name: 'Results' }).getByRole('region', { name: 'Preview of reports/cost-allocation.xlsx' }).getByRole('tab', { name: 'Summary' }).waitFor();
    await runner.shot('69b-handoff-link-opens-workbook');
    // A file that is not a declared output (the sandbox send) opens in the workspace files instead.
    await page.goto(`/runs/${runId}?file=${sent[0]}`);
    await page.locator('#workspace-files').getByRole('region', { name: `Preview of ${sent[0]}` }).getByText(CHANNEL).waitFor();
    expect(await page.getByRole('button', { name: '▤ workspace files' }).getAttribute('aria-expanded')).toBe('true');

    // The author sees the controller's run of her Playbook, done.
    await author.page.goto(`/runs/${runId}`);
    await expect.poll(() => headerStatus(author.page)).toBe('done');
    await author.shot('70-handoff-author-sees-run');
    expect(runner.problems).toEqual([]);
    expect(author.problems).toEqual([]);
  });
});
