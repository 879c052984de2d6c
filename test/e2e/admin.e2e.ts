/// <reference types="node" />
// Issue 16: the admin screens. As the admin: create a user, issue them a token with an expiry
// (shown once), use it against the API, revoke it in the UI (the API refuses it at once); store a
// vault secret (its value never shows again, in the UI or the API); store the Slack bot token and
// see the Slack connection change on Connections. As an author: no Admin nav group, and the admin
// URLs are Not Found. Screenshots in test-results/e2e/admin-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');

const suffix = crypto.randomUUID().slice(0, 6);
const USER_ID = `e2e-admin-${suffix}`;
const SECRET_NAME = `e2e_secret_${suffix}`;
const SECRET_VALUE = `s3cr3t-${crypto.randomUUID()}`;
const SLACK_VALUE = `xoxb-e2e-${crypto.randomUUID()}`;

async function status(token: string, method: string, path: string): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

async function rawText(token: string, path: string): Promise<string> {
  return (await fetch(`${baseUrl}/v1/agent-studio/${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
}

type Connections = { direct: { id: string; auth_state: string }[] };
const slackState = async () => (await apiCall<Connections>(baseUrl, tokens.admin, 'GET', 'connections')).direct.find((c) => c.id === 'slack')?.auth_state;

describe('admin screens, as the admin', () => {
  let admin: Browser;

  beforeAll(async () => {
    admin = await openBrowser(baseUrl);
    await signInWith(admin.page, tokens.admin);
  });
  afterAll(async () => {
    // Later files send Slack messages in sandbox mode: never leave a bot token behind.
    for (const name of ['slack_bot_token', SECRET_NAME]) {
      await fetch(`${baseUrl}/v1/agent-studio/vault/${name}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    }
    await admin?.close();
  });

  test('the sidebar has an Admin group with Users, Vault and MCP Servers', async () => {
    const nav = admin.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('heading', { name: 'Admin' }).waitFor();
    await nav.getByRole('link', { name: /Users/ }).waitFor();
    await nav.getByRole('link', { name: /Vault/ }).waitFor();
    await nav.getByRole('link', { name: /MCP Servers/ }).waitFor();
    await admin.shot('admin-nav');
  });

  test('create a user, issue a token with an expiry, use it, revoke it: the API refuses it at once', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Users/ }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('id').fill(USER_ID);
    await form.getByLabel('name').fill('E2E Runner');
    await form.getByLabel('role').selectOption('runner');
    await form.getByLabel(/groups/).fill('finance, ops');
    await form.getByRole('button', { name: '+ create user' }).click();
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: USER_ID });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('finance, ops');
    // The new user is selected: their (empty) token list is open.
    await page.getByText('cannot sign in until one is issued').waitFor();

    const issue = page.getByRole('form', { name: 'Issue a token' });
    await issue.getByLabel('label').fill('e2e laptop');
    await issue.getByLabel('expires').selectOption('7');
    await issue.getByRole('button', { name: '+ issue token' }).click();
    const shown = page.getByTestId('issued-token');
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^ast_/);
    await page.getByRole('status', { name: 'New token' }).getByText('expires').waitFor();
    await admin.shot('admin-users-token-issued');

    // The token works against the API, as the new user.
    const me = await apiCall<{ id: string; role: string }>(baseUrl, token, 'GET', 'me');
    expect(me).toMatchObject({ id: USER_ID, role: 'runner' });

    // Listed by its last four characters, with its expiry about a week out; never in full.
    const tokenTable = page.getByRole('table', { name: `Tokens of ${USER_ID}` });
    const tokenRow = tokenTable.getByRole('row').filter({ hasText: 'e2e laptop' });
    await expect(tokenRow.textContent()).resolves.toContain(`…${token.slice(-4)}`);
    const listed = await apiCall<{ tokens: { expires_at: string }[] }>(baseUrl, tokens.admin, 'GET', `users/${USER_ID}/tokens`);
    const days = (Date.parse(listed.tokens[0]!.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(await rawText(tokens.admin, `users/${USER_ID}/tokens`)).not.toContain(token);

    await page.getByRole('button', { name: '✓ I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(token);
    await tokenRow.scrollIntoViewIfNeeded();
    await admin.shot('admin-users-token-list');

    await tokenRow.getByRole('button', { name: /^revoke token e2e laptop/ }).click();
    await tokenRow.getByRole('button', { name: '✕ confirm revoke' }).click();
    await tokenRow.waitFor({ state: 'detached' });
    await page.getByText('cannot sign in until one is issued').waitFor();
    await admin.shot('admin-users-token-revoked');
    expect(await status(token, 'GET', 'me')).toBe(401);
    expect(await status(token, 'GET', 'playbooks')).toBe(401);

    // An expiry on a picked day: the end of that day, in the browser's time zone.
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await issue.getByLabel('label').fill('e2e until a date');
    await issue.getByLabel('expires').selectOption('date');
    await issue.getByLabel('on', { exact: true }).fill(day);
    await issue.getByRole('button', { name: '+ issue token' }).click();
    const dated = (await shown.textContent())!.trim();
    const until = await apiCall<{ tokens: { label: string; expires_at: string }[] }>(baseUrl, tokens.admin, 'GET', `users/${USER_ID}/tokens`);
    const expiresAt = until.tokens.find((t) => t.label === 'e2e until a date')!.expires_at;
    expect(await page.evaluate((iso) => new Date(iso).toLocaleDateString('en-CA'), expiresAt)).toBe(day);
    expect(await status(dated, 'GET', 'me')).toBe(200);
  });

  test('a vault secret is stored and its value is never shown again, in the UI or the API', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Vault/ }).click();
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Store a secret' });
    await form.getByLabel('name').fill(SECRET_NAME);
    await form.getByLabel('value').fill(SECRET_VALUE);
    await form.getByRole('button', { name: '⇪ store' }).click();
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row').filter({ hasText: SECRET_NAME });
    await row.waitFor();
    await form.getByText(`stored ${SECRET_NAME}`).waitFor();
    await expect(form.getByLabel('value').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(SECRET_VALUE);
    expect(await rawText(tokens.admin, 'vault')).not.toContain(SECRET_VALUE);
    await admin.shot('admin-vault');

    // Replacing keeps one row; the new value is no more visible than the old.
    await form.getByLabel('name').fill(SECRET_NAME);
    await form.getByLabel('value').fill(`${SECRET_VALUE}-2`);
    await form.getByRole('button', { name: '⇪ store' }).click();
    await form.getByText(`stored ${SECRET_NAME}`).waitFor();
    await expect(page.getByRole('table', { name: 'Secrets' }).getByRole('row').filter({ hasText: SECRET_NAME }).count()).resolves.toBe(1);
    expect(await page.content()).not.toContain(SECRET_VALUE);

    await row.getByRole('button', { name: `delete secret ${SECRET_NAME}` }).click();
    await row.getByRole('button', { name: '✕ confirm delete' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await rawText(tokens.admin, 'vault')).not.toContain(SECRET_NAME);
  });

  test('storing the Slack bot token makes the Slack connection available on Connections; deleting it undoes that', async () => {
    const { page } = admin;
    expect(await slackState()).toBe('needs_setup');
    await page.goto('/admin/vault');
    const card = page.getByLabel('Slack setup');
    await card.getByText('needs setup').waitFor();
    await card.getByLabel('value').fill(SLACK_VALUE);
    await card.getByRole('button', { name: '⇪ store' }).click();
    await card.getByText('available').waitFor();
    expect(await page.content()).not.toContain(SLACK_VALUE);
    await admin.shot('admin-vault-slack');
    expect(await slackState()).toBe('available');

    await card.getByRole('link', { name: 'see connections →' }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    const slack = page.getByRole('listitem', { name: 'Slack connection' });
    await slack.getByText('available').waitFor();
    await expect(slack.getByText('sandbox mode').count()).resolves.toBe(0);
    await slack.scrollIntoViewIfNeeded();
    await admin.shot('admin-connections-slack-available');

    await page.goto('/admin/vault');
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row').filter({ hasText: 'slack_bot_token' });
    await row.getByRole('button', { name: 'delete secret slack_bot_token' }).click();
    await row.getByRole('button', { name: '✕ confirm delete' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Slack setup').getByText('needs setup').waitFor();
    expect(await slackState()).toBe('needs_setup');
  });

  test('the API\'s paths /users and /vault, and /settings, open the admin screens', async () => {
    const { page } = admin;
    for (const [path, heading] of [['/users', 'Users'], ['/vault', 'Vault'], ['/settings', 'Tools & Policies']] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
  });

  test('Keboola: testing the connection runs discovery and shows which project answered and what it found', async () => {
    const { page } = admin;
    await page.goto('/admin/vault');
    const card = page.getByLabel('Keboola setup');
    await card.getByRole('button', { name: '⇄ test the connection' }).click();
    const result = card.getByRole('status', { name: 'Keboola connection test' });
    await result.waitFor();
    // This app has no Keboola project URL: the sample project answers, and its components are found.
    const text = (await result.textContent())!;
    expect(text).toContain('The built-in sample project answered');
    expect(text).toMatch(/\d+ systems behind the project's components: .*Salesforce/);
    await admin.shot('admin-vault-keboola-test');
  });

  test('no page errors', () => {
    expect(admin.problems).toEqual([]);
  });
});

describe('admin screens, as an author', () => {
  let author: Browser;
  beforeAll(async () => {
    author = await openBrowser(baseUrl);
    await signInWith(author.page, tokens.author);
  });
  afterAll(() => author?.close());

  test('no Admin group in the sidebar, and the admin URLs are Not Found (the API says 403)', async () => {
    const { page } = author;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /Playbooks/ }).waitFor();
    await expect(nav.getByRole('heading', { name: 'Admin' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: /Users|Vault|MCP Servers/ }).count()).resolves.toBe(0);
    for (const path of ['/admin/users', '/admin/vault', '/admin/mcp-servers', '/users', '/vault', '/mcp-servers', '/settings']) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Page Not Found' }).waitFor();
      await expect(page.getByRole('heading', { name: /^(Users|Vault|MCP servers)$/, level: 1 }).count()).resolves.toBe(0);
    }
    await author.shot('admin-as-author-not-found');
    expect(await status(tokens.author, 'GET', 'vault')).toBe(403);
    expect(await status(tokens.author, 'GET', 'mcp-servers')).toBe(403);
    expect(await status(tokens.author, 'GET', `users/${USER_ID}/tokens`)).toBe(403);
    expect(author.problems).toEqual([]);
  });
});
