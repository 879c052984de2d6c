/// <reference types="node" />
// Issue 18 in the browser: a Playbook's lifecycle. "use this blueprint" asks for the new Playbook's
// name (prefilled with the blueprint's; an empty one stays on the form) and the fork takes it. The
// new Playbook is published at revision 1; an edit makes revision 2 a draft ("draft r2 ·
// published r1"), the owner publishes it with one button, and the revisions section compares 1 and
// 2 as a unified diff of their YAML. A runner's page and run form are the published revision's
// (steps, inputs, triggers), never the owner's newer draft; the owner publishes any revision from
// the revisions list, and going back to an older one asks first.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, freshAuthor, openBrowser, signInWith, type Browser } from './browser';
import { violations } from './axe';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
const BLUEPRINT = 'product-cost-allocation';
const NAME = `Lifecycle check ${Math.random().toString(36).slice(2, 7)}`;
const RENAMED = `${NAME} v2`;

type Playbook = { id: string; name: string; revision: number; published_revision?: number; source_blueprint?: string };
type Draftable = { spec: { inputs: unknown[]; triggers: unknown[]; sop: { steps: { title: string }[] } } };
const DRAFT_TITLE = 'Draft-only step title';

describe('Playbook lifecycle', () => {
  let b: Browser;
  let author = '';
  let id = '';
  let publishedTitle = '';
  const forks: string[] = [];

  beforeAll(async () => {
    author = await freshAuthor(baseUrl, tokens.admin, 'lifecycle');
    b = await openBrowser(baseUrl);
    b.page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith(`/blueprints/${BLUEPRINT}/fork`)) forks.push(r.postData() ?? ''); });
    await signInWith(b.page, author);
  });
  afterAll(() => b?.close());

  test('forking a blueprint asks for a name, prefilled, and the new Playbook has it', async () => {
    const { page } = b;
    const blueprint = await apiCall<{ playbook_template: { name: string } }>(baseUrl, author, 'GET', `blueprints/${BLUEPRINT}`);
    await page.goto(`/blueprints/${BLUEPRINT}`);
    await page.getByRole('button', { name: '+ use this blueprint', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Use this blueprint' });
    const name = dialog.getByLabel('name', { exact: true });
    expect(await name.inputValue()).toBe(blueprint.playbook_template.name);
    await b.shot('lifecycle-fork-dialog');
    expect(await violations(page)).toEqual([]);

    // An empty name is refused on the form; nothing is forked.
    await name.fill('   ');
    await dialog.getByRole('button', { name: '+ create Playbook' }).click();
    await dialog.getByText('Give the Playbook a name.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(forks).toEqual([]);

    await name.fill(NAME);
    await dialog.getByRole('button', { name: '+ create Playbook' }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    expect(forks.map((body) => JSON.parse(body))).toEqual([{ name: NAME }]);
    id = new URL(page.url()).pathname.split('/')[2]!;
    const created = await apiCall<Playbook>(baseUrl, author, 'GET', `playbooks/${id}`);
    expect(created).toMatchObject({ name: NAME, source_blueprint: BLUEPRINT, revision: 1, published_revision: 1 });
    await page.locator('.page-header').getByText('published r1', { exact: true }).waitFor();
    // Nothing to publish yet: revision 1 is the published one.
    expect(await page.getByRole('button', { name: /^⇪ publish r\d/ }).count()).toBe(0);
  });

  test('an edit is a draft until the owner publishes it', async () => {
    const { page } = b;
    const edited = await apiCall<Playbook>(baseUrl, author, 'PATCH', `playbooks/${id}`, { name: RENAMED });
    expect(edited).toMatchObject({ revision: 2, published_revision: 1 });
    await page.reload();
    await page.locator('.page-header').getByText('draft r2 · published r1', { exact: true }).waitFor();
    await b.shot('lifecycle-unpublished-changes');

    await page.getByRole('button', { name: '⇪ publish r2' }).click();
    await page.locator('.page-header').getByText('published r2', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^⇪ publish r\d/ }).count()).toBe(0);
    expect((await apiCall<Playbook>(baseUrl, author, 'GET', `playbooks/${id}`)).published_revision).toBe(2);
    const latest = page.getByRole('list', { name: 'Revisions' }).getByRole('listitem').first();
    expect(await latest.textContent()).toMatch(/revision 2.*published/);
    // The library card says it too.
    await page.goto('/');
    await page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem').filter({ hasText: RENAMED }).getByText('published r2', { exact: true }).waitFor();
  });

  test('two revisions compare as a unified diff of their YAML', async () => {
    const { page } = b;
    await page.goto(`/playbooks/${id}`);
    const compare = page.getByRole('form', { name: 'Compare revisions' });
    await compare.getByLabel('from').selectOption('1');
    await compare.getByLabel('to').selectOption('2');
    await compare.getByRole('button', { name: 'show diff' }).click();
    const diff = page.getByLabel('Diff from revision 1 to revision 2');
    await diff.waitFor();
    expect(await diff.locator('.diff-file').allTextContents()).toEqual(['--- revision 1', '+++ revision 2']);
    expect(await diff.locator('.diff-removed').allTextContents()).toEqual([`-name: ${NAME}`]);
    expect(await diff.locator('.diff-added').allTextContents()).toEqual([`+name: ${RENAMED}`]);
    await page.getByText('1 added · 1 removed').waitFor();
    await diff.scrollIntoViewIfNeeded();
    await b.shot('lifecycle-revision-diff');
    expect(await violations(page)).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  test("a runner's page and run form are the published revision's, not the owner's newer draft", async () => {
    const runnerId = `e2e-lifecycle-runner-${crypto.randomUUID().slice(0, 6)}`;
    await apiCall(baseUrl, tokens.admin, 'POST', 'users', { id: runnerId, name: 'E2E lifecycle runner', role: 'runner' });
    const runnerToken = (await apiCall<{ token: string }>(baseUrl, tokens.admin, 'POST', `users/${runnerId}/tokens`, { label: 'e2e' })).token;
    await apiCall(baseUrl, author, 'PUT', `playbooks/${id}/sharing`, { allowed_users: [runnerId] });
    const published = await apiCall<Draftable>(baseUrl, author, 'GET', `playbooks/${id}`);
    publishedTitle = published.spec.sop.steps[0]!.title;
    // Revision 3, a draft: an input, a first step's title and a cron trigger only it has.
    await apiCall(baseUrl, author, 'PATCH', `playbooks/${id}`, {
      inputs: [...published.spec.inputs, { name: 'draft_only_note', type: 'string' }],
      sop: { steps: published.spec.sop.steps.map((s, i) => (i === 0 ? { ...s, title: DRAFT_TITLE } : s)) },
      triggers: [...published.spec.triggers, { type: 'cron', id: 'draft-tick', expression: '0 7 * * 1', timezone: 'UTC' }],
    });

    const runner = await openBrowser(baseUrl);
    try {
      await signInWith(runner.page, runnerToken);
      await runner.page.goto(`/playbooks/${id}`);
      const header = runner.page.locator('.page-header');
      await header.getByText('published r2', { exact: true }).waitFor();
      expect(await header.getByText(/draft r\d/).count()).toBe(0);
      await runner.page.locator('.step-title', { hasText: publishedTitle }).first().waitFor();
      expect(await runner.page.locator('.step-title', { hasText: DRAFT_TITLE }).count()).toBe(0);
      const triggers = runner.page.getByRole('region', { name: 'schedule & triggers' });
      await expect.poll(() => triggers.locator('.loading').count()).toBe(0);
      expect(await triggers.getByRole('listitem', { name: 'trigger draft-tick' }).count()).toBe(0);
      const revisions = runner.page.getByRole('list', { name: 'Revisions' });
      await expect.poll(() => revisions.getByRole('listitem').count()).toBe(2);
      expect(await runner.page.getByRole('button', { name: /publish/ }).count()).toBe(0);
      await runner.shot('lifecycle-runner-sees-published');

      await runner.page.goto(`/playbooks/${id}/run`);
      await runner.page.getByText(/^runs revision 2;/).waitFor();
      expect(await runner.page.locator('#input-draft_only_note').count()).toBe(0);
      expect(runner.problems).toEqual([]);
    } finally {
      await runner.close();
    }
    // The owner's page and form are the draft's, and say which revision is published.
    await b.page.goto(`/playbooks/${id}`);
    await b.page.locator('.page-header').getByText('draft r3 · published r2', { exact: true }).waitFor();
    await b.page.locator('.step-title', { hasText: DRAFT_TITLE }).waitFor();
    await b.page.getByRole('note').filter({ hasText: 'Listed: the triggers of published revision 2' }).waitFor();
    expect(await b.page.getByRole('listitem', { name: 'trigger draft-tick' }).count()).toBe(0);
    await b.page.goto(`/playbooks/${id}/run`);
    await b.page.getByText(/^runs revision 3;/).waitFor();
    await b.page.locator('#input-draft_only_note').waitFor();
    // Both editors open the latest revision, the draft, and save the next one.
    await b.page.goto(`/playbooks/${id}/edit`);
    await b.page.getByText('playbook yaml · editing revision 3').waitFor();
    await b.page.getByRole('button', { name: '✓ save as revision 4' }).waitFor();
    await b.page.goto(`/playbooks/${id}/edit?view=form`);
    await b.page.getByRole('button', { name: new RegExp(DRAFT_TITLE) }).first().waitFor();
  });

  test('any revision is published from the revisions list; going back to an older one asks first', async () => {
    const { page } = b;
    const publishedNow = async () => (await apiCall<Playbook>(baseUrl, author, 'GET', `playbooks/${id}`)).published_revision;
    await page.goto(`/playbooks/${id}`);
    const revisions = page.getByRole('list', { name: 'Revisions' });
    const header = page.locator('.page-header');
    // The published revision has no button; every other one has.
    await revisions.getByRole('button', { name: 'publish revision 3' }).waitFor();
    expect(await revisions.getByRole('button', { name: 'publish revision 2' }).count()).toBe(0);

    // A newer revision publishes at once, and the registry follows: the draft's cron trigger is listed now.
    await revisions.getByRole('button', { name: 'publish revision 3' }).click();
    await header.getByText('published r3', { exact: true }).waitFor();
    await page.getByRole('listitem', { name: 'trigger draft-tick' }).waitFor();
    expect(await publishedNow()).toBe(3);

    // An older one asks first; cancel publishes nothing.
    await revisions.getByRole('button', { name: 'publish revision 1' }).click();
    const ask1 = page.getByRole('group', { name: 'roll back to revision 1?' });
    await ask1.waitFor();
    await ask1.getByRole('button', { name: 'cancel' }).click();
    expect(await ask1.count()).toBe(0);
    expect(await publishedNow()).toBe(3);

    await revisions.getByRole('button', { name: 'publish revision 2' }).click();
    const ask2 = page.getByRole('group', { name: 'roll back to revision 2?' });
    expect(await ask2.textContent()).toContain('Runners and triggers go back from r3 to r2.');
    await b.shot('lifecycle-rollback-confirm');
    expect(await violations(page)).toEqual([]);
    await ask2.getByRole('button', { name: '⇪ confirm roll back to r2' }).click();
    await header.getByText('draft r3 · published r2', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('listitem', { name: 'trigger draft-tick' }).count()).toBe(0);
    expect(await publishedNow()).toBe(2);
    expect(b.problems).toEqual([]);
  });
});
