/// <reference types="node" />
// Issue 14, "your own tables, locally", in the browser: an author opens Local Project, uploads a
// CSV with a ragged row and sees the refusal with its line (and the table is not created), then
// uploads a CSV with awkward headers and sees the table listed with safe column names and the
// original headers beside them. A runner sees the tables but no upload box.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { openBrowser, signInWith, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const TABLE = 'in.c-mine.contacts';

async function listed(): Promise<string[]> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/local-project/tables`, { headers: { authorization: `Bearer ${tokens.author}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { tables: { id: string }[] }).tables.map((t) => t.id);
}

async function signIn(page: Page, token: string): Promise<void> {
  await signInWith(page, token);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Local Project' }).click();
  await page.getByRole('heading', { name: 'Local Project', level: 1 }).waitFor();
}

const csvFile = (text: string) => ({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('local project: upload your own CSV', () => {
  let author: Browser;

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    author = await openBrowser(baseUrl);
    await signIn(author.page, tokens.author);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('the upload box is there, beside the bundled sample tables', async () => {
    const { page } = author;
    await page.getByRole('table', { name: 'Local tables' }).getByText('in.c-salesforce.contacts').waitFor();
    await page.getByRole('form', { name: 'Upload a CSV' }).waitFor();
    await author.shot('90-local-upload-box');
  });

  test('a ragged file is refused with its line and reason, and no table appears', async () => {
    const { page } = author;
    await page.getByLabel('table id').fill(TABLE);
    await page.getByLabel(/csv file/).setInputFiles(csvFile('Name,E-mail Address\nAnn,ann@acme.com\nBob\n'));
    await page.getByRole('button', { name: '↑ upload table' }).click();
    const refusal = page.getByRole('alert', { name: 'Upload refused' });
    await expect.poll(() => refusal.textContent()).toContain('Refused at line 3: the row has 1 fields; the header has 2');
    await author.shot('91-local-upload-refused');
    expect(await listed()).not.toContain(TABLE);
    expect(await page.getByRole('table', { name: 'Local tables' }).getByText(TABLE).count()).toBe(0);
  });

  test('a file with awkward headers is loaded and listed with safe names and the originals', async () => {
    const { page } = author;
    await page.getByLabel(/csv file/).setInputFiles(csvFile('Account.Name,E-mail Address,vid\n"Acme, Inc.",ann@acme.com,1\nGlobex,bob@globex.com,2\n'));
    await page.getByRole('button', { name: '↑ upload table' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Created' }).textContent()).toContain(`Created ${TABLE}: 2 rows, 3 columns`);
    const row = page.getByRole('table', { name: 'Local tables' }).getByRole('row').filter({ hasText: TABLE });
    await expect.poll(() => row.textContent()).toContain('Account_Name (“Account.Name”)');
    expect(await row.textContent()).toContain('E_mail_Address (“E-mail Address”)');
    await row.scrollIntoViewIfNeeded();
    await author.shot('92-local-upload-listed');
    expect(await listed()).toContain(TABLE);
    expect(author.problems).toEqual([]);
  });

  test('a runner sees the tables but no upload box', async () => {
    const runner = await openBrowser(baseUrl);
    try {
      await signIn(runner.page, tokens.runner);
      await runner.page.getByRole('table', { name: 'Local tables' }).getByText(TABLE).waitFor();
      expect(await runner.page.getByRole('form', { name: 'Upload a CSV' }).count()).toBe(0);
      await runner.page.getByText('authors and admins upload tables').waitFor();
    } finally {
      await runner.close();
    }
  });
});
