/// <reference types="node" />
// Issue 17: MCP servers on Admin → MCP Servers, in step with the API. As the admin: a bad name is
// refused on its field and nothing is registered; a fake MCP server registers with its tools at
// external_send; a tool's class is raised from the page (the picker never offers a class below the
// floor); removing the server removes its tools from the Broker's registry.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mcpRoutes } from '../fakes/mcp';
import { startFakeServer, type RunningFakes } from '../fakes/server';
import { apiCall, openBrowser, signInWith, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
const NAME = `e2e-${crypto.randomUUID().slice(0, 6)}`;

type Listed = { servers: { name: string; tools: { id: string; risk: string }[] }[]; tool_risks: string[] };

describe('MCP servers on Admin → MCP Servers', () => {
  let admin: Browser;
  let fakes: RunningFakes;

  beforeAll(async () => {
    fakes = await startFakeServer(mcpRoutes);
    admin = await openBrowser(baseUrl);
    await signInWith(admin.page, tokens.admin);
  });
  afterAll(async () => {
    await admin?.close();
    await fakes?.close();
  });

  test('register (bad name refused on its field), raise a tool\'s class, remove', async () => {
    const { page } = admin;
    const listed = () => apiCall<Listed>(baseUrl, tokens.admin, 'GET', 'mcp-servers');
    await page.goto('/admin/mcp-servers');
    const form = page.getByRole('form', { name: 'Register an MCP server' });
    await form.getByLabel(/^name/).fill('Has.Dots');
    await form.getByLabel(/^endpoint/).fill(`${fakes.url}/mcp/plain-${NAME}`);
    await form.getByRole('button', { name: '+ register server' }).click();
    await expect.poll(() => form.locator('#mcp-name-error').textContent()).toMatch(/lowercase letters/);
    expect((await listed()).servers.map((s) => s.name)).not.toContain('Has.Dots');

    await form.getByLabel(/^name/).fill(NAME);
    await form.getByRole('button', { name: '+ register server' }).click();
    const card = page.getByRole('article', { name: `MCP server ${NAME}` });
    const echo = card.getByRole('combobox', { name: `risk class of mcp.${NAME}.echo` });
    await expect.poll(() => echo.inputValue()).toBe('external_send');
    const offered = await echo.locator('option').allTextContents();
    expect(offered).toEqual((await listed()).tool_risks);
    expect(offered).not.toContain('write');
    await admin.shot('admin-mcp-servers');

    await echo.selectOption('destructive');
    await expect.poll(async () => (await listed()).servers.find((s) => s.name === NAME)?.tools.find((t) => t.id === `mcp.${NAME}.echo`)?.risk).toBe('destructive');
    const tools = JSON.stringify(await apiCall(baseUrl, tokens.admin, 'GET', 'tools'));
    expect(tools).toContain(`mcp.${NAME}.echo`);

    await card.getByRole('button', { name: new RegExp(`remove MCP server ${NAME}`) }).click();
    await card.getByRole('button', { name: '✕ confirm remove' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await listed()).servers.map((s) => s.name)).not.toContain(NAME);
    expect(JSON.stringify(await apiCall(baseUrl, tokens.admin, 'GET', 'tools'))).not.toContain(`mcp.${NAME}.echo`);
  });
});
