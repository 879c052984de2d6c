/// <reference types="node" />
// Issue 16: the screens people use every day work on a phone (390×844) as on a desktop (1440×900):
// the library, the run view with its controls, the inbox → approval modal → approve, and the
// navigation. On each: no sideways scroll, the header's controls and the top bar's buttons do not
// overlap each other or the title, sign-out is on screen; screenshots of each.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiCall, openBrowser, signInWith, type Browser, freshAuthor } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
// An author of this file's own (see freshAuthor); set before any test runs.
let authorToken = '';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

const PLAYBOOK = {
  name: 'Layout check: a reminder to the accounts receivable channel with a long name',
  sop: {
    goal: 'Remind the AR channel',
    steps: [{
      id: 'remind', title: 'Post the reminder', instruction: 'Send it.', completion_criteria: 'sent', allowed_tools: ['slack.send_message'],
      actions: [{ tool: 'slack.send_message', args: { channel: '#ar-collections', text: 'Invoice 1042 is 30 days overdue.\nPlease pay this week.' } }],
    }],
  },
  budget: { max_usd_per_run: 1 },
};

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

/** The page and every scrolling region in the shell scroll only up and down. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    return { page: [document.documentElement.scrollWidth, document.documentElement.clientWidth], main: [main.scrollWidth, main.clientWidth] };
  });
  expect(widths.page[0], `${where}: page scroll width`).toBeLessThanOrEqual(widths.page[1]!);
  expect(widths.main[0], `${where}: main scroll width`).toBeLessThanOrEqual(widths.main[1]!);
}

/** Visible, inside the viewport, and not overlapping one another. */
async function expectApart(page: Page, where: string, locators: Locator[]): Promise<void> {
  const viewport = page.viewportSize()!;
  const boxes: Box[] = [];
  for (const locator of locators) {
    const box = await locator.boundingBox();
    expect(box, `${where}: ${locator} is shown`).not.toBeNull();
    expect(box!.x, `${where}: ${locator} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${where}: ${locator} ends on screen`).toBeLessThanOrEqual(viewport.width + 0.5);
    boxes.push(box!);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${where}: ${locators[i]} overlaps ${locators[j]}`).toBe(false);
  }
}

describe.each(VIEWPORTS)('the everyday screens at $width×$height', (viewport) => {
  let author: Browser;
  let runId = '';

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'layout');
    const playbook = await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', 'playbooks', { ...PLAYBOOK, name: `${PLAYBOOK.name} (${viewport.name})` });
    runId = (await apiCall<{ id: string }>(baseUrl, authorToken, 'POST', `playbooks/${playbook.id}/run`, {})).id;
    author = await openBrowser(baseUrl);
    await author.page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signInWith(author.page, authorToken);
  });
  afterAll(() => author?.close());

  const topBar = (page: Page) => [
    page.getByRole('link', { name: 'Agent Studio home' }),
    page.getByRole('button', { name: /switch to (dark|light) theme/ }),
    page.getByRole('button', { name: 'sign out' }),
  ];

  test('library: the top bar fits, sign-out on screen, nothing scrolls sideways', async () => {
    const { page } = author;
    await page.getByRole('link', { name: `${PLAYBOOK.name} (${viewport.name})` }).waitFor();
    await expectNoSidewaysScroll(page, 'library');
    await expectApart(page, 'library top bar', topBar(page));
    await author.shot(`layout-${viewport.name}-library`);
  });

  test('navigation: every screen is reachable (a drawer behind the menu button on a phone)', async () => {
    const { page } = author;
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'menu' });
    if (viewport.name === 'phone') {
      await nav.waitFor({ state: 'hidden' });
      await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
      await menu.click();
      await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
      await nav.getByRole('link', { name: /Past Jobs/ }).waitFor();
      await author.shot(`layout-${viewport.name}-menu`);
    } else {
      await expect(menu.isVisible()).resolves.toBe(false);
    }
    await nav.getByRole('link', { name: /Past Jobs/ }).click();
    await page.getByRole('heading', { name: 'Past Jobs', level: 1 }).waitFor();
    // Choosing a screen closes the drawer.
    if (viewport.name === 'phone') await nav.waitFor({ state: 'hidden' });
    await expectNoSidewaysScroll(page, 'past jobs');
  });

  test('run view: the controls wrap under the title, nothing overlaps or scrolls sideways', async () => {
    const { page } = author;
    await page.goto(`/runs/${runId}`);
    await page.getByRole('region', { name: 'Pending approval' }).waitFor();
    await expectNoSidewaysScroll(page, 'run view');
    const header = page.locator('.page-header');
    await expectApart(page, 'run header', [
      header.locator('.eyebrow'),
      header.getByRole('heading', { level: 1 }),
      page.getByRole('button', { name: /pause/ }),
      page.getByRole('button', { name: /resume/ }),
      page.getByRole('button', { name: /cancel/ }),
    ]);
    await expectApart(page, 'run top bar', topBar(page));
    await author.shot(`layout-${viewport.name}-run`);
  });

  test('inbox → approval modal → approve: the modal fits the screen and its buttons are large', async () => {
    const { page } = author;
    await page.goto('/inbox');
    const item = page.getByRole('link', { name: /Send Slack message to #ar-collections/ }).first();
    await item.waitFor();
    await expectNoSidewaysScroll(page, 'inbox');
    await author.shot(`layout-${viewport.name}-inbox`);
    await page.goto(`/runs/${runId}`);
    await page.getByRole('button', { name: /review approval/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Send Slack message to #ar-collections' });
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const approve = dialog.getByRole('button', { name: /approve & send/ });
    const reject = dialog.getByRole('button', { name: /reject/ });
    await expectApart(page, 'modal actions', [approve, reject, dialog.getByRole('button', { name: /edit then approve/ })]);
    // Tap targets of at least 40 px on a phone.
    if (viewport.name === 'phone') for (const button of [approve, reject]) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(40);
    await author.shot(`layout-${viewport.name}-approval`);
    await approve.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/undo/i).first().waitFor();
    await expectNoSidewaysScroll(page, 'run view after approving');
    expect(author.problems).toEqual([]);
  });
});
