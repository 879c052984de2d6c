/// <reference types="node" />
// Issue 16: an approval shows the outcome, not JSON. One run sends a Slack message (Slack is not
// set up in this app: sandbox mode), fully loads a new table holding personal data into a new
// bucket, and runs a Keboola job; each waits for a person. The Slack approval shows the message as
// Slack would (bold, link, mention, quote) under a sandbox banner; the write shows the new bucket
// and table, the rows, the personal-data columns flagged and the first rows masked; the job shows
// the component and configuration by name and what such a job changes. The raw payload and the
// dry run stay one click away.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiCall, openBrowser, signInWith, type Browser, freshAuthor } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
// An author of this file's own (see freshAuthor); set before any test runs.
let authorToken = '';
const BUCKET = `out.c-e2e-previews-${Date.now().toString(36)}`;
const EMAILS = ['ann.smith@example.com', 'bob.jones@example.org', 'cara.diaz@example.net'];
const CSV = [
  'person_id,first_name,email,phone,date_of_birth,national_id,segment',
  `p1,Ann,${EMAILS[0]},+420 601 123 456,1980-01-02,800102/1234,enterprise`,
  `p2,Bob,${EMAILS[1]},+1 (555) 010-2030,1975-05-06,123-45-6789,smb`,
  `p3,Cara,${EMAILS[2]},+44 20 7946 0958,1990-09-10,QQ123456C,smb`,
].join('\n');
// p1 moves segment, p4 is new: against the loaded table, one change and one new row.
const UPDATE = [
  'person_id,first_name,email,phone,date_of_birth,national_id,segment',
  `p1,Ann,${EMAILS[0]},+420 601 123 456,1980-01-02,800102/1234,smb`,
  'p4,Dan,dan@example.com,+1 555 010 7777,1988-08-08,987-65-4321,enterprise',
].join('\n');

const PLAYBOOK = {
  name: 'E2E approval previews',
  sop: {
    goal: 'Tell the team, load the people, refresh HubSpot',
    steps: [
      {
        id: 'notify', title: 'Tell the team', instruction: 'Send it.', completion_criteria: 'sent', allowed_tools: ['slack.send_message'],
        actions: [{ tool: 'slack.send_message', args: { channel: '#ar-collections', text: '*Overdue:* <https://example.test/inv/1042|invoice 1042> for <@U123|dana>\n> please pay by Friday' } }],
      },
      {
        id: 'load', title: 'Load the people', instruction: 'Load them.', completion_criteria: 'loaded', allowed_tools: ['keboola.storage.write'],
        actions: [{ tool: 'keboola.storage.write', args: { table_id: `${BUCKET}.people`, csv: CSV, primary_key: ['person_id'] } }],
      },
      {
        id: 'update', title: 'Update the people', instruction: 'Load the changes.', completion_criteria: 'loaded', allowed_tools: ['keboola.storage.write'],
        actions: [{ tool: 'keboola.storage.write', args: { table_id: `${BUCKET}.people`, csv: UPDATE, incremental: true } }],
      },
      {
        id: 'refresh', title: 'Refresh HubSpot', instruction: 'Run the extractor.', completion_criteria: 'ran', allowed_tools: ['keboola.jobs.run'],
        actions: [{ tool: 'keboola.jobs.run', args: { component: 'keboola.ex-hubspot', config: '1187650002' } }],
      },
    ],
  },
  // Every write waits for a person here, so the job's preview is seen too.
  risk_policy: { write: 'dry_run_then_approve' },
  budget: { max_usd_per_run: 1 },
};

describe('approval previews show the outcome', () => {
  let author: Browser;
  let runId = '';

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'previews');
    const playbook = await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', PLAYBOOK);
    runId = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', `playbooks/${playbook.id}/run`, {})).id;
    author = await openBrowser(baseUrl);
    await signInWith(author.page, authorToken);
  });
  afterAll(() => author?.close());

  async function openApproval(page: Page, title: string | RegExp): Promise<Locator> {
    await page.goto(`/runs/${runId}`);
    const banner = page.getByRole('region', { name: 'Pending approval' });
    await banner.getByText(title).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /review approval/ }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    return dialog;
  }

  async function approve(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: /^✓ approve/ }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  test('Slack: the message as Slack shows it, under a sandbox banner; the raw payload one click away', async () => {
    const { page } = author;
    const dialog = await openApproval(page, 'Send Slack message to #ar-collections');
    const outcome = dialog.getByRole('region', { name: 'Outcome' });
    await expect(outcome.getByRole('note', { name: 'Slack sandbox mode' }).textContent()).resolves.toContain('nothing reaches #ar-collections');
    const message = outcome.getByLabel('Message as Slack shows it');
    await expect(message.locator('strong').first().textContent()).resolves.toBe('Overdue:');
    const link = message.getByRole('link', { name: 'invoice 1042' });
    await expect(link.getAttribute('href')).resolves.toBe('https://example.test/inv/1042');
    await expect(message.locator('.slack-mention').textContent()).resolves.toBe('@dana');
    await expect(message.locator('.slack-quote').textContent()).resolves.toBe('please pay by Friday');
    // The markup is rendered, not shown: no asterisks or angle brackets in what the approver reads.
    expect(await message.textContent()).not.toMatch(/[*<>]/);
    // The raw payload is closed but one click away, and is exactly what will be sent.
    const payload = dialog.getByLabel('Payload');
    await expect(payload.isVisible()).resolves.toBe(false);
    await dialog.locator('summary', { hasText: 'raw payload' }).click();
    await payload.waitFor();
    expect(JSON.parse((await payload.textContent())!)).toMatchObject({ tool_id: 'slack.send_message', args: { channel: '#ar-collections' } });
    await author.shot('preview-slack');
    await approve(dialog);
  });

  test('table write: a new bucket and table, the rows, personal data flagged and the sample masked', async () => {
    const { page } = author;
    const dialog = await openApproval(page, `Full load of CSV into Keboola table ${BUCKET}.people`);
    const outcome = dialog.getByRole('region', { name: 'Outcome' });
    const text = (await outcome.textContent())!;
    expect(text).toContain('creates a new table');
    expect(text).toContain('creates the bucket');
    expect(text).toMatch(/rows\s*3/);
    const flags = (await outcome.getByLabel('Personal data columns').textContent())!;
    for (const column of ['first_name · name', 'email · e-mail', 'phone · phone', 'date_of_birth · date of birth', 'national_id · national id']) expect(flags).toContain(column);
    expect(flags).not.toContain('segment');
    const sample = outcome.getByRole('table', { name: 'First rows, personal data masked' });
    const sampleText = (await sample.textContent())!;
    expect(sampleText).toContain('a***@example.com');
    expect(sampleText).toContain('enterprise');
    // No personal value of the load is readable in the outcome.
    for (const secret of [...EMAILS, '601 123 456', '800102/1234', '123-45-6789', '1980-01-02', 'Ann,']) expect(text).not.toContain(secret);
    await author.shot('preview-table-write');
    await approve(dialog);
  });

  test('an incremental load into that table: the rows it adds and changes against the table now', async () => {
    const { page } = author;
    const dialog = await openApproval(page, `Incrementally load CSV into Keboola table ${BUCKET}.people`);
    const outcome = dialog.getByRole('region', { name: 'Outcome' });
    expect(await outcome.textContent()).toContain('adds rows');
    const changes = (await outcome.getByLabel('Changes to the table').textContent())!;
    expect(changes).toContain('+1 new · 1 changed (segment: 1) · 0 unchanged');
    expect(changes).toContain('by person_id');
    expect(changes).not.toContain('removed');
    await author.shot('preview-table-diff');
    await approve(dialog);
  });

  test('job run: the component and configuration by name and what the job changes', async () => {
    const { page } = author;
    const dialog = await openApproval(page, 'Run Keboola job keboola.ex-hubspot / configuration 1187650002');
    const text = (await dialog.getByRole('region', { name: 'Outcome' }).textContent())!;
    expect(text).toContain('HubSpot');
    expect(text).toContain('HubSpot - Contacts');
    expect(text).toContain('extractor');
    expect(text).toContain('loads data from the source system');
    await author.shot('preview-job-run');
    await approve(dialog);
    await expect.poll(async () => (await apiCall<{ status: string }>(baseUrl, authorToken, 'GET', `runs/${runId}`)).status, { timeout: 30_000 }).toBe('done');
    expect(author.problems).toEqual([]);
  });
});
