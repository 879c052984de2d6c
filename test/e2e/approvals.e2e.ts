/// <reference types="node" />
// Governance in the browser: a scripted Slack send (sandbox mode: the "send" writes outbox/…json
// into the run's workspace) waits for approval. Run 1 is approved in the modal (payload, hash
// verified in the browser, live TTL) and sends once after the undo window; run 2 is approved,
// undone inside the window, then rejected, and sends nothing; run 3 is edited then approved and
// sends the edited text. Then the Tools & Policies screen (registry, policy with a 422 inline)
// and a run's audit log with its chain verified. Last, a send approved and then paused is held:
// past its undo window it still says so (in the run view, the inbox and the modal), is undone from
// the modal, and nothing is sent. It starts its own app instance.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startApp, type App, type Tokens } from './app-process';
import { openBrowser, type Browser } from './browser';

let app: App;
let baseUrl = '';
let tokens: Tokens;
const NAME = 'E2E Collections Reminder';
const TITLE = 'Send Slack message to #ar-collections';
const TEXT = 'Invoice 1042 is 30 days overdue.';
const EDITED = 'Invoice 1042 is 31 days overdue: please pay this week.';

const PLAYBOOK = {
  name: NAME,
  description: 'Posts a payment reminder to the AR channel.',
  sop: {
    goal: 'Remind the AR channel about an overdue invoice',
    steps: [
      {
        id: 'remind',
        title: 'Post the reminder',
        instruction: 'Send the reminder to Slack.',
        completion_criteria: 'the message is sent',
        allowed_tools: ['slack.send_message'],
        actions: [{ tool: 'slack.send_message', args: { channel: '#ar-collections', text: TEXT } }],
      },
    ],
  },
  approval_policy: { undo_window_seconds_for_external_send: 5 },
  budget: { max_usd_per_run: 1 },
};

type Approval = { id: string; status: string; body_hash: string; previous_hash?: string; commit_held: boolean };
type RunDetail = { id: string; number: number; status: string; approvals: Approval[] };

async function api<T>(method: string, path: string, body?: unknown, token = tokens.author): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** The paths the run wrote under outbox/ (the sandbox "sends"). */
async function outbox(runId: string): Promise<string[]> {
  const { artifacts } = await api<{ artifacts: { path: string }[] }>('GET', `runs/${runId}/artifacts`);
  return artifacts.map((a) => a.path).filter((p) => p.startsWith('outbox/'));
}

async function artifactText(runId: string, path: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/agent-studio/runs/${runId}/artifacts/${path}`, { headers: { authorization: `Bearer ${tokens.author}` } });
  expect(response.status).toBe(200);
  return response.text();
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('api token').fill(token);
  await page.getByRole('button', { name: '→ sign in' }).click();
  await page.getByRole('heading', { name: 'Playbooks', level: 1 }).waitFor();
}

const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const headerStatus = (page: Page) => page.locator('.page-header .run-status .status').textContent();
const runIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;
const modal = (page: Page) => page.getByRole('dialog', { name: TITLE });
const pendingBanner = (page: Page) => page.getByRole('region', { name: 'Pending approval' });
const undoBanner = (page: Page) => page.getByRole('region', { name: 'Undo approval' });
const short = (hash: string) => `${hash.slice(0, 12)}…${hash.slice(-6)}`;
const HELD = 'Held: the run is paused. Nothing is sent until it resumes; you can still undo.';
/** Long enough to pause the run inside it; the test then waits it out to see the commit held, not sent. */
const HELD_UNDO_SECONDS = 8;

describe('approvals: the modal, undo, reject, edit; Tools & Policies; the audit log', () => {
  let author: Browser;
  let admin: Browser;
  let playbookId = '';
  let firstRun = '';

  beforeAll(async () => {
    app = await startApp();
    ({ baseUrl, tokens } = app);
    playbookId = (await api<{ id: string }>('POST', 'playbooks', PLAYBOOK)).id;
    author = await openBrowser(baseUrl);
    await signIn(author.page, tokens.author);
  });
  afterAll(async () => {
    await author?.close();
    await admin?.close();
    await app?.stop();
  });

  test('run 1: the banner, the modal (payload, verified hash, TTL, keyboard), approve & send, undo countdown, one send', async () => {
    const { page } = author;
    await page.goto(`/playbooks/${playbookId}`);
    await page.getByRole('link', { name: '▶ run' }).click();
    await button(page, '▶ start run').click();
    await page.waitForURL(/\/runs\/[^/?]+$/);
    firstRun = runIdOf(page);

    await pendingBanner(page).getByText(TITLE).waitFor();
    await expect.poll(() => headerStatus(page)).toBe('waiting for approval');
    const awaiting = page.getByRole('log', { name: 'Run events' }).locator('details.tool-call').filter({ hasText: 'slack.send_message' });
    await expect.poll(() => awaiting.locator('summary .status').textContent()).toBe('awaiting approval');
    await expect.poll(() => page.getByRole('link', { name: /Activity Inbox/ }).textContent()).toMatch(/Activity Inbox\s*1$/);
    await author.shot('40-approval-banner');

    const approval = (await api<RunDetail>('GET', `runs/${firstRun}`)).approvals[0]!;
    await button(page, '⚑ review approval').click();
    const dialog = modal(page);
    await dialog.waitFor();
    expect(new URL(page.url()).searchParams.get('approval')).toBe(approval.id);
    const payload = await dialog.getByLabel('Payload').textContent();
    expect(JSON.parse(payload!)).toEqual({ tool_id: 'slack.send_message', connection: 'slack', args: { channel: '#ar-collections', text: TEXT }, run_id: firstRun, call_id: expect.any(String) });
    expect(await dialog.locator('.hash-value').textContent()).toBe(short(approval.body_hash));
    await dialog.getByText('✓ verified').waitFor();
    const ttl = dialog.getByRole('timer', { name: 'time left to decide' });
    expect(await ttl.textContent()).toMatch(/expires in (59:[0-5]\d|1:00:00)/);
    const before = await ttl.textContent();
    await expect.poll(() => ttl.textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(await dialog.textContent()).toContain(`${NAME} · Job #1 · step 1 “Post the reminder”`);
    expect(await dialog.textContent()).toContain('5 s after approval');
    await author.shot('41-approval-modal');

    // Keyboard: focus stays inside the dialog however far you Tab; Escape closes it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('approval')).toBeNull();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('review-approval');

    // Reopen with the keyboard and approve from it.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '✓ approve & send' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const undo = undoBanner(page);
    await undo.getByText(/sending in [1-5] s/).waitFor();
    await undo.getByRole('button', { name: '↶ undo' }).waitFor();
    await author.shot('42-undo-banner');
    expect(await outbox(firstRun)).toEqual([]);

    // The window passes: the banner goes, the call runs once, the run finishes.
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('done');
    await undo.waitFor({ state: 'detached' });
    expect(await pendingBanner(page).count()).toBe(0);
    await expect.poll(() => awaiting.locator('summary .status').textContent()).toBe('done');
    await page.getByRole('log', { name: 'Run events' }).getByText('approved by dana').waitFor();
    expect(await outbox(firstRun)).toHaveLength(1);
    await author.shot('43-approved-run-done');
    expect(author.problems).toEqual([]);
  });

  test('run 2: the inbox opens the modal; approve, undo inside the window, then reject: nothing is sent', async () => {
    const { page } = author;
    const run = await api<RunDetail>('POST', `playbooks/${playbookId}/run`, { inputs: {} });
    await expect.poll(async () => (await api<RunDetail>('GET', `runs/${run.id}`)).approvals.length).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Activity Inbox/ }).click();
    const item = page.getByRole('list', { name: 'Pending items' }).getByRole('listitem').filter({ hasText: `Job #${run.number}` });
    await item.waitFor();
    expect(await item.textContent()).toContain('⚑ approval');
    expect(await item.getByRole('link').textContent()).toBe(TITLE);
    await author.shot('44-inbox-approval');
    await item.getByRole('link').click();
    const dialog = modal(page);
    await dialog.waitFor();
    expect(runIdOf(page)).toBe(run.id);

    await dialog.getByRole('button', { name: '✓ approve & send' }).click();
    const undo = undoBanner(page);
    await undo.getByRole('button', { name: '↶ undo' }).click();
    await undo.waitFor({ state: 'detached' });
    await pendingBanner(page).waitFor();
    await expect.poll(async () => (await api<RunDetail>('GET', `runs/${run.id}`)).approvals[0]!.status).toBe('pending');
    await page.getByRole('log', { name: 'Run events' }).getByText(/approval undone by dana/).waitFor();
    await author.shot('45-undone-pending-again');

    // Past the window, still nothing was sent; then reject with a comment.
    await page.waitForTimeout(6_000);
    expect(await outbox(run.id)).toEqual([]);
    await button(page, '⚑ review approval').click();
    await dialog.waitFor();
    await dialog.getByLabel(/comment/).fill('Customer paid yesterday.');
    await dialog.getByRole('button', { name: '✕ reject' }).click();
    await author.shot('46-reject-confirm');
    await dialog.getByRole('button', { name: '✕ confirm reject' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toMatch(/^(failed|done)$/);
    await page.getByRole('log', { name: 'Run events' }).getByText(/approval rejected · rejected by dana: Customer paid yesterday\./).waitFor();
    const call = page.getByRole('log', { name: 'Run events' }).locator('details.tool-call').filter({ hasText: 'slack.send_message' });
    await expect.poll(() => call.locator('summary .status').textContent()).toBe('refused');
    expect(await pendingBanner(page).count()).toBe(0);
    expect(await outbox(run.id)).toEqual([]);
    await author.shot('47-rejected-run');
    expect(author.problems).toEqual([]);
  });

  test('run 3: edit then approve shows the diff and sends the edited text', async () => {
    const { page } = author;
    const run = await api<RunDetail>('POST', `playbooks/${playbookId}/run`, { inputs: {} });
    await page.goto(`/runs/${run.id}`);
    await button(page, '⚑ review approval').click();
    const dialog = modal(page);
    await dialog.getByRole('button', { name: '✎ edit then approve' }).click();
    const editor = dialog.getByLabel('arguments (JSON)');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('edited-args');
    expect(JSON.parse(await editor.inputValue())).toEqual({ channel: '#ar-collections', text: TEXT });
    const confirm = dialog.getByRole('button', { name: '✓ approve edited & send' });
    expect(await confirm.isDisabled()).toBe(true);

    await editor.fill('{ "channel": "#ar-collections", "text": ');
    await dialog.getByText(/^not valid JSON/).waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await editor.fill(JSON.stringify({ channel: '#ar-collections', text: EDITED }, null, 2));
    const diff = dialog.getByRole('table', { name: 'Changes to the arguments' });
    expect(await diff.locator('tbody tr td').allTextContents()).toEqual(['text', JSON.stringify(TEXT), JSON.stringify(EDITED)]);
    await author.shot('48-edit-then-approve-diff');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await undoBanner(page).waitFor();
    const log = page.getByRole('log', { name: 'Run events' });
    await log.locator('.stream-diff').getByText('text').waitFor();

    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toBe('done');
    const sent = await outbox(run.id);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(await artifactText(run.id, sent[0]!))).toMatchObject({ channel: '#ar-collections', text: EDITED });
    // The stream names the sandbox send; its file opens in the workspace preview.
    await log.getByText('sandbox send to #ar-collections').waitFor();
    await log.getByRole('button', { name: sent[0]! }).click();
    await expect.poll(() => page.getByLabel(sent[0]!, { exact: true }).textContent()).toContain(`"text": "${EDITED}"`);
    await author.shot('49a-sandbox-send-preview');

    // The decided approval still opens (here in the dark theme): it shows the edit's diff and says nothing is left to decide.
    await page.getByRole('button', { name: /switch to dark theme/ }).click();
    await log.getByRole('button', { name: 'review', exact: true }).click();
    await dialog.waitFor();
    const approval = (await api<RunDetail>('GET', `runs/${run.id}`)).approvals[0]!;
    expect(approval.previous_hash).toBeTruthy();
    await dialog.getByRole('heading', { name: `edited · was ${short(approval.previous_hash!)}` }).waitFor();
    expect(await dialog.getByRole('table', { name: 'Changes since the previous payload' }).locator('tbody td').allTextContents()).toEqual(['text', JSON.stringify(TEXT), JSON.stringify(EDITED)]);
    await dialog.getByText('✓ verified').waitFor();
    await dialog.getByText('This approval is committed; nothing is left to decide.').waitFor();
    await author.shot('49-approval-decided-with-diff-dark');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /switch to light theme/ }).click();
    expect(author.problems).toEqual([]);
  });

  test('Tools & Policies: the registry with search and counts, the policy (read-only for an author)', async () => {
    const { page } = author;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tools & Policies' }).click();
    await page.getByRole('heading', { name: 'Tools & Policies', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Tool registry' });
    // The tool's own row (a skill script's description may mention slack.send_message too).
    const slack = table.getByRole('row', { name: /^slack\.send_message / });
    await slack.waitFor();
    expect((await slack.locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      expect.stringContaining('slack.send_message'), 'slack', 'external send', 'yes', '✓ supported', 'trusted', 'approve',
    ]);
    await page.getByRole('button', { name: 'external send · 1' }).waitFor();
    await author.shot('50-tools-registry');
    // A term only one tool's id or description contains (skill scripts may mention other tools).
    await page.getByLabel('search tools').fill('call_playbook');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain('kbagent.call_playbook');
    expect(await page.getByText(/^1 of \d+ tools$/).isVisible()).toBe(true);
    await page.getByLabel('search tools').fill('');
    await page.getByRole('button', { name: /^read · \d+$/ }).click();
    await expect.poll(() => table.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(expect.arrayContaining(['read']));
    expect(new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['read']));

    await page.getByRole('tab', { name: 'policy' }).click();
    const policy = page.getByRole('table', { name: 'Policy per risk class' });
    const send = policy.locator('tbody tr').filter({ hasText: 'external send' });
    await send.waitFor();
    expect(await send.textContent()).toContain('≥ approve');
    await page.getByText('Only an admin can change the tenant policy.').waitFor();
    expect(await policy.locator('select').count()).toBe(0);
    await author.shot('51-policy-read-only');
  });

  test('an admin changes the policy: below a floor is a 422 inline, a stricter class is saved', async () => {
    admin = await openBrowser(baseUrl);
    const { page } = admin;
    await signIn(page, tokens.admin);
    await page.goto('/tools?tab=policy');
    const send = page.getByLabel('decision for external send');
    await send.selectOption('allow');
    await button(page, '✓ save policy (1)').click();
    const error = page.locator('#policy-external_send-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('may not be looser than "approve"');
    expect(await send.getAttribute('aria-invalid')).toBe('true');
    await admin.shot('52-policy-422');

    await button(page, 'reset').click();
    await page.getByLabel('decision for write').selectOption('approve');
    await button(page, '✓ save policy (1)').click();
    const write = page.getByRole('table', { name: 'Policy per risk class' }).locator('tbody tr').filter({ has: page.locator('th', { hasText: /^write$/ }) });
    await expect.poll(() => write.locator('td').first().textContent()).toBe('approve waits for a person to approve the exact payload');
    expect((await api<{ effective: Record<string, string> }>('GET', 'policies')).effective.write).toBe('approve');
    await admin.shot('53-policy-saved');

    // Back to the default, so nothing else depends on this change.
    await page.getByLabel('decision for write').selectOption('');
    await button(page, '✓ save policy (1)').click();
    await expect.poll(async () => (await api<{ effective: Record<string, string> }>('GET', 'policies')).effective.write).toBe('dry_run_first');
    expect(admin.problems).toEqual([]);
  });

  test('the audit log of run 1: chain verified, entries, JSONL download', async () => {
    const { page } = author;
    await page.goto(`/runs/${firstRun}`);
    await page.getByRole('link', { name: '≡ audit log' }).click();
    await page.getByRole('heading', { name: 'Audit Log', level: 1 }).waitFor();
    const verdict = page.getByRole('status', { name: 'chain verification' });
    const report = await api<{ verification: { ok: boolean; entries: number }; entries: { kind: string }[] }>('GET', `runs/${firstRun}/audit`);
    expect(report.verification.ok).toBe(true);
    expect(await verdict.locator('strong').textContent()).toBe(`✓ chain verified (${report.verification.entries} entries)`);
    await page.getByText('✓ re-computed in this browser: every hash links').waitFor();
    const kinds = await page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr td:nth-child(3)').allTextContents();
    expect(kinds).toEqual(report.entries.map((e) => e.kind));
    expect(kinds).toEqual(expect.arrayContaining(['approval_requested', 'approval_approved', 'approval_committed']));
    await author.shot('54-audit-log');

    const [download] = await Promise.all([page.waitForEvent('download'), button(page, '⇣ download jsonl').click()]);
    expect(download.suggestedFilename()).toBe(`audit-${firstRun}.jsonl`);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(kinds);

    await page.getByRole('link', { name: 'tools & policies', exact: true }).click();
    await page.getByRole('table', { name: 'Runs with audit logs' }).getByRole('link', { name: 'audit log of Job #1' }).waitFor();
    await author.shot('55-audit-logs-tab');
    expect(author.problems).toEqual([]);
  });

  test('held: approved, then paused; past the undo window nothing is sent, the run view, the inbox and the modal say so, and undo works', async () => {
    const { page } = author;
    const held = (await api<{ id: string }>('POST', 'playbooks', { ...PLAYBOOK, name: 'E2E Held Reminder', approval_policy: { undo_window_seconds_for_external_send: HELD_UNDO_SECONDS } })).id;
    const run = await api<RunDetail & { number: number }>('POST', `playbooks/${held}/run`, { inputs: {} });
    await page.goto(`/runs/${run.id}`);
    await button(page, '⚑ review approval').click();
    const dialog = modal(page);
    await dialog.getByRole('button', { name: '✓ approve & send' }).click();
    await dialog.waitFor({ state: 'detached' });
    const undo = undoBanner(page);
    await undo.getByText(/sending in \d+ s/).waitFor();
    await button(page, '❚❚ pause').click();
    await page.locator('.page-header').getByText('paused', { exact: true }).waitFor();

    // Held at once, and still held once the window has passed: no "sending…", the undo stays.
    await undo.getByRole('status').getByText(HELD).waitFor();
    const log = page.getByRole('log', { name: 'Run events' });
    await log.getByText(/approved call held · the run is paused/).waitFor({ timeout: (HELD_UNDO_SECONDS + 10) * 1000 });
    expect(await undo.textContent()).not.toContain('sending');
    expect(await undo.getByRole('button', { name: '↶ undo' }).isEnabled()).toBe(true);
    expect((await api<RunDetail>('GET', `runs/${run.id}`)).approvals[0]).toMatchObject({ status: 'approved', commit_held: true });
    expect(await outbox(run.id)).toEqual([]);
    await author.shot('56-held-run-view');

    // The inbox keeps the approval until its commit, and says it is held.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Activity Inbox/ }).click();
    const item = page.getByRole('list', { name: 'Pending items' }).getByRole('listitem').filter({ hasText: `Job #${run.number}` });
    await item.getByText(HELD).waitFor();
    await author.shot('57-held-inbox');

    // The modal says it too, and undoes it: the approval is pending again, and nothing was sent.
    await item.getByRole('link').click();
    await dialog.waitFor();
    await dialog.getByRole('status').getByText(`❚❚ ${HELD}`).waitFor();
    await dialog.getByText('Approved by dana · held: nothing is sent until the run resumes').waitFor();
    await author.shot('58-held-modal');
    await dialog.getByRole('button', { name: '↶ undo' }).click();
    await dialog.getByRole('button', { name: '✓ approve & send' }).waitFor();
    expect(await dialog.getByText(HELD).count()).toBe(0);
    await expect.poll(async () => (await api<RunDetail>('GET', `runs/${run.id}`)).approvals[0]!.status).toBe('pending');
    expect(await outbox(run.id)).toEqual([]);

    // Rejected, then resumed: the run goes on without the send.
    await dialog.getByRole('button', { name: '✕ reject' }).click();
    await dialog.getByRole('button', { name: '✕ confirm reject' }).click();
    await dialog.waitFor({ state: 'detached' });
    await button(page, '▶ resume').click();
    await expect.poll(() => headerStatus(page), { timeout: 20_000 }).toMatch(/^(failed|done)$/);
    expect(await outbox(run.id)).toEqual([]);
    expect(author.problems).toEqual([]);
  });
});
