/// <reference types="node" />
// Issue: runs in the browser. A scripted Playbook (log → radio question → report.md, data.csv,
// lineage.mmd) is started from its inputs form, reaches the question in the live stream, is
// answered inline, finishes, and its workspace files preview (Markdown rendered and sanitised, CSV
// as a table, Mermaid as a graph). A second run is paused, resumed and cancelled from the header.
// It starts its own app instance, so the other files' Playbooks and runs do not show up here (and
// these do not show up there), whatever order the files run in.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const NAME = 'E2E Rule Picker';

const REPORT = [
  '# Report for ${{ inputs.label }}',
  '',
  'Chosen rule set: **${{ answers.pick }}**',
  '',
  '| metric | value |',
  '|---|---|',
  '| rows | ${{ inputs.rows }} |',
  '',
  '<script>window.__pwned = true</script><img src="https://tracker.invalid/p.gif" onerror="window.__pwned = true" alt="pixel">',
  '<a href="javascript:window.__pwned=true">bad link</a>',
].join('\n');

const PLAYBOOK = {
  name: NAME,
  description: 'Asks which rule set to use and writes a report.',
  sop: {
    goal: 'Pick a rule set and report on it',
    steps: [
      {
        id: 'announce',
        title: 'Announce the run',
        instruction: 'Log what is about to happen.',
        completion_criteria: 'a note is logged',
        allowed_tools: ['kbagent.log'],
        actions: [{ tool: 'kbagent.log', args: { message: 'Preparing ${{ inputs.label }} with ${{ inputs.rows }} rows' } }],
      },
      {
        id: 'ask',
        title: 'Ask which rule set to apply',
        instruction: 'Ask the person.',
        completion_criteria: 'the question is answered',
        allowed_tools: ['kbagent.human_in_loop'],
        actions: [
          {
            id: 'pick',
            tool: 'kbagent.human_in_loop',
            args: {
              prompt: 'Which **rule set** should be applied?',
              kind: 'radio',
              options: [
                { value: 'strict', label: 'Strict', detail: 'exact e-mail only · 120 matches' },
                { value: 'loose', label: 'Loose', detail: 'e-mail or phone · 410 matches' },
              ],
            },
          },
        ],
      },
      {
        id: 'write',
        title: 'Write the report and data',
        instruction: 'Write the files.',
        completion_criteria: 'report.md and data.csv exist',
        allowed_tools: ['kbagent.workspace_artifact'],
        actions: [
          { tool: 'kbagent.workspace_artifact', args: { path: 'report.md', content: REPORT } },
          { tool: 'kbagent.workspace_artifact', args: { path: 'data.csv', content: 'name,score\nada,3\n"bob, jr",5\n' } },
          { tool: 'kbagent.workspace_artifact', args: { path: 'lineage/lineage.mmd', content: 'graph LR\n  src[(crm.contacts)] --> stg[stg_contacts]\n  stg -->|resolve| ent([entities])\n' } },
        ],
      },
    ],
  },
  inputs: [
    { name: 'label', type: 'string', label: 'Report label', required: true },
    { name: 'rows', type: 'number', label: 'Rows to sample', default: 3 },
  ],
  budget: { max_usd_per_run: 2 },
};

const step = (id: string, tool: string, args: Record<string, unknown>, actionId?: string) => ({
  id,
  title: `Step ${id}`,
  instruction: `Do ${id}.`,
  completion_criteria: 'done',
  allowed_tools: [tool],
  actions: [{ ...(actionId ? { id: actionId } : {}), tool, args }],
});

/** One question of each other kind, then a file that records every answer. */
const KINDS = {
  name: 'E2E Question Kinds',
  sop: {
    goal: 'Ask a multi-select, a text and a file question',
    steps: [
      step('multi', 'kbagent.human_in_loop', { prompt: 'Which **sources**?', kind: 'multi', options: ['salesforce', 'hubspot', 'zendesk'] }, 'sources'),
      step('text', 'kbagent.human_in_loop', { prompt: 'Any notes for the report?', kind: 'text' }, 'notes'),
      step('file', 'kbagent.human_in_loop', { prompt: 'Upload the stage mapping (CSV).', kind: 'file' }, 'mapping'),
      step('record', 'kbagent.workspace_artifact', { path: 'answers.json', content: { sources: '${{ answers.sources }}', notes: '${{ answers.notes }}', mapping: '${{ answers.mapping }}' } }),
    ],
  },
  budget: { max_usd_per_run: 1 },
};

const api = <T>(method: string, path: string, body?: unknown) => apiCall<T>(baseUrl, tokens.author, method, path, body);

const signIn = (page: Page) => signInWith(page, tokens.author);

const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const enabled = (page: Page, name: string) => button(page, name).isEnabled();
const headerStatus = (page: Page) => page.locator('.page-header .run-status .status').textContent();

describe('runs: start with inputs, answer inline, preview the workspace', () => {
  let author: Browser;
  let playbookId = '';
  let runId = '';

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    playbookId = (await api<{ id: string }>('POST', 'playbooks', PLAYBOOK)).id;
    author = await openBrowser(baseUrl);
    await signIn(author.page);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('the inputs form shows a 422 next to its field, then starts the run', async () => {
    const { page } = author;
    const card = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem').filter({ hasText: NAME });
    await expect.poll(() => card.textContent()).toContain('never run');
    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByRole('link', { name: '▶ run' }).click();

    await page.getByRole('heading', { name: `Run ${NAME}` }).waitFor();
    const label = page.getByLabel(/Report label/);
    expect(await page.getByLabel(/Rows to sample/).inputValue()).toBe('3');
    await author.shot('20-run-inputs-form');
    await button(page, '▶ start run').click();
    await page.getByText('Report label is required').waitFor();
    expect(await label.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input-label');
    await author.shot('21-run-inputs-422');

    await label.fill('Q3 contacts');
    await button(page, '▶ start run').click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    runId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { name: 'Job #1 · Revision 1', level: 1 }).waitFor();
  });

  test('the live stream reaches the question; controls follow the status', async () => {
    const { page } = author;
    const log = page.getByRole('log', { name: 'Run events' });
    await log.getByText('Preparing Q3 contacts with 3 rows', { exact: true }).waitFor();
    const question = log.getByRole('region', { name: 'Question' });
    await question.getByRole('radio', { name: /Loose/ }).waitFor();
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');
    expect(await question.locator('strong').textContent()).toBe('rule set');
    await page.getByText('? The run is waiting for your answer.').waitFor();
    expect(await enabled(page, '❚❚ pause')).toBe(true);
    expect(await enabled(page, '▶ resume')).toBe(false);
    expect(await enabled(page, '✕ cancel')).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: /Activity Inbox/ }).textContent()).toMatch(/Activity Inbox\s*1$/);

    // The SOP: the first step done (faded), the question step current.
    const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    expect(await steps.nth(0).getAttribute('class')).toContain('run-step-done');
    expect(await steps.nth(1).getAttribute('aria-current')).toBe('step');

    // The log follows its end, so the question is on screen without scrolling.
    const box = await question.getByRole('button', { name: '✓ send answer' }).boundingBox();
    expect(box && box.y + box.height).toBeLessThan(800 - 24);
    await author.shot('22-run-waiting-for-input');

    // A tool call opens (by keyboard) to show its arguments and result.
    const call = log.locator('details.tool-call').filter({ hasText: 'kbagent.log' });
    await call.locator('summary').focus();
    await page.keyboard.press('Enter');
    await call.getByText('"message": "Preparing Q3 contacts with 3 rows"').waitFor();
    await call.getByText('"logged": true').waitFor();
    await author.shot('22b-run-tool-call-open');
  });

  test('the Activity Inbox lists the question and leads back to the run', async () => {
    const { page } = author;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Activity Inbox/ }).click();
    await page.getByRole('heading', { name: 'Activity Inbox', level: 1 }).waitFor();
    const item = page.getByRole('list', { name: 'Pending items' }).getByRole('listitem').filter({ hasText: NAME });
    await item.waitFor();
    expect(await item.textContent()).toContain('Job #1');
    expect(await item.getByRole('link').textContent()).toBe('Which rule set should be applied?');
    await author.shot('23-activity-inbox');
    await item.getByRole('link').click();
    await page.getByRole('heading', { name: 'Job #1 · Revision 1', level: 1 }).waitFor();
  });

  test('answering inline lets the run finish', async () => {
    const { page } = author;
    const question = page.getByRole('log', { name: 'Run events' }).getByRole('region', { name: 'Question' });
    const send = question.getByRole('button', { name: '✓ send answer' });
    expect(await send.isDisabled()).toBe(true);
    await question.getByRole('radio', { name: /Loose/ }).check();
    await send.click();
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('done');
    await question.getByText('Loose').first().waitFor();
    await expect.poll(() => question.textContent()).toContain('✓ answered');
    for (const name of ['❚❚ pause', '▶ resume', '✕ cancel']) expect(await enabled(page, name), name).toBe(false);
    await page.getByRole('status', { name: 'event stream complete' }).waitFor();
    const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    // The header follows the stream at once; the step list follows the run's next read.
    await expect.poll(() => steps.evaluateAll((els) => els.map((el) => el.className))).toEqual(['run-step run-step-done', 'run-step run-step-done', 'run-step run-step-done']);
    await expect.poll(() => page.getByRole('link', { name: /Activity Inbox/ }).textContent()).toMatch(/Activity Inbox$/);
    await author.shot('24-run-done');
  });

  test('workspace files: the report rendered and sanitised, the CSV as a table, the lineage as a graph', async () => {
    const { page } = author;
    const toggle = button(page, '▤ workspace files');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const tree = page.getByRole('navigation', { name: 'Workspace files' });
    await tree.getByRole('button', { name: /report\.md/ }).waitFor();

    const preview = page.getByRole('region', { name: 'Preview of report.md' });
    const report = preview.locator('.report');
    await report.getByRole('heading', { name: 'Report for Q3 contacts' }).waitFor();
    expect(await report.locator('strong').textContent()).toBe('loose');
    expect(await report.locator('table td').allTextContents()).toEqual(['rows', '3']);
    expect(await report.locator('script, img, [onerror]').count()).toBe(0);
    expect(await report.locator('a').getAttribute('href')).toBeNull();
    expect(await report.textContent()).toContain('[image not loaded: pixel]');
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await author.shot('25-workspace-report');

    await tree.getByRole('button', { name: /data\.csv/ }).click();
    const table = page.getByRole('table', { name: 'data.csv' });
    await table.waitFor();
    expect(await table.locator('th').allTextContents()).toEqual(['name', 'score']);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
      ['ada', '3'],
      ['bob, jr', '5'],
    ]);
    await author.shot('26-workspace-csv');

    await tree.getByRole('button', { name: /lineage\.mmd/ }).click();
    const graph = page.getByRole('img', { name: 'lineage/lineage.mmd' });
    await graph.waitFor();
    expect(await graph.locator('text').allTextContents()).toEqual(expect.arrayContaining(['crm.contacts', 'stg_contacts', 'entities', 'resolve']));
    await author.shot('27-workspace-mermaid');

    // The download goes through the API with the token and saves the exact bytes.
    await tree.getByRole('button', { name: /data\.csv/ }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Preview of data.csv' }).getByRole('button', { name: '⇣ download' }).click()]);
    expect(download.suggestedFilename()).toBe('data.csv');
    expect(author.problems).toEqual([]);
  });

  test('past jobs: the tab (by keyboard), the screen and the library card', async () => {
    const { page } = author;
    await page.getByRole('tab', { name: 'current job' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('past');
    expect(await page.getByRole('tab', { name: 'past jobs' }).getAttribute('aria-selected')).toBe('true');
    const rows = page.getByRole('table', { name: `Jobs of ${NAME}` }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('aria-current')).toBe('true');
    await author.shot('28-run-past-jobs-tab');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Past Jobs' }).click();
    await page.getByRole('heading', { name: 'Past Jobs', level: 1 }).waitFor();
    const row = page.getByRole('table', { name: 'Runs' }).locator('tbody tr').filter({ hasText: NAME });
    await row.waitFor();
    expect(await row.textContent()).toContain('done');
    await author.shot('29-past-jobs');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    const card = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem').filter({ hasText: NAME });
    await expect.poll(() => card.textContent()).toMatch(/1 run · \$0\.00 avg · 0 tokens/);
    await author.shot('30-library-run-stats');

    await page.getByRole('link', { name: NAME }).click();
    const jobs = page.getByRole('list', { name: 'Recent jobs' });
    await jobs.getByRole('link', { name: 'Job #1' }).waitFor();
    expect(await page.getByRole('heading', { name: 'jobs · 1' }).isVisible()).toBe(true);
    await author.shot('30b-playbook-detail-jobs');
  });

  test('pause, resume and cancel from the run header', async () => {
    const { page } = author;
    const run = await api<{ id: string; number: number }>('POST', `playbooks/${playbookId}/run`, { inputs: { label: 'second' } });
    await page.goto(`/runs/${run.id}`);
    await page.getByRole('heading', { name: `Job #${run.number} · Revision 1`, level: 1 }).waitFor();
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('waiting for input');

    await button(page, '❚❚ pause').click();
    await expect.poll(() => headerStatus(page)).toBe('blocked');
    await page.locator('.page-header').getByText('paused', { exact: true }).waitFor();
    expect(await enabled(page, '❚❚ pause')).toBe(false);
    expect(await enabled(page, '▶ resume')).toBe(true);
    // The question can still be answered while paused; the run continues only after resume.
    await page.getByText('The run is paused: it continues after resume.').waitFor();
    await author.shot('31-run-paused');

    await button(page, '▶ resume').click();
    await expect.poll(() => headerStatus(page)).toBe('waiting for input');
    expect(await enabled(page, '▶ resume')).toBe(false);

    await button(page, '✕ cancel').click();
    await button(page, '✕ confirm cancel').click();
    await expect.poll(() => headerStatus(page)).toBe('cancelled');
    for (const name of ['❚❚ pause', '▶ resume', '✕ cancel']) expect(await enabled(page, name), name).toBe(false);
    await page.getByRole('status', { name: 'event stream complete' }).waitFor();
    const stepStates = page.getByRole('list', { name: 'Steps' }).locator('.run-step-meta .status');
    await expect.poll(() => stepStates.allTextContents(), { timeout: 30_000 }).toEqual(['done', 'cancelled', 'pending']);
    const hitl = page.getByRole('log', { name: 'Run events' }).locator('details.tool-call').filter({ hasText: 'kbagent.human_in_loop' });
    await expect.poll(() => hitl.locator('summary .status').textContent()).toBe('abandoned');
    await page.getByRole('log', { name: 'Run events' }).getByText('status → cancelled').waitFor();
    await author.shot('32-run-cancelled');
    expect(author.problems).toEqual([]);
    expect(runId).not.toBe(run.id);
  });

  test('multi-select, text and file questions, answered by keyboard and file picker', async () => {
    const { page } = author;
    const id = (await api<{ id: string }>('POST', 'playbooks', KINDS)).id;
    const run = await api<{ id: string }>('POST', `playbooks/${id}/run`, {});
    await page.goto(`/runs/${run.id}`);
    const log = page.getByRole('log', { name: 'Run events' });
    const pending = log.locator('.question-card.pending');

    // Multi: two checkboxes, by keyboard (the banner's jump lands on the first option).
    await pending.getByRole('checkbox', { name: 'hubspot' }).waitFor();
    await page.getByRole('button', { name: 'go to the question' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('salesforce');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await pending.getByText('2 selected').waitFor();
    await author.shot('33-question-multi');
    await pending.getByRole('button', { name: '✓ send answer' }).click();

    // Text.
    const text = pending.getByRole('textbox', { name: 'Any notes for the report?' });
    await text.waitFor();
    await text.fill('Zendesk phones are stale.');
    await pending.getByRole('button', { name: '✓ send answer' }).click();

    // File: goes to the workspace under uploads/.
    const picker = pending.locator('input[type="file"]');
    await picker.waitFor();
    await picker.setInputFiles({ name: 'stage map.csv', mimeType: 'text/csv', buffer: Buffer.from('raw,canonical\nQualify,Qualification\n') });
    await author.shot('34-question-file');
    await pending.getByRole('button', { name: '✓ send answer' }).click();

    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('done');
    const answers = log.locator('.question-answer');
    await expect.poll(() => answers.allTextContents()).toEqual([
      'answer salesforce, zendesk · by dana',
      'answer Zendesk phones are stale. · by dana',
      'answer uploaded uploads/stage_map.csv · by dana',
    ]);
    await button(page, '▤ workspace files').click();
    const tree = page.getByRole('navigation', { name: 'Workspace files' });
    await tree.getByRole('button', { name: /stage_map\.csv/ }).click();
    await expect.poll(() => page.getByRole('table', { name: 'uploads/stage_map.csv' }).locator('td').allTextContents()).toEqual(['Qualify', 'Qualification']);
    await tree.getByRole('button', { name: /answers\.json/ }).click();
    const json = page.getByLabel('answers.json', { exact: true });
    await expect.poll(() => json.textContent()).toContain('"notes": "Zendesk phones are stale."');

    await page.getByRole('button', { name: /switch to dark theme/ }).click();
    await author.shot('35-run-done-dark');
    await page.getByRole('button', { name: /switch to light theme/ }).click();
    expect(author.problems).toEqual([]);
  });

  test('a child run is linked both ways', async () => {
    const { page } = author;
    const child = (await api<{ id: string }>('POST', 'playbooks', {
      name: 'E2E Child',
      sop: { goal: 'Be called', steps: [step('hello', 'kbagent.log', { message: 'hello from the child' })] },
      budget: { max_usd_per_run: 1 },
    })).id;
    const parent = (await api<{ id: string }>('POST', 'playbooks', {
      name: 'E2E Parent',
      sop: { goal: 'Call the child', steps: [step('call', 'kbagent.call_playbook', { playbook_id: child })] },
      budget: { max_usd_per_run: 1 },
    })).id;
    const run = await api<{ id: string }>('POST', `playbooks/${parent}/run`, {});
    await page.goto(`/runs/${run.id}`);
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('done');
    const children = page.getByRole('region', { name: /child runs · 1/ });
    await children.getByRole('link').waitFor();
    await page.getByRole('log', { name: 'Run events' }).getByRole('link', { name: 'open child run' }).waitFor();
    await author.shot('36-parent-run');

    await children.getByRole('link').click();
    await page.getByRole('link', { name: 'parent run' }).waitFor();
    await page.getByRole('log', { name: 'Run events' }).getByText('hello from the child', { exact: true }).waitFor();
    expect(await page.locator('.page-header .eyebrow').textContent()).toContain('E2E Child');
    await page.getByRole('link', { name: 'parent run' }).click();
    await page.waitForURL(`**/runs/${run.id}`);
    expect(author.problems).toEqual([]);
  });
});
