/// <reference types="node" />
// One Chromium per signed-in person, each with a fresh profile, at 1280×800 (ui.md: every screen
// must work there). Page errors and failed API calls are collected so a test can assert none.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = join(process.cwd(), 'test-results/e2e');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Browser = {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors seen so far. */
  problems: string[];
  shot: (name: string) => Promise<void>;
  close: () => Promise<void>;
};

export async function openBrowser(baseUrl: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'agent-studio-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    baseURL: baseUrl,
    colorScheme: 'light',
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // 4xx answers the UI handles (a 422 shown inline, say) also log as console errors; skip those.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    context,
    problems,
    shot: async (name) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A JSON call to the app's API as the holder of `token`; anything but a 2xx fails the test. */
export async function apiCall<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Signs in with `token` on the sign-in screen and waits for the Playbooks library. */
export async function signInWith(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('api token').fill(token);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
}

/**
 * A new author with a token of their own. The e2e files share one app, and some (foundation) read
 * the demo author's library as they left it: a file that only needs "an author" uses its own, so
 * its Playbooks and runs never show up in another file's lists, whatever order the files run in.
 */
export async function freshAuthor(baseUrl: string, adminToken: string, name: string): Promise<string> {
  const id = `e2e-${name}-${crypto.randomUUID().slice(0, 6)}`;
  await apiCall(baseUrl, adminToken, 'POST', 'users', { id, name: `E2E ${name}`, role: 'author' });
  return (await apiCall<{ token: string }>(baseUrl, adminToken, 'POST', `users/${id}/tokens`, { label: 'e2e' })).token;
}
