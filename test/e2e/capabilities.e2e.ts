/// <reference types="node" />
// Capabilities in the browser: the Connections screen (discovered from the built-in sample
// project: Salesforce with its writer, HubSpot, Zendesk; Slack in sandbox mode; search; rediscover),
// the Skills screen (the built-in skill's preview, tables and script; a user skill uploaded, an
// invalid one refused inline), and a Playbook's Schedule & Triggers (a webhook added from the UI,
// its secret shown once and accepted by the hook endpoint; disabled, then enabled again).
// It starts its own app instance.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { openBrowser, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;

const PLAYBOOK = {
  name: 'E2E Nightly Contacts Check',
  description: 'Checks the CRM contacts when something asks it to.',
  sop: {
    goal: 'Check the contacts',
    steps: [{ id: 'check', title: 'Check', instruction: 'Look at the contacts.', completion_criteria: 'checked' }],
  },
  budget: { max_usd_per_run: 1 },
  triggers: [{ type: 'manual' }, { type: 'cron', expression: '0 6 * * 1-5', timezone: 'Europe/Prague' }, { type: 'email.received' }],
};

const USER_SKILL = `---
name: invoice-chasing
description: Chase overdue invoices politely, escalating after two reminders.
---

# Invoice chasing

## Tool Selection Guide

| Task | Tool | Notes |
|---|---|---|
| Find overdue invoices | \`keboola.workspace.query\` | |

## Context Persistence

| Key | Description |
|---|---|
| reminded_invoices | Invoices already reminded, with the date |
`;

async function api<T>(method: string, path: string, body?: unknown, token = tokens.author): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** A Standard Webhooks delivery signed with the secret the UI showed. */
async function deliver(url: string, secret: string, id: string): Promise<number> {
  const body = JSON.stringify({ reason: 'e2e' });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
    body,
  });
  return response.status;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('api token').fill(token);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
}

const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const card = (page: Page, name: string) => page.getByRole('listitem', { name: `${name} connection` });

describe('capabilities: connections, skills, triggers', () => {
  let author: Browser;
  let playbookId = '';

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    playbookId = (await api<{ id: string }>('POST', 'playbooks', PLAYBOOK)).id;
    author = await openBrowser(baseUrl);
    await signIn(author.page, tokens.author);
  });
  afterAll(async () => {
    await author?.close();
    await app?.stop();
  });

  test('Connections: built-ins, the discovered Salesforce (with its writer), HubSpot and Zendesk, Slack in sandbox mode; search; rediscover', async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();

    const builtins = page.getByRole('list', { name: 'keboola built-ins' });
    await builtins.getByText('Keboola Storage').waitFor();
    const discovered = page.getByRole('list', { name: 'from your keboola project' });
    for (const [name, component] of [['Salesforce', 'keboola.ex-salesforce'], ['HubSpot', 'keboola.ex-hubspot'], ['Zendesk', 'keboola.ex-zendesk']] as const) {
      const c = discovered.getByRole('listitem', { name: `${name} connection` });
      expect(await c.locator('.status').textContent()).toBe('available');
      expect(await c.textContent()).toContain(component);
    }
    expect(await card(page, 'Salesforce').textContent()).toContain('keboola.wr-salesforce');
    expect(await card(page, 'HubSpot').textContent()).toContain('none configured');
    const slack = page.getByRole('list', { name: 'direct api connections' }).getByRole('listitem', { name: 'Slack connection' });
    expect(await slack.locator('.status').textContent()).toBe('needs setup');
    expect(await slack.getByRole('note').textContent()).toContain('outbox/');
    expect(await slack.textContent()).toMatch(/slack\.send_message\s*external send/);
    expect(await page.getByRole('status', { name: 'Discovery' }).textContent()).toContain('the built-in sample project');
    expect(await button(page, /^needs setup · 1$/).isVisible()).toBe(true);
    await author.shot('60-connections');

    // Counts filter by auth state; search goes to the API (?q=).
    await button(page, /^needs setup · /).click();
    await expect.poll(() => page.getByRole('listitem', { name: /connection$/ }).count()).toBe(1);
    await button(page, /^all · /).click();
    await page.getByLabel('search connections').fill('zendesk');
    await expect.poll(() => page.getByRole('listitem', { name: /connection$/ }).count()).toBe(1);
    await card(page, 'Zendesk').waitFor();
    expect(await page.getByRole('list', { name: 'direct api connections' }).count()).toBe(0);
    await page.getByLabel('search connections').fill('');
    await card(page, 'Slack').waitFor();

    // Rediscover: POST /tools/discover, then the time line is read again.
    const before = (await api<{ discovery: { discovered_at: string } }>('GET', 'connections')).discovery.discovered_at;
    const discovered$ = page.waitForResponse((r) => r.url().endsWith('/tools/discover') && r.request().method() === 'POST');
    await button(page, '↻ rediscover').click();
    expect((await discovered$).status()).toBe(200);
    await button(page, '↻ rediscover').waitFor();
    await expect.poll(async () => (await api<{ discovery: { discovered_at: string } }>('GET', 'connections')).discovery.discovered_at).not.toBe(before);
    await card(page, 'Salesforce').waitFor();
    expect(author.problems).toEqual([]);
  });

  test('Skills: the built-in skill with its preview, tables and script tool; a user skill uploaded, an invalid one refused inline', async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'Skills', exact: true }).click();
    await page.getByRole('heading', { name: 'Skills', level: 1 }).waitFor();
    const builtin = page.getByRole('list', { name: 'built-in' });
    await builtin.getByRole('link', { name: 'data-quality-profiling' }).waitFor();
    expect(await builtin.textContent()).toContain('1 reference · 1 script');
    await author.shot('61-skills');

    await builtin.getByRole('link', { name: 'data-quality-profiling' }).click();
    await page.getByRole('heading', { name: 'data-quality-profiling', level: 1 }).waitFor();
    const preview = page.getByLabel('SKILL.md preview');
    await preview.locator('h1', { hasText: 'Data quality profiling' }).waitFor();
    expect(await preview.locator('table').count()).toBeGreaterThan(0);
    const files = page.getByRole('list', { name: 'data-quality-profiling files' });
    expect(await files.textContent()).toContain('interpreting-profiles.md');
    expect(await files.locator('.tree-script').textContent()).toMatch(/profile\.ts\s*compute\s*skill\.data-quality-profiling\.profile/);
    await author.shot('62-skill-detail');

    await page.getByRole('tab', { name: 'parsed tables' }).click();
    const guide = page.getByRole('table', { name: 'Tool selection guide' });
    expect(await guide.textContent()).toContain('skill.data-quality-profiling.profile');
    expect(await page.getByRole('table', { name: 'Integrations required' }).textContent()).toContain('keboola.connection');
    expect(await page.getByRole('table', { name: 'Context persistence' }).textContent()).toContain('baseline_profile');
    await author.shot('63-skill-tables');

    // Upload: an invalid SKILL.md (no frontmatter) first → 422 reasons beside the editor, nothing saved.
    await page.getByRole('link', { name: 'skills', exact: true }).click();
    await page.getByRole('link', { name: '+ upload skill' }).click();
    await page.getByRole('heading', { name: 'Upload Skill', level: 1 }).waitFor();
    const editor = page.getByLabel('SKILL.md', { exact: true });
    await editor.fill(USER_SKILL.replace('reminded_invoices', 'Reminded Invoices'));
    await button(page, '✓ upload skill').click();
    const issues = page.getByRole('alert', { name: 'Validation issues' });
    await issues.waitFor();
    expect(await issues.textContent()).toContain('tables.context_persistence[1].key');
    expect(await issues.textContent()).toContain('snake_case');
    await issues.getByRole('button', { name: /line \d+/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skill-md');
    expect(page.url()).toMatch(/\/skills\/new$/);
    await author.shot('64-skill-upload-422');

    await editor.fill(USER_SKILL);
    await button(page, '+ add reference').click();
    await page.getByLabel('reference 1 name').fill('tone.md');
    await page.getByLabel('reference 1 text').fill('# Tone\n\nFirm, never rude.');
    await button(page, '✓ upload skill').click();
    await page.waitForURL(/\/skills\/invoice-chasing$/);
    await page.getByRole('heading', { name: 'invoice-chasing', level: 1 }).waitFor();
    expect(await page.locator('.page-header .pill').textContent()).toBe('user');
    expect(await page.getByRole('list', { name: 'invoice-chasing files' }).textContent()).toContain('tone.md');
    expect(await page.getByLabel('Frontmatter', { exact: true }).textContent()).toContain('dana');
    await page.getByRole('link', { name: 'skills', exact: true }).click();
    await page.getByRole('list', { name: 'uploaded by users' }).getByRole('link', { name: 'invoice-chasing' }).waitFor();
    await author.shot('65-skills-with-user-skill');
    expect(author.problems).toEqual([]);
  });

  test('Schedule & Triggers: a webhook added from the UI (new revision), its secret shown once and accepted; disabled, then enabled', async () => {
    const { page } = author;
    await page.goto(`/playbooks/${playbookId}`);
    const section = page.getByRole('region', { name: 'schedule & triggers' });
    await section.getByRole('listitem', { name: 'trigger cron-1' }).waitFor();
    expect(await section.getByRole('listitem', { name: 'trigger cron-1' }).textContent()).toMatch(/0 6 \* \* 1-5 · At 06:00, Monday through Friday \(Europe\/Prague\)next fire.*06:00 Europe\/Prague/);
    expect(await section.getByRole('listitem', { name: 'trigger email.received-1' }).textContent()).toContain('not available');
    await section.getByRole('heading').scrollIntoViewIfNeeded();
    await author.shot('66-triggers');

    await button(page, '+ add trigger').click();
    const form = page.getByRole('form', { name: 'Add trigger' });
    // Planned types are listed but cannot be picked.
    expect(await form.locator('option[value="slack.message"]').isDisabled()).toBe(true);
    await form.getByLabel('trigger type').selectOption('http_webhook');
    await form.getByLabel('name (optional)').fill('crm-push');
    await button(page, '✓ add trigger').click();
    // Saved in a draft revision (issue 18): the webhook registers, and its secret is shown, once that is published.
    await section.getByRole('status').filter({ hasText: 'saved as revision 2, a draft' }).waitFor();
    expect(await section.getByRole('listitem', { name: 'trigger crm-push' }).count()).toBe(0);
    await button(page, '⇪ publish r2').click();

    const secretBox = page.getByRole('region', { name: 'New webhook secret' });
    await secretBox.waitFor();
    expect(await secretBox.textContent()).toContain('shown once');
    const values = secretBox.locator('.secret-value code');
    const secret = (await values.nth(0).textContent())!;
    const url = (await values.nth(1).textContent())!;
    expect(secret).toMatch(/^whsec_/);
    expect(url).toMatch(new RegExp(`^${baseUrl}/v1/agent-studio/hooks/trg_`));
    await secretBox.scrollIntoViewIfNeeded();
    await author.shot('67-webhook-secret-once');

    const record = await api<{ revision: number; spec: { triggers: { type: string; id?: string }[] } }>('GET', `playbooks/${playbookId}`);
    expect(record.revision).toBe(2);
    expect(record.spec.triggers.map((t) => t.id ?? t.type)).toEqual(['manual', 'cron', 'email.received', 'crm-push']);
    const item = section.getByRole('listitem', { name: 'trigger crm-push' });
    expect(await item.locator('.url-line code').textContent()).toBe(url);

    // The secret the UI showed is the one the hook endpoint checks.
    expect(await deliver(url, secret, 'msg_e2e_1')).toBe(202);

    // Dismissed, it is gone for good: the list shows the URL but never the secret.
    await button(page, '✓ I have stored it').click();
    expect(await page.getByRole('region', { name: 'New webhook secret' }).count()).toBe(0);
    expect(await section.textContent()).not.toContain(secret);
    await page.reload();
    await item.waitFor();
    expect(await section.textContent()).not.toContain(secret);

    // Disable from the switch (keyboard): deliveries are refused; enable again: accepted.
    const toggle = item.getByRole('switch', { name: 'crm-push enabled' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await item.getByText('disabled here; the Playbook says enabled').waitFor();
    expect((await api<{ triggers: { key: string; enabled: boolean }[] }>('GET', `playbooks/${playbookId}/triggers`)).triggers.find((t) => t.key === 'crm-push')?.enabled).toBe(false);
    expect(await deliver(url, secret, 'msg_e2e_2')).toBe(409);
    await item.scrollIntoViewIfNeeded();
    await author.shot('68-webhook-disabled');
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    expect(await deliver(url, secret, 'msg_e2e_3')).toBe(202);

    // Rotate: a new secret once; the old one no longer signs.
    await item.getByRole('button', { name: '⟳ rotate secret' }).click();
    await item.getByRole('button', { name: '⟳ rotate now' }).click();
    await secretBox.waitFor();
    const rotated = (await secretBox.locator('.secret-value code').nth(0).textContent())!;
    expect(rotated).not.toBe(secret);
    expect(await deliver(url, secret, 'msg_e2e_4')).toBe(401);
    expect(await deliver(url, rotated, 'msg_e2e_5')).toBe(202);
    await secretBox.scrollIntoViewIfNeeded();
    await author.shot('69-webhook-rotated');
    expect(author.problems).toEqual([]);
  });
});
