/// <reference types="node" />
// Issue 17, item 4: service accounts on Admin → Users. As the admin: create one limited to a
// Playbook (the token is shown once and works against the API, as a service account), rotate it
// (the old token is refused at once, the new one works), revoke it (refused at once).
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, freshAuthor, openBrowser, signInWith, type Browser } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
const NAME = `e2e machine ${crypto.randomUUID().slice(0, 6)}`;

async function me(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('service accounts on Admin → Users', () => {
  let admin: Browser;
  let playbookId: string;

  beforeAll(async () => {
    const author = await freshAuthor(baseUrl, tokens.admin, 'sa-admin');
    playbookId = (await apiCall<{ id: string }>(baseUrl, author, 'POST', 'playbooks', {
      name: 'For a machine', sop: { goal: 'g', steps: [{ id: 's', title: 'S', instruction: 'i', completion_criteria: 'c', allowed_tools: ['sql.local'] }] }, budget: { max_usd_per_run: 1 },
    })).id;
    admin = await openBrowser(baseUrl);
    await signInWith(admin.page, tokens.admin);
  });
  afterAll(async () => {
    await admin?.close();
  });

  test('create (token shown once), rotate (old token refused), revoke (refused)', async () => {
    const { page } = admin;
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'New service account' });
    await form.getByLabel('name').fill(NAME);
    await form.getByLabel(/playbooks/).fill(playbookId);
    await form.getByRole('button', { name: '+ create service account' }).click();

    const first = (await page.getByTestId('issued-service-account-token').textContent())!.trim();
    expect(await me(first)).toMatchObject({ status: 200, body: { kind: 'service_account', allowed_playbooks: [playbookId] } });
    const table = page.getByRole('table', { name: 'Service accounts' });
    const row = table.getByRole('row').filter({ hasText: NAME });
    await row.getByText(`…${first.slice(-4)}`).waitFor();
    await admin.shot('admin-service-accounts');

    await row.getByRole('button', { name: new RegExp(`rotate the token of ${NAME}`) }).click();
    await row.getByRole('button', { name: '✕ confirm rotate' }).click();
    await expect.poll(async () => (await page.getByTestId('issued-service-account-token').textContent())?.trim()).not.toBe(first);
    const second = (await page.getByTestId('issued-service-account-token').textContent())!.trim();
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);

    await row.getByRole('button', { name: new RegExp(`revoke service account ${NAME}`) }).click();
    await row.getByRole('button', { name: '✕ confirm revoke' }).click();
    await row.getByText('revoked').waitFor();
    expect((await me(second)).status).toBe(401);
  });
});
