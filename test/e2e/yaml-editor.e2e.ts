/// <reference types="node" />
// Issue 18: the Playbook's YAML in CodeMirror. The editor chunk is fetched on the editor page only;
// a wrong tool id is underlined at its line with the message the API's validation gives, before
// any save; a tool id completes from the live registry; saving writes a revision; text typed while
// the chunk loads carries over; and if the chunk cannot load, the plain textarea still edits and saves.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, freshAuthor, openBrowser, signInWith, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
let authorToken = '';

const NAME = 'YAML editor check';
const PLAYBOOK = {
  name: NAME,
  sop: {
    goal: 'Look at the data',
    steps: [
      { id: 'look', title: 'Look', instruction: 'Look at the table.', completion_criteria: 'looked', allowed_tools: ['kbagent.workspace_artifact'] },
      { id: 'query', title: 'Query', instruction: 'Query it.', completion_criteria: 'queried', allowed_tools: ['sql.local'] },
    ],
  },
  budget: { max_usd_per_run: 1 },
};

const EDITOR_CHUNK = /\/assets\/chunks\/codemirror-[^/]*\.js$/;

describe('the Playbook YAML editor', () => {
  let b: Browser;
  let id = '';
  const requested: string[] = [];
  const writes: string[] = [];

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'yaml-editor');
    id = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', PLAYBOOK)).id;
    b = await openBrowser(baseUrl);
    b.page.on('request', (r) => {
      requested.push(r.url());
      if (r.method() === 'PATCH' && r.url().endsWith(`/playbooks/${id}`)) writes.push(r.url());
    });
  });
  afterAll(() => b?.close());

  const content = () => b.page.locator('.cm-content');
  /** The line of the YAML whose text is `text`, trimmed. */
  const line = (text: string) => b.page.locator('.cm-line').filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*[\]]/g, '\\$&')}\\s*$`) });

  test('the library and the Playbook page do not fetch the editor chunk; the editor page does', async () => {
    await signInWith(b.page, authorToken);
    await b.page.getByRole('link', { name: NAME }).waitFor();
    await b.page.getByRole('link', { name: NAME }).click();
    await b.page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await b.page.getByRole('list', { name: 'Revisions' }).waitFor();
    expect(requested.filter((url) => EDITOR_CHUNK.test(url))).toEqual([]);

    await b.page.getByRole('link', { name: '✎ edit yaml' }).click();
    await content().waitFor();
    expect(requested.filter((url) => EDITOR_CHUNK.test(url))).toHaveLength(1);
    // The editable region is labelled and reads like the textarea it replaced.
    const editor = b.page.getByLabel(/playbook yaml/);
    expect(await editor.getAttribute('class')).toContain('cm-content');
    expect(await editor.evaluate((el) => (el as HTMLTextAreaElement).value)).toContain('- sql.local');
  });

  test('the keyboard is never trapped: Tab leaves the editor for the save button, Shift+Tab comes back', async () => {
    await content().focus();
    await b.page.keyboard.press('Tab');
    expect(await b.page.evaluate(() => document.activeElement?.textContent)).toContain('save as revision 2');
    await b.page.keyboard.press('Shift+Tab');
    expect(await b.page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
  });

  test('a wrong tool id is underlined at its line with the API’s message, before any save', async () => {
    await line('- sql.local').click();
    await b.page.keyboard.press('End');
    for (let i = 0; i < 'sql.local'.length; i++) await b.page.keyboard.press('Backspace');
    await b.page.keyboard.type('Bad_Tool');
    await b.page.keyboard.press('Escape'); // close any completion list

    const underline = b.page.locator('.cm-lintRange-error');
    await expect.poll(() => underline.count()).toBe(1);
    expect(await underline.textContent()).toBe('Bad_Tool');
    expect(await line('- Bad_Tool').locator('.cm-lintRange-error').count()).toBe(1);
    await underline.hover();
    const tooltip = b.page.locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    // The message is the one a save would give (POST /playbooks/validate is the save's own check).
    const yaml = await content().evaluate((el) => (el as HTMLTextAreaElement).value);
    const saveWouldSay = await fetch(`${baseUrl}/v1/agent-studio/playbooks/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${authorToken}`, 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(saveWouldSay.status).toBe(422);
    const [issue] = ((await saveWouldSay.json()) as { error: { details: { issues: { path: string; message: string }[] } } }).error.details.issues;
    expect(issue!.path).toBe('sop.steps[1].allowed_tools[0]');
    expect(await tooltip.textContent()).toContain(issue!.message);
    expect(writes).toEqual([]);
    await b.shot('yaml-editor-bad-tool');
  });

  test('a YAML syntax error is underlined too', async () => {
    await b.page.keyboard.press('Control+End');
    await b.page.keyboard.insertText('\nbroken: [unclosed');
    await expect.poll(() => b.page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await b.page.locator('.cm-lintRange-error').last().hover();
    await expect.poll(() => b.page.locator('.cm-tooltip-lint').textContent()).toMatch(/flow|collection|]/i);
    for (let i = 0; i < '\nbroken: [unclosed'.length; i++) await b.page.keyboard.press('Backspace');
  });

  test('a tool id completes from the live registry; the underline goes', async () => {
    await line('- Bad_Tool').click();
    await b.page.keyboard.press('End');
    for (let i = 0; i < 'Bad_Tool'.length; i++) await b.page.keyboard.press('Backspace');
    await b.page.keyboard.type('kbagent.human_in');
    const option = b.page.locator('.cm-tooltip-autocomplete li', { hasText: 'kbagent.human_in_loop' });
    await option.waitFor();
    // Enter right as the list opens is ignored by design (interactionDelay); a person waits a beat.
    await b.page.waitForTimeout(150);
    await b.page.keyboard.press('Enter');
    await line('- kbagent.human_in_loop').waitFor();
    // No error, and no warning either: the id is in the registry (the half-typed one was not).
    await expect.poll(() => b.page.locator('.cm-lintRange-error, .cm-lintRange-warning, .cm-lint-marker').count()).toBe(0);
    await b.shot('yaml-editor-completed');
  });

  test('saving writes revision 2 with what was typed', async () => {
    await b.page.getByRole('button', { name: '✓ save as revision 2' }).click();
    await b.page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await b.page.getByRole('list', { name: 'Revisions' }).getByRole('link', { name: 'revision 2' }).waitFor();
    const saved = await apiCall<{ revision: number; spec: { sop: { steps: { allowed_tools: string[] }[] } } }>(baseUrl, authorToken, 'GET', `playbooks/${id}`);
    expect(saved.revision).toBe(2);
    expect(saved.spec.sop.steps[1]!.allowed_tools).toEqual(['kbagent.human_in_loop']);
    expect(writes).toHaveLength(1);
  });

  test('what is typed in the stand-in textarea while the chunk loads is in the editor when it arrives', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    await b.page.route(EDITOR_CHUNK, async (route) => {
      await gate;
      await route.continue();
    });
    await b.page.goto(`/playbooks/${id}/edit`);
    const textarea = b.page.locator('textarea#playbook-yaml');
    await textarea.waitFor();
    const typed = (await textarea.inputValue()).replace('Query it.', 'Query it, then check it.');
    expect(typed).toContain('then check it');
    await textarea.fill(typed);
    release();
    await content().waitFor();
    expect(await content().evaluate((el) => (el as HTMLTextAreaElement).value)).toBe(typed);
    await b.page.unroute(EDITOR_CHUNK);
  });

  test('when the chunk cannot load, the textarea edits and saves', async () => {
    await b.page.route(EDITOR_CHUNK, (route) => route.abort());
    // A fresh page load: the failed chunk is not cached by the module loader.
    await b.page.goto(`/playbooks/${id}/edit`);
    const textarea = b.page.locator('textarea#playbook-yaml');
    await textarea.waitFor();
    const yaml = await textarea.inputValue();
    await textarea.fill(yaml.replace('Look at the table.', 'Look at the table twice.'));
    expect(await content().count()).toBe(0);
    await b.page.getByRole('button', { name: '✓ save as revision 3' }).click();
    await b.page.getByRole('list', { name: 'Revisions' }).getByRole('link', { name: 'revision 3' }).waitFor();
    await b.page.unroute(EDITOR_CHUNK);
  });
});
