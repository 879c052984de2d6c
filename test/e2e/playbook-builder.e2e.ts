/// <reference types="node" />
// Issue 18: "build from a description" on the new-Playbook screen. The shared app has no model, so
// the builder asks its questions; the answers assemble a proposal shown as its diff and YAML, and
// only "accept" creates the draft (through POST /playbooks), with the Monday cron trigger and the
// Slack send under approval. Reject goes back to the description and creates nothing.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { apiCall, openBrowser, signInWith, type Browser, freshAuthor } from './browser';

const baseUrl = inject('baseUrl');
const tokens = inject('tokens');
let authorToken = '';

type Listed = { playbooks: { id: string; name: string }[] };
type PlaybookView = { id: string; status: string; spec: { triggers: { type: string; expression?: string }[]; tool_policies: Record<string, string>; risk_policy: Record<string, string> } };

describe('the Playbook builder', () => {
  let b: Browser;
  const library = async () => (await apiCall<Listed>(baseUrl, authorToken, 'GET', 'playbooks')).playbooks;

  beforeAll(async () => {
    authorToken ||= await freshAuthor(baseUrl, tokens.admin, 'builder');
    b = await openBrowser(baseUrl);
    await signInWith(b.page, authorToken);
  });
  afterAll(() => b?.close());

  test('questions without a model → a proposal with its diff; reject saves nothing, accept creates the draft', async () => {
    await b.page.goto('/playbooks/new');
    await b.page.getByRole('link', { name: 'build from a description' }).click();
    await b.page.getByRole('heading', { name: 'Build a Playbook', level: 1 }).waitFor();
    await b.page.getByLabel('Describe the automation').fill('Every Monday send the margin by region to #finance');
    await b.page.getByRole('button', { name: 'propose a playbook' }).click();

    const questions = b.page.getByRole('form', { name: 'Builder questions' });
    await questions.getByText(/No model provider is configured/).waitFor();
    await questions.getByLabel('What should it do?').selectOption('margin');
    await questions.getByLabel('Where should the summary go (Slack channel)?').fill('#finance');
    await questions.getByLabel('When should it run?').selectOption('weekly_monday');
    await questions.getByRole('button', { name: 'assemble the draft' }).click();

    const proposal = b.page.getByRole('region', { name: 'Proposed Playbook' });
    await proposal.getByLabel('Diff of the proposal').waitFor();
    expect(await proposal.getByLabel('Diff of the proposal').textContent()).toMatch(/^--- \/dev\/null\n\+\+\+ b\/proposal\.yaml/);
    expect(await proposal.getByLabel('Proposed Playbook YAML').textContent()).toContain('expression: 0 8 * * 1');
    await b.shot('playbook-builder-proposal');

    await proposal.getByRole('button', { name: 'reject' }).click();
    await expect.poll(() => proposal.count()).toBe(0);
    expect(await library()).toEqual([]);

    await b.page.getByRole('button', { name: 'answer questions instead' }).click();
    await questions.getByLabel('What should it do?').selectOption('margin');
    await questions.getByLabel('Where should the summary go (Slack channel)?').fill('#finance');
    await questions.getByLabel('When should it run?').selectOption('weekly_monday');
    await questions.getByRole('button', { name: 'assemble the draft' }).click();
    await proposal.getByRole('button', { name: '✓ accept: create draft' }).click();
    await b.page.waitForURL(/\/playbooks\/pb[^/]+$/);

    const listed = await library();
    expect(listed).toHaveLength(1);
    const record = await apiCall<PlaybookView>(baseUrl, authorToken, 'GET', `playbooks/${listed[0]!.id}`);
    expect(record.status).toBe('draft');
    expect(record.spec.triggers).toContainEqual(expect.objectContaining({ type: 'cron', expression: '0 8 * * 1' }));
    expect(record.spec.tool_policies['slack.send_message'] ?? record.spec.risk_policy.external_send).toBe('approve');
    expect(b.problems).toEqual([]);
  });
});
