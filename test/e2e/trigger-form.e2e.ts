/// <reference types="node" />
// Issue 16: the triggers form on the Playbook screen says what is wrong where it is wrong. A bad cron
// is flagged as it is typed, before any save; a refused save shows every issue at once, next to its
// field, in words (no `triggers[1].id`); a Europe/Prague 08:00 schedule shows its next run as 08:00
// "Europe/Prague" whatever the browser's zone; "saved as revision N" appears only after the save;
// published, the trigger shows its next run, and so does the library card.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, openBrowser, signInWith, type Browser, freshAuthor } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
// An author of this file's own (see freshAuthor); set before any test runs.
let authorToken = '';

const NAME = 'Trigger form check: morning reminder';
const PLAYBOOK = {
  name: NAME,
  sop: {
    goal: 'Remind the AR channel',
    steps: [{ id: 'note', title: 'Write a note', instruction: 'Write it.', completion_criteria: 'written', allowed_tools: ['kbagent.workspace_artifact'],
      actions: [{ tool: 'kbagent.workspace_artifact', args: { path: 'note.txt', content: 'hello' } }] }],
  },
  budget: { max_usd_per_run: 1 },
};

describe('the triggers form', () => {
  let b: Browser;
  let id = '';
  const patches: string[] = [];

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'triggers');
    id = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', PLAYBOOK)).id;
    b = await openBrowser(baseUrl);
    b.page.on('request', (r) => { if (r.method() === 'PATCH' && r.url().endsWith(`/playbooks/${id}`)) patches.push(r.url()); });
    await signInWith(b.page, authorToken);
    await b.page.goto(`/playbooks/${id}`);
    await b.page.getByRole('button', { name: '+ add trigger' }).click();
  });
  afterAll(() => b?.close());

  const form = () => b.page.getByRole('form', { name: 'Add trigger' });
  const fieldOf = (label: string) => form().locator('.field').filter({ has: b.page.getByLabel(label, { exact: true }) });

  test('a bad cron is flagged next to its field as it is typed, before saving', async () => {
    await form().getByLabel('time zone', { exact: true }).fill('Europe/Prague');
    await form().getByLabel('cron expression', { exact: true }).fill('0 25 * * *');
    const error = fieldOf('cron expression').locator('.field-error');
    await expect.poll(() => error.textContent()).toMatch(/^cron expression not a valid schedule: .*hour/i);
    expect(await form().getByLabel('cron expression', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form().getByRole('button', { name: '✓ add trigger' }).click();
    expect(patches).toEqual([]);
    expect(await b.page.getByText(/saved as revision/i).count()).toBe(0);
    await b.shot('trigger-form-bad-cron');

    await form().getByLabel('cron expression', { exact: true }).fill('0 8 * * 1-5');
    await expect.poll(() => error.count()).toBe(0);
    await form().getByText('At 08:00, Monday through Friday (Europe/Prague)').waitFor();
    await expect.poll(() => form().locator('.cron-next').textContent()).toMatch(/, 08:00 Europe\/Prague$/);
  });

  test('a refused save shows both issues at once, next to their fields, in words', async () => {
    await form().getByLabel('trigger type').selectOption('keboola.table_updated');
    await form().getByLabel('table id', { exact: true }).fill('in.c-crm.contacts');
    await form().getByLabel('check every (seconds)', { exact: true }).fill('10');
    await form().getByLabel('name (optional)', { exact: true }).fill('Nightly Sync!');
    await form().getByRole('button', { name: '✓ add trigger' }).click();
    await form().getByRole('alert', { name: 'Validation issues' }).waitFor();
    expect(patches.length).toBe(1);
    expect(await fieldOf('check every (seconds)').locator('.field-error').textContent()).toBe('check every (seconds) must be at least 60');
    expect(await fieldOf('name (optional)').locator('.field-error').textContent()).toMatch(/^name must be lowercase letters/);
    const text = (await form().textContent()) ?? '';
    expect(text).not.toMatch(/triggers\[/);
    expect(text).toMatch(/2 things to fix/);
    expect(await b.page.getByText(/saved as revision/i).count()).toBe(0);
    await b.shot('trigger-form-two-errors');
  });

  test('a Europe/Prague 08:00 trigger saves, then says so, and shows its next run at 08:00 Europe/Prague', async () => {
    await form().getByLabel('trigger type').selectOption('cron');
    await form().getByLabel('name (optional)', { exact: true }).fill('morning');
    await form().getByLabel('cron expression', { exact: true }).fill('0 8 * * 1-5');
    await form().getByLabel('time zone', { exact: true }).fill('Europe/Prague');
    expect(await b.page.getByText(/saved as revision/i).count()).toBe(0);
    await form().getByRole('button', { name: '✓ add trigger' }).click();
    await b.page.getByRole('status').filter({ hasText: 'saved as revision 2' }).waitFor();
    // Revision 2 is a draft (issue 18): the trigger is scheduled once it is published.
    await b.page.getByRole('button', { name: '⇪ publish r2' }).click();
    const item = b.page.getByRole('listitem', { name: 'trigger morning' });
    await expect.poll(() => item.locator('.trigger-next').textContent()).toMatch(/, 08:00 Europe\/Prague \(/);
    expect(await item.textContent()).toContain('At 08:00, Monday through Friday (Europe/Prague)');
    await item.scrollIntoViewIfNeeded();
    await b.shot('trigger-form-saved');
  });

  test('the library card shows the next run in the trigger zone', async () => {
    await b.page.getByRole('link', { name: 'Playbooks' }).first().click();
    const card = b.page.getByRole('listitem').filter({ has: b.page.getByRole('link', { name: NAME }) });
    await expect.poll(() => card.locator('.card-next-run dd').textContent()).toMatch(/, 08:00 Europe\/Prague$/);
    await card.scrollIntoViewIfNeeded();
    await b.shot('trigger-form-library-card');
    expect(b.problems).toEqual([]);
  });
});
