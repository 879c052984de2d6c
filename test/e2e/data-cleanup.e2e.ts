/// <reference types="node" />
// Issue 6, acceptance 5: scenario A through the UI only. The author forks `data-cleanup-for-ai`
// from the catalogue, starts it with its default inputs (the three sample CRM tables), ticks the
// recommended rules in the rules question and adds a comment, approves both promotions in the
// modal (each after its dry run, with the body hash verified; each a full load, so destructive, and
// carrying the CRM tables' untrusted rows, so offered only on its own), and once the run is done opens
// report.md (rendered) and lineage.mmd (drawn as a graph) in the workspace. The API is used only
// to check what the screens show. It starts its own app instance, so the sample project's target
// bucket is fresh (the first write of each table is a "create").
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { startApp, type App, type Tokens } from './app-process';
import { openBrowser, type Browser } from './browser';
import { parseFlowchart } from '../../ui/lib/mermaid-parse';
import { sourceCount } from '../../ui/lib/untrusted-sources';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const NAME = 'Data Cleanup for AI';
const TARGET = 'out.c-customer-360';
const COMMENT = 'Recommended set; the sample pairs look right.';
const SOURCE_ROWS = 885 + 1107 + 722;

type Approval = {
  id: string; status: string; tool_id: string; risk: string; body_hash: string; title: string; dry_run_result?: unknown; untrusted_sources?: string[];
  payload: { args: { table_id: string; artifact: string }; files: Record<string, string> };
};
type Question = { id: string; status: string; kind: string; prompt: string; options: { value: string; label: string; detail?: string }[]; answer?: unknown; comment?: string };
type RunDetail = { id: string; status: string; questions: Question[]; approvals: Approval[]; steps: { id: string; status: string; outputs?: any }[]; untrusted_sources: string[] };

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, { headers: { authorization: `Bearer ${tokens.author}` } });
  expect(response.status, `GET ${path}`).toBe(200);
  return (path.includes('/artifacts/') ? await response.text() : await response.json()) as T;
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('api token').fill(tokens.author);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
}

const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const headerStatus = (page: Page) => page.locator('.page-header .run-status .status').textContent();
const pendingBanner = (page: Page) => page.getByRole('region', { name: 'Pending approval' });
const short = (hash: string) => `${hash.slice(0, 12)}…${hash.slice(-6)}`;

describe('scenario A in the browser: fork, run, choose the rules, approve both promotions, read the report and the lineage', () => {
  let author: Browser;
  let runId = '';

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    author = await openBrowser(baseUrl);
    await signIn(author.page);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('the catalogue forks the blueprint; the run starts from its default inputs', async () => {
    const { page } = author;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blueprints' }).click();
    await page.getByRole('heading', { name: 'Blueprints', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'Data Cleanup' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('data-cleanup');
    const link = page.locator('a[href="/blueprints/data-cleanup-for-ai"]');
    await link.waitFor();
    await author.shot('80-dc-catalogue');
    await link.click();
    await page.getByRole('heading', { name: /^steps · \d+$/ }).waitFor();
    await button(page, '+ use this blueprint').click();
    // The fork asks for a name, prefilled with the template's (test/e2e/playbook-lifecycle.e2e.ts).
    await button(page, '+ create Playbook').click();

    await page.getByRole('link', { name: 'data-cleanup-for-ai' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/playbooks\/pb_/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);
    await author.shot('81-dc-forked-playbook');

    await page.getByRole('link', { name: '▶ run' }).click();
    await page.getByRole('heading', { name: `Run ${NAME}` }).waitFor();
    // The defaults are the three sample CRM tables.
    expect((await page.getByLabel(/Source contact tables/).inputValue()).split('\n')).toEqual(['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users']);
    await author.shot('82-dc-start-form');
    await button(page, '▶ start run').click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    runId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { name: 'Job #1 · Revision 1', level: 1 }).waitFor();
  });

  test('the rules question shows per-rule counts and sample pairs; the recommended rules are sent with a comment', async () => {
    const { page } = author;
    const log = page.getByRole('log', { name: 'Run events' });
    const question = log.locator('.question-card.pending');
    await question.getByRole('checkbox').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');

    // The options: one per rule with its match count in the label and sample pairs in the detail, then "Custom thresholds".
    const options = question.locator('.choice');
    const labels = await options.locator('.choice-text > span:first-child').allTextContents();
    expect(labels.at(-1)).toBe('Custom thresholds');
    expect(labels.length).toBeGreaterThanOrEqual(4);
    for (const label of labels.slice(0, -1)) expect(label).toMatch(/: \d+ pairs, /);
    for (const detail of (await options.locator('.choice-text > .muted').allTextContents()).slice(0, -1)) expect(detail).toContain('e.g.');

    // The recommended rules come ticked, marked "recommended", and the prompt names them by the labels shown (issue 16).
    const waiting = await api<RunDetail>(`runs/${runId}`);
    const proposals = waiting.steps.find((s) => s.id === 'propose-rules')!.outputs.proposals;
    const recommended: string[] = proposals.recommended;
    expect(recommended.length).toBeGreaterThan(0);
    const ticked = await question.locator('input[type="checkbox"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(ticked).toEqual(recommended);
    expect(await question.locator('.choice', { hasText: 'recommended' }).count()).toBe(recommended.length);
    const prompt = (await question.locator('.question-prompt').textContent()) ?? '';
    for (const id of recommended) expect(prompt).toContain(proposals.rules.find((r: { id: string }) => r.id === id).label);
    for (const id of recommended.filter((r) => r.includes('_'))) expect(prompt).not.toContain(id);
    // Sample pairs show contact details masked, as the blueprint promises.
    const details = (await options.locator('.choice-text > .muted').allTextContents()).join('\n');
    expect(details).not.toMatch(/[\w.+-]{2,}@[\w-]+\.[\w.]+/);

    const send = question.getByRole('button', { name: '✓ send answer' });
    await question.getByText(`${recommended.length} selected`).waitFor();
    expect(await send.isDisabled()).toBe(false);
    await question.getByLabel(/comment · optional/).fill(COMMENT);
    await question.getByRole('checkbox').first().scrollIntoViewIfNeeded();
    await author.shot('83-dc-rules-question');
    await send.scrollIntoViewIfNeeded();
    await author.shot('84-dc-rules-ticked-with-comment');
    await send.click();

    // The answered card reads back the chosen rules and the comment; the API got both.
    const answered = log.locator('.question-card').filter({ hasText: '✓ answered' });
    await answered.locator('.question-comment').getByText(COMMENT).waitFor({ timeout: 30_000 });
    const q = (await api<RunDetail>(`runs/${runId}`)).questions.find((x) => x.kind === 'multi')!;
    expect(q).toMatchObject({ status: 'answered', answer: recommended, comment: COMMENT });
    expect(await answered.locator('.question-answer').textContent()).toContain('· by dana');
    await answered.scrollIntoViewIfNeeded();
    await author.shot('84b-dc-rules-answered');
  });

  test('each promotion waits for approval after its dry run; both are approved in the modal, then the semantic-layer registration', async () => {
    const { page } = author;
    for (const [index, table] of ['entities', 'entity_xref'].entries()) {
      const title = `Full load of CSV into Keboola table ${TARGET}.${table}`;
      await pendingBanner(page).getByText(title).waitFor({ timeout: 60_000 });
      await expect.poll(() => headerStatus(page)).toBe('waiting for approval');
      const approval = (await api<RunDetail>(`runs/${runId}`)).approvals.find((a) => a.status === 'pending')!;
      expect(approval).toMatchObject({ tool_id: 'keboola.storage.write', title, risk: 'destructive' });
      if (index === 0) {
        // The run read the three CRM tables: the notice under the header says so, in words.
        const { untrusted_sources: sources } = await api<RunDetail>(`runs/${runId}`);
        const notice = page.getByRole('note', { name: 'Untrusted data' });
        expect(await notice.textContent()).toContain(`This run has taken in untrusted data from ${sourceCount(sources)} sources:`);
        expect(await notice.textContent()).toContain('rows read by keboola.storage.tables (3 calls)');
        expect(await notice.textContent()).toContain('Every send, and every write carrying that data, needs its own approval.');
        await author.shot('85-dc-approval-banner');

        // The inbox line says it too: destructive, and carrying the CRM rows; it opens the modal.
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Activity Inbox/ }).click();
        const item = page.getByRole('list', { name: 'Pending items' }).getByRole('listitem').filter({ hasText: title });
        await item.getByText('carries data from rows read by keboola.storage.tables (3 calls)').waitFor();
        expect(await item.locator('.approval-signals .pill').textContent()).toBe('destructive');
        expect(await item.locator('.untrusted-mark').textContent()).toBe('⚠ untrusted');
        await author.shot('85c-dc-inbox-untrusted-destructive');
        await item.getByRole('link').click();
      } else await button(page, '⚑ review approval').click();

      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      // A full load is destructive by its effect: the header pill and a notice say so in words, in red.
      const riskPill = dialog.locator('.modal-head .pill');
      expect(await riskPill.textContent()).toBe('⚑ destructive');
      expect(await riskPill.getAttribute('class')).toContain('pill-red');
      await dialog.getByText('⚠ Destructive by what this call does:').waitFor();
      // The rows came from the CRM tables (untrusted): the sources in words, and no session approval on offer.
      expect(approval.untrusted_sources?.some((s) => s.startsWith('tool:keboola.storage.tables:'))).toBe(true);
      const untrusted = dialog.getByRole('region', { name: /carries untrusted data/ });
      expect(await untrusted.getByRole('list', { name: 'Untrusted sources' }).getByRole('listitem').count()).toBe(approval.untrusted_sources!.length);
      expect(await untrusted.textContent()).toMatch(/rows read by keboola\.storage\.tables \(call_\w{6}…\)/);
      expect(await dialog.getByRole('checkbox').count()).toBe(0);
      await dialog.getByText('No session approval: this call carries untrusted data, so every such call needs its own approval.').waitFor();
      // The reason names the effect and the guard; the file's content is bound by its etag.
      const facts = await dialog.locator('.approval-facts').textContent();
      expect(facts).toContain(`a full load replaces every row of ${TARGET}.${table} if it exists`);
      expect(facts).toContain('its arguments derive from untrusted content (rows read by keboola.storage.tables');
      const artifact = approval.payload.args.artifact;
      expect(Object.keys(approval.payload.files)).toEqual([artifact]);
      expect(facts).toMatch(new RegExp(`Binds the content of ${artifact.replace(/\./g, '\\.')} \\(etag \\w{8}…\\)`));
      if (index === 0) {
        await author.shot('85a-dc-approval-untrusted-destructive');
        await dialog.locator('.approval-facts').scrollIntoViewIfNeeded();
        await author.shot('85b-dc-approval-facts');
      }
      // The dry run result is shown as the server recorded it, and says what the write would do.
      const dryRun = JSON.parse((await dialog.getByLabel('Dry run result').textContent())!);
      expect(dryRun).toEqual(approval.dry_run_result);
      expect(dryRun).toMatchObject({ dry_run: true, would: { table_id: `${TARGET}.${table}`, action: 'create' } });
      expect(JSON.parse((await dialog.getByLabel('Payload').textContent())!)).toMatchObject({ tool_id: 'keboola.storage.write', args: { table_id: `${TARGET}.${table}` } });
      // The body hash, re-computed in the browser.
      expect(await dialog.locator('.hash-value').textContent()).toBe(short(approval.body_hash));
      await dialog.getByText('✓ verified').waitFor();
      // The outcome first (issue 16): a new table, its personal-data columns flagged; the raw JSON one click away.
      expect(await dialog.getByRole('region', { name: 'Outcome' }).textContent()).toContain('creates a new table');
      await dialog.locator('summary', { hasText: 'raw payload' }).click();
      await dialog.getByLabel('Dry run result').scrollIntoViewIfNeeded();
      await author.shot(index === 0 ? '86-dc-approval-modal-entities' : '87-dc-approval-modal-xref');
      await dialog.getByRole('button', { name: '✓ approve', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(async () => (await api<RunDetail>(`runs/${runId}`)).approvals.find((a) => a.id === approval.id)!.status, { timeout: 30_000 }).toBe('committed');
    }

    // Then the register step's write into the semantic layer (Keboola Metastore), approved the same way.
    const registerTitle = 'Register "customer" (semantic-dataset) in the Keboola semantic layer';
    await pendingBanner(page).getByText(registerTitle).waitFor({ timeout: 60_000 });
    const register = (await api<RunDetail>(`runs/${runId}`)).approvals.find((a) => a.status === 'pending')!;
    expect(register).toMatchObject({ tool_id: 'keboola.semantic.put', title: registerTitle, risk: 'write' });
    await button(page, '⚑ review approval').click();
    const registerDialog = page.getByRole('dialog', { name: registerTitle });
    await registerDialog.getByText('✓ verified').waitFor();
    await registerDialog.getByRole('button', { name: '✓ approve', exact: true }).click();
    await registerDialog.waitFor({ state: 'detached' });

    await expect.poll(() => headerStatus(page), { timeout: 60_000 }).toBe('done');
    expect(await pendingBanner(page).count()).toBe(0);
    await page.getByRole('status', { name: 'event stream complete' }).waitFor();
    const steps = page.getByRole('list', { name: 'Steps' }).locator('.run-step-meta .status');
    // The header follows the stream; the step list follows the run's next read, so poll it.
    await expect.poll(async () => [...new Set(await steps.allTextContents())], { timeout: 30_000 }).toEqual(['done']);
    await author.shot('88-dc-run-done');
    expect(author.problems).toEqual([]);
  });

  test('the workspace: files derived from the CRM rows are marked; report.md rendered, lineage.mmd drawn as a graph', async () => {
    const { page } = author;
    await button(page, '▤ workspace files').click();
    const tree = page.getByRole('navigation', { name: 'Workspace files' });
    // A file is marked untrusted exactly when the API says its content derives from untrusted sources.
    const { artifacts } = await api<{ artifacts: { path: string; taint?: string[] }[] }>(`runs/${runId}/artifacts`);
    const tainted = artifacts.filter((a) => a.taint?.length);
    expect(tainted.length).toBeGreaterThan(0);
    await tree.locator(`button[title="${tainted[0]!.path}"] .untrusted-mark`).waitFor();
    for (const artifact of artifacts) {
      const file = tree.locator(`button[title="${artifact.path}"]`);
      expect(await file.locator('.untrusted-mark').count(), artifact.path).toBe(artifact.taint?.length ? 1 : 0);
    }
    const derived = tainted.find((a) => a.path === 'er/golden.csv') ?? tainted[0]!;
    await tree.locator(`button[title="${derived.path}"]`).click();
    const preview = page.getByRole('region', { name: `Preview of ${derived.path}` });
    await preview.getByText('⚠ Its content derives from untrusted data').waitFor();
    expect(await preview.getByRole('list', { name: `Untrusted sources of ${derived.path}` }).getByRole('listitem').count()).toBe(derived.taint!.length);
    await author.shot('88a-dc-workspace-untrusted-file');

    await tree.getByRole('button', { name: /^report\.md/ }).click();
    const report = page.getByRole('region', { name: 'Preview of report.md' }).locator('.report');
    await report.getByRole('heading', { name: 'Match statistics' }).waitFor();
    for (const heading of ['Sources', 'Rules', 'Validation', 'Promotion', 'Cost']) await report.getByRole('heading', { name: heading, exact: true }).waitFor();
    const golden = Papa.parse(await api<string>(`runs/${runId}/artifacts/er/golden.csv`), { header: true, skipEmptyLines: 'greedy' }).data;
    expect(golden.length).toBeGreaterThan(0);
    expect(golden.length).toBeLessThan(SOURCE_ROWS);
    const text = (await report.textContent()) ?? '';
    expect(text).toContain(`Entities (golden records): ${golden.length}`);
    expect(text).toContain(`Comment with the answer: “${COMMENT}”`);
    await report.getByRole('heading', { name: 'Match statistics' }).scrollIntoViewIfNeeded();
    await author.shot('89-dc-report');

    await tree.getByRole('button', { name: /^lineage\.mmd/ }).click();
    const graph = page.getByRole('img', { name: 'lineage.mmd' });
    await graph.waitFor();
    const chart = parseFlowchart(await api<string>(`runs/${runId}/artifacts/lineage.mmd`));
    expect(chart.nodes.size).toBeGreaterThan(50);
    const nodes = graph.locator('.mm-n');
    expect(await nodes.count()).toBe(chart.nodes.size);
    expect(await graph.locator('.mm-edge-line').count()).toBe(chart.edges.length);
    const labels = await graph.locator('.mm-label').allTextContents();
    expect(labels.some((l) => l.includes('in.c-salesforce.contacts'))).toBe(true);
    expect(labels).toContain('salesforce.contacts.Email');

    // Legible: a big graph opens at a readable zoom (labels at least 9 px on screen) and scrolls.
    const view = page.getByRole('toolbar', { name: 'Graph view' });
    const zoom = async () => Number((await view.getByLabel('zoom', { exact: true }).textContent())!.replace(/\D/g, '')) / 100;
    expect(await zoom()).toBeGreaterThanOrEqual(0.8);
    const labelHeight = () => graph.locator('.mm-label').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(await labelHeight()).toBeGreaterThanOrEqual(9);
    const scroller = page.getByLabel(/^lineage\.mmd \(scrollable/);
    expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight && el.scrollWidth > el.clientWidth)).toBe(true);
    await author.shot('89a-dc-lineage');

    // Drag pans; a click (no drag) on a node shows its lineage, a click beside the nodes clears it.
    const area = (await scroller.boundingBox())!;
    const scroll = () => scroller.evaluate((el) => [el.scrollLeft, el.scrollTop]);
    await page.mouse.move(area.x + 400, area.y + 200);
    await page.mouse.down();
    await page.mouse.move(area.x + 250, area.y + 100, { steps: 5 });
    await page.mouse.up();
    expect(await scroll()).toEqual([150, 100]);
    await page.getByRole('status').filter({ hasText: 'lineage of' }).waitFor({ state: 'detached' });
    await graph.locator('.mm-n[data-id="golden__email"]').click();
    await page.getByRole('status').filter({ hasText: 'lineage of golden.email' }).waitFor();
    expect(await graph.locator('.mm-n.mm-path .mm-label').allTextContents()).toEqual(expect.arrayContaining(['salesforce.contacts.Email', 'hubspot.contacts.email', 'zendesk.users.email']));
    await page.getByRole('button', { name: 'clear', exact: true }).click();
    expect(await graph.locator('.mm-n.mm-dim').count()).toBe(0);
    await scroller.evaluate((el) => el.scrollTo(0, 0));

    // Find a column and show its lineage: the Salesforce e-mail reaches the target table's e-mail column.
    await view.getByLabel('find a node').fill('salesforce.contacts.Email');
    await view.getByText(/^1 of \d+$/).waitFor(); // the normalised column matches too (case-insensitive); the source comes first
    await view.getByLabel('find a node').press('Enter');
    await page.getByRole('status').filter({ hasText: 'lineage of salesforce.contacts.Email' }).waitFor();
    const onPath = await graph.locator('.mm-n.mm-path .mm-label').allTextContents();
    expect(onPath).toEqual(expect.arrayContaining(['norm.salesforce.contacts.email', 'golden.email', 'customer-360.entities.email']));
    expect(onPath.some((l) => l.includes('hubspot'))).toBe(false);
    expect(await graph.locator('.mm-n.mm-dim').count()).toBeGreaterThan(50);
    await author.shot('89b-dc-lineage-column-path');

    // Full screen opens with the whole graph fitted, no click needed (issue 16); Escape leaves full screen.
    await view.getByRole('button', { name: '⤢ full screen' }).click();
    await page.getByRole('dialog', { name: 'lineage.mmd (full screen)' }).waitFor();
    await expect.poll(zoom).toBeLessThan(0.8);
    const box = await graph.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(1280);
    expect(box!.height).toBeLessThanOrEqual(800);
    await author.shot('89c-dc-lineage-full-screen-fit');
    // Full screen is modal for the keyboard: focus went into the graph, and Tab never leaves the view.
    const inView = () => page.evaluate(() => !!document.activeElement?.closest('.mermaid-full'));
    expect(await inView()).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await inView(), `after key ${i}`).toBe(true);
    }
    await view.getByRole('button', { name: '1:1' }).click();
    await expect.poll(zoom).toBe(1);
    await page.keyboard.press('Escape'); // clears the highlighted lineage first
    await page.getByRole('status').filter({ hasText: 'lineage of' }).waitFor({ state: 'detached' });
    await scroller.focus();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'lineage.mmd (full screen)' }).waitFor({ state: 'detached' });
    // ... and focus is back on the button that opened it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('⤢ full screen');

    // The dark theme draws it as well.
    await page.getByRole('button', { name: /switch to dark theme/ }).click();
    await scroller.scrollIntoViewIfNeeded();
    await author.shot('89d-dc-lineage-dark');
    await page.getByRole('button', { name: /switch to light theme/ }).click();
    expect(author.problems).toEqual([]);
  });
});
