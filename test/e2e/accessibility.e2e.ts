/// <reference types="node" />
// Issue 16: an accessibility check on every screen. axe-core (WCAG 2.1 A and AA rules) runs in
// the page on each screen of the app — signed out, and signed in as an author with a Playbook, a
// run waiting for approval (with the approval modal open) and a finished audit log — and no
// serious or critical violation may remain.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, openBrowser, signInWith, type Browser, freshAuthor } from './browser';
import { violations } from './axe';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
// An author of this file's own (see freshAuthor); set before any test runs.
let authorToken = '';
const PLAYBOOK = {
  name: 'Accessibility check',
  description: 'Posts a reminder.',
  sop: {
    goal: 'Remind the AR channel',
    steps: [{
      id: 'remind', title: 'Post the reminder', instruction: 'Send it.', completion_criteria: 'sent', allowed_tools: ['slack.send_message'],
      actions: [{ tool: 'slack.send_message', args: { channel: '#ar-collections', text: '*Invoice 1042* is overdue' } }],
    }],
  },
  budget: { max_usd_per_run: 1 },
};

describe('accessibility: no serious or critical axe violation on any screen', () => {
  let author: Browser;
  let playbookId = '';
  let runId = '';

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'a11y');
    playbookId = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', PLAYBOOK)).id;
    runId = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', `playbooks/${playbookId}/run`, {})).id;
    author = await openBrowser(baseUrl);
  });
  afterAll(() => author?.close());

  test('the sign-in screen', async () => {
    await author.page.goto('/');
    await author.page.getByLabel('api token').waitFor();
    expect(await violations(author.page)).toEqual([]);
  });

  const screens: [string, () => string, string | RegExp][] = [
    ['Playbooks library', () => '/playbooks', 'Playbooks'],
    ['new Playbook', () => '/playbooks/new', 'New Playbook'],
    ['Playbook detail', () => `/playbooks/${playbookId}`, PLAYBOOK.name],
    ['Playbook editor', () => `/playbooks/${playbookId}/edit`, /Edit/],
    ['run form', () => `/playbooks/${playbookId}/run`, /Run/],
    ['past jobs', () => '/runs', 'Past Jobs'],
    ['run view', () => `/runs/${runId}`, /Job #/],
    ['audit log', () => `/runs/${runId}/audit`, /Audit/],
    ['activity inbox', () => '/inbox', 'Activity Inbox'],
    ['blueprints', () => '/blueprints', 'Blueprints'],
    ['a blueprint', () => '/blueprints/data-cleanup-for-ai', /Data Cleanup/i],
    ['connections', () => '/connections', 'Connections'],
    ['local project', () => '/local-project', /Local Project/],
    ['skills', () => '/skills', 'Skills'],
    ['a skill', () => '/skills/entity-resolution', /entity/i],
    ['plugins', () => '/plugins', 'Plugins'],
    ['tools and policies', () => '/tools', 'Tools & Policies'],
    ['not found', () => '/no-such-screen', /Not Found/i],
  ];

  test.each(screens)('%s', async (_name, path, heading) => {
    const { page } = author;
    if (!(await page.getByRole('button', { name: 'sign out' }).count())) await signInWith(page, authorToken);
    await page.goto(path());
    await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
    // Let lists and live data arrive before checking.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(await violations(page)).toEqual([]);
  });

  test.each([['users', '/admin/users', 'Users'], ['vault', '/admin/vault', 'Vault'], ['MCP servers', '/admin/mcp-servers', 'MCP servers']])('the admin screen: %s', async (_name, path, heading) => {
    const admin = await openBrowser(baseUrl);
    try {
      await signInWith(admin.page, tokens.admin);
      await admin.page.goto(path);
      await admin.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await admin.page.waitForLoadState('networkidle').catch(() => undefined);
      expect(await violations(admin.page)).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  test('the approval modal', async () => {
    const { page } = author;
    await page.goto(`/runs/${runId}`);
    await page.getByRole('button', { name: /review approval/ }).click();
    await page.getByRole('dialog').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(author.problems).toEqual([]);
  });
});
