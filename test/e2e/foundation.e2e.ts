/// <reference types="node" />
// Issue 2, end to end in a real browser against the real app: sign in, create and revise a
// Playbook from the YAML editor, see a validation error inline, fork a blueprint, share with a
// runner who then sees only that Playbook read-only, and delete in two steps.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './browser';
import { readYaml, writeYaml } from './yaml-text';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
const NAME = 'E2E Invoice Triage';

async function api<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function signIn(page: Page, token: string, who: string): Promise<void> {
  await page.goto('/');
  await expect.poll(() => page.getByRole('heading', { name: 'Sign In' }).isVisible()).toBe(true);
  await page.getByLabel('api token').fill(token);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
  await expect.poll(() => page.getByLabel('Signed in user').textContent()).toContain(who);
}

/** The detail screen's side panels load on their own; screenshots wait for them. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Revisions' }).waitFor();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'loading' }).count()).toBe(0);
}

/** Replaces the editor's text as the author would (select all, type). */
async function editYaml(page: Page, change: (yaml: string) => string): Promise<string> {
  const next = change(await readYaml(page));
  await writeYaml(page, next);
  return next;
}

describe('foundation: playbooks, blueprints and sharing in the browser', () => {
  let author: Browser;
  let runner: Browser;
  let playbookId = '';
  let forkId = '';

  beforeAll(async () => {
    author = await openBrowser(baseUrl);
  });
  afterAll(async () => {
    await author?.close();
    await runner?.close();
  });

  test('the author signs in with a token', async () => {
    const { page } = author;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign In' }).waitFor();
    await author.shot('01-sign-in');
    await page.getByLabel('api token').fill('not-a-token');
    await page.getByRole('button', { name: '→ sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();

    await signIn(page, tokens.author, 'Dana Engineer');
    expect(await page.evaluate(() => sessionStorage.getItem('agent-studio.token'))).toBe(tokens.author);
    await page.getByRole('heading', { name: 'No Playbooks yet' }).waitFor();
    expect(await page.getByRole('link', { name: /start from a blueprint/ }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /start from scratch/ }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.statusbar').textContent()).toContain('connected');
    await author.shot('02-library-empty');
  });

  test('creates a Playbook from the YAML editor and finds it in the library', async () => {
    const { page } = author;
    await page.getByRole('link', { name: '+ new playbook' }).click();
    await page.getByRole('heading', { name: 'New Playbook' }).waitFor();
    await editYaml(page, (yaml) => {
      expect(yaml).toContain('budget:');
      return yaml.replace('name: My new playbook', `name: ${NAME}`).replace('Describe the outcome this Playbook should produce.', 'Route each new invoice to its approver.');
    });
    await author.shot('03-new-playbook-editor');
    await page.getByRole('button', { name: '✓ create playbook' }).click();

    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    playbookId = new URL(page.url()).pathname.split('/')[2]!;
    expect(playbookId).toMatch(/^pb_/);
    expect(await page.getByText('Route each new invoice to its approver.').isVisible()).toBe(true);
    await settled(page);
    await author.shot('04-playbook-detail');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playbooks' }).click();
    const card = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem').filter({ hasText: NAME });
    await card.waitFor();
    expect(await card.textContent()).toContain(`${playbookId} · r1`);
    expect(await card.textContent()).toContain('draft');
    await author.shot('05-library');
  });

  test('editing the YAML writes revision 2; revision 1 stays viewable', async () => {
    const { page } = author;
    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('link', { name: '✎ edit yaml' }).click();
    await editYaml(page, (yaml) => yaml.replace('Route each new invoice to its approver.', 'Route each new invoice to the right approver within an hour.'));
    await page.getByRole('button', { name: '✓ save as revision 2' }).click();

    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByText('Route each new invoice to the right approver within an hour.').waitFor();
    const revisions = page.getByRole('list', { name: 'Revisions' });
    await revisions.getByRole('link', { name: 'revision 2' }).waitFor();
    expect(await revisions.getByRole('listitem').count()).toBe(2);
    expect(await page.getByRole('link', { name: `${playbookId} · r2` }).isVisible()).toBe(true);

    await revisions.getByRole('link', { name: 'revision 1' }).click();
    await page.getByRole('heading', { name: 'Revision 1' }).waitFor();
    const code = page.getByLabel('YAML of revision 1');
    expect(await code.textContent()).toContain('Route each new invoice to its approver.');
    expect(await code.textContent()).not.toContain('within an hour');
    await author.shot('06-revision-1');
  });

  test('an invalid on_failure is shown next to the editor and writes no revision', async () => {
    const { page } = author;
    await page.getByRole('link', { name: '← back to playbook' }).click();
    await page.getByRole('link', { name: '✎ edit yaml' }).click();
    const yaml = await editYaml(page, (text) => text.replace(/on_failure: abort/, 'on_failure: explode'));
    const badLine = yaml.split('\n').findIndex((line) => line.includes('on_failure: explode')) + 1;
    await page.getByRole('button', { name: '✓ save as revision 3' }).click();

    const issues = page.getByRole('alert', { name: 'Validation issues' });
    await issues.waitFor();
    expect(await issues.textContent()).toContain('sop.steps[0].on_failure');
    const jump = issues.getByRole('button', { name: `line ${badLine}` });
    expect(await jump.isVisible()).toBe(true);
    await jump.click();
    expect(await page.evaluate(() => document.getSelection()?.toString())).toContain('on_failure: explode');
    // The editor underlines the same issue at its value (validated as typed, the save's own check).
    await expect.poll(() => page.locator('.cm-lintRange-error').textContent()).toBe('explode');
    await author.shot('07-invalid-on-failure');

    // A YAML syntax error (400 with line and column) lands on its line the same way.
    const broken = await editYaml(page, (text) => text.replace('on_failure: explode', 'on_failure: abort').replace(/^budget:$/m, 'budget: ['));
    await page.getByRole('button', { name: '✓ save as revision 3' }).click();
    await expect.poll(() => issues.textContent()).toContain('yaml syntax');
    const brokenLine = broken.split('\n').findIndex((line) => line === 'budget: [') + 1;
    const jumpTo = Number((await issues.getByRole('button', { name: /line \d+/ }).textContent())?.match(/\d+/)?.[0]);
    expect(jumpTo).toBeGreaterThanOrEqual(brokenLine);
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);

    const { revisions } = await api<{ revisions: unknown[] }>(`playbooks/${playbookId}/revisions`, tokens.author);
    expect(revisions).toHaveLength(2);
    await page.getByRole('button', { name: 'cancel' }).click();
    await page.getByRole('list', { name: 'Revisions' }).getByRole('link', { name: 'revision 2' }).waitFor();
    expect(await page.getByRole('list', { name: 'Revisions' }).getByRole('listitem').count()).toBe(2);
  });

  test('forks the data-cleanup-for-ai blueprint from the catalogue', async () => {
    const { page } = author;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blueprints' }).click();
    await page.getByRole('heading', { name: 'Blueprints', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'Data Cleanup' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('data-cleanup');
    const link = page.locator('a[href="/blueprints/data-cleanup-for-ai"]');
    const tags = page.getByRole('list', { name: 'Blueprints' }).locator(':scope > li .card-top');
    await expect.poll(async () => [...new Set(await tags.allTextContents())]).toEqual(['Data Cleanup']);
    await link.waitFor();
    await author.shot('08-blueprints-catalogue');

    await page.getByLabel('search').fill('zzz-no-such-blueprint');
    await page.getByRole('heading', { name: 'No blueprints match' }).waitFor();
    await page.getByLabel('search').fill('');
    await link.waitFor();

    await link.click();
    for (const label of ['problem', 'what it does', 'expected impact', 'systems']) {
      await page.getByRole('heading', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('heading', { name: /^steps · \d+$/ }).waitFor();
    await author.shot('09-blueprint-detail');
    await page.getByRole('button', { name: '+ use this blueprint' }).click();
    // The fork asks for a name, prefilled with the template's (test/e2e/playbook-lifecycle.e2e.ts).
    await page.getByRole('dialog', { name: 'Use this blueprint' }).getByRole('button', { name: '+ create Playbook' }).click();

    await page.getByRole('link', { name: 'data-cleanup-for-ai' }).waitFor();
    forkId = new URL(page.url()).pathname.split('/')[2]!;
    expect(forkId).toMatch(/^pb_/);
    expect(forkId).not.toBe(playbookId);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data Cleanup for AI');
    await settled(page);
    await author.shot('10-forked-playbook');
  });

  test('shares the first Playbook with carl', async () => {
    const { page } = author;
    await page.goto(`/playbooks/${playbookId}`);
    const sharing = page.getByRole('form', { name: 'Sharing' });
    await sharing.getByLabel(/Carl Controller/).check();
    await sharing.getByRole('button', { name: '⇢ save sharing' }).click();
    await sharing.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await expect.poll(() => sharing.textContent()).toContain('admins and: carl');
    await author.shot('11-shared-with-carl');
    const summary = await api<{ allowed_users: string[] }>(`playbooks/${playbookId}`, tokens.author);
    expect(summary.allowed_users).toEqual(['carl']);
  });

  test('the runner sees only the shared Playbook, without edit controls', async () => {
    runner = await openBrowser(baseUrl);
    const { page } = runner;
    await signIn(page, tokens.runner, 'Carl Controller');
    const cards = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain(NAME);
    expect(await page.getByRole('link', { name: '+ new playbook' }).count()).toBe(0);
    await runner.shot('12-runner-library');

    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByText('read-only · shared with you').waitFor();
    for (const name of ['✎ edit yaml', '✕ delete']) {
      expect(await page.getByRole('link', { name }).count()).toBe(0);
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('form', { name: 'Sharing' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await settled(runner.page);
    await runner.shot('13-runner-detail');

    await page.goto(`/playbooks/${forkId}`);
    await page.getByRole('alert').filter({ hasText: 'was not found' }).waitFor();
    expect(runner.problems).toEqual([]);
  });

  test('back as the author, delete takes two steps', async () => {
    const { page } = author;
    await page.goto(`/playbooks/${forkId}`);
    await page.getByRole('button', { name: '✕ delete' }).click();
    const confirm = page.getByRole('button', { name: '✕ confirm delete' });
    await confirm.waitFor();
    await author.shot('14-confirm-delete');
    // Armed but not confirmed: the Playbook still exists.
    await api(`playbooks/${forkId}`, tokens.author);
    await confirm.click();

    await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Playbooks' });
    await list.getByRole('listitem').filter({ hasText: NAME }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(1);
    const { playbooks } = await api<{ playbooks: { id: string }[] }>('playbooks', tokens.author);
    expect(playbooks.map((p) => p.id)).toEqual([playbookId]);

    await page.getByRole('button', { name: /switch to dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await author.shot('15-library-dark');
    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await settled(page);
    await author.shot('16-detail-dark');
    expect(author.problems).toEqual([]);
  });

  test('works from the keyboard: skip link, then links and buttons by Tab and Enter', async () => {
    const { page } = author;
    await page.goto('/playbooks');
    await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // From the start of main, the first stop is "+ new playbook"; Enter follows it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('+ new playbook');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New Playbook' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(author.problems).toEqual([]);
  });

  test('the plugins screen and the whole catalogue render what the API lists', async () => {
    const { page } = author;
    const { plugins } = await api<{ plugins: { name: string }[] }>('plugins', tokens.author);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plugins' }).click();
    await page.getByRole('heading', { name: 'Plugins', level: 1 }).waitFor();
    const cards = page.getByRole('list', { name: 'Plugins' }).locator(':scope > li');
    await expect.poll(() => cards.count()).toBe(plugins.length);
    for (const plugin of plugins) expect(await page.getByRole('heading', { name: plugin.name }).isVisible()).toBe(true);
    await author.shot('17-plugins-dark');

    const { blueprints } = await api<{ blueprints: unknown[] }>('blueprints', tokens.author);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blueprints' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Blueprints' }).locator(':scope > li').count()).toBe(blueprints.length);
    await page.getByRole('button', { name: /switch to light theme/ }).click();
    await author.shot('18-blueprints-all');
    expect(author.problems).toEqual([]);
  });
});
