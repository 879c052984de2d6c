/**
 * Issue 17, branches: a Playbook pinned to a Keboola dev branch (`keboola: {branch}`) reads that
 * branch's tables under /v2/storage/branch/{id}/ and writes only there — the Broker refuses a
 * write aimed at the main branch, with the reason, before anything reaches Keboola.
 */
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { BRANCH_ID } from '../fakes/keboola-project';
import { keboolaProject, keboolaRequests, keboolaTable, useKeboola, type FakeKeboola } from './fake';

const DEV = String(BRANCH_ID + 1);
const CONTACTS = 'in.c-salesforce.contacts';

async function setup(): Promise<{ author: TestUser; project: FakeKeboola }> {
  const project = await keboolaProject();
  await useKeboola(await createTestUser('admin'), project);
  return { author: await createTestUser('author'), project };
}

async function runPinned(author: TestUser, steps: unknown[]): Promise<any> {
  return drive(await startRun(author, await createPlaybook(author, playbookWith(steps, { keboola: { branch: DEV } }))), author);
}

describe('Keboola dev branches', () => {
  it('a run pinned to a dev branch reads that branch\'s tables; an explicit "default" reads main', async () => {
    const { author, project } = await setup();
    const run = await runPinned(author, [scriptedStep('read', [
      { id: 'dev', tool: 'keboola.storage.tables', args: { action: 'export', table_id: CONTACTS, save_as: 'dev.csv' } },
      { id: 'main', tool: 'keboola.storage.tables', args: { action: 'preview', table_id: CONTACTS, branch: 'default' } },
    ])]);
    expect(run.status, JSON.stringify(run.steps[0].error)).toBe('done');
    expect(run.steps[0].outputs.dev.row_count).toBe(4); // the dev branch's own contact is there
    expect(run.steps[0].outputs.dev.head).toContain('Dev Only');
    expect(run.steps[0].outputs.main.row_count).toBe(3);
    const paths = (await keboolaRequests(project)).filter((r) => ['table', 'export', 'preview'].includes(r.route)).map((r) => `${r.route} ${r.path}`);
    expect(paths).toEqual([
      `table /keboola/v2/storage/branch/${DEV}/tables/${CONTACTS}`,
      `export /keboola/v2/storage/branch/${DEV}/tables/${CONTACTS}/export-async`,
      `preview /keboola/v2/storage/tables/${CONTACTS}/data-preview`,
    ]);
  });

  it('a write to the main branch is refused by the Broker with the reason; a write without branch lands on the dev branch only', async () => {
    const { author, project } = await setup();
    const csv = 'id,name,email,company\n003B1,Mary Jackson,mj@example.com,NASA\n';
    const refused = await runPinned(author, [scriptedStep('load', [{ tool: 'keboola.storage.write', args: { table_id: CONTACTS, csv, incremental: true, branch: 'default' } }])]);
    expect(refused.status).toBe('failed');
    expect(refused.steps[0].error).toMatch(new RegExp(`pinned to Keboola dev branch ${DEV}; "keboola\\.storage\\.write" would write to the main \\(default\\) branch`));
    expect(await keboolaRequests(project, 'prepare')).toEqual([]);
    expect(await keboolaRequests(project, 'import')).toEqual([]);

    const done = await runPinned(author, [scriptedStep('load', [{ tool: 'keboola.storage.write', args: { table_id: CONTACTS, csv, incremental: true } }])]);
    expect(done.status, JSON.stringify(done.steps[0].error)).toBe('done');
    expect((await keboolaRequests(project, 'import')).map((r) => r.path)).toEqual([`/keboola/v2/storage/branch/${DEV}/tables/${CONTACTS}/import-async`]);
    expect((await keboolaTable(project, CONTACTS, 'dev')).rows.map((r) => r[0])).toEqual(['003A1', '003A2', '003A3', '003D9', '003B1']);
    expect((await keboolaTable(project, CONTACTS)).rows.map((r) => r[0])).toEqual(['003A1', '003A2', '003A3']);
  });

  it('the Playbook\'s branch is validated: a bad one is a 4xx naming keboola.branch', async () => {
    const author = await createTestUser('author');
    const res = await call('POST', '/playbooks', author, { json: playbookWith([scriptedStep('s', [{ tool: 'kbagent.log', args: { message: 'x' } }])], { keboola: { branch: 'feature-x' } }) });
    expect(res.status).toBe(422);
    expect(JSON.stringify((await json(res)).error)).toContain('keboola.branch');
  });

  it('on the built-in sample project (no Keboola configured) a dev branch fails plainly: it has only the main branch', async () => {
    await call('DELETE', '/vault/keboola_token', await createTestUser('admin'));
    const author = await createTestUser('author');
    const run = await runPinned(author, [scriptedStep('read', [{ tool: 'keboola.storage.tables', args: { action: 'list' } }])]);
    expect(run.status).toBe('failed');
    expect(run.steps[0].error).toMatch(new RegExp(`only the main branch; dev branch "${DEV}" needs a Keboola project`));
  });
});
