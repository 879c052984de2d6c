/**
 * Issue 2, item 5 (view scoping, spec §8; security.md "View scoping"): a Playbook is visible to its
 * creator, to `allowed_users` (user ids or `group:<name>`) and to admins; anyone else gets the
 * same 404 as for an id that does not exist. Editing, sharing and deleting need owner or admin.
 */
import { describe, expect, it } from 'vitest';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { api } from './contract';
import { expectUnchanged } from './state';

const MERGE_PATCH = 'application/merge-patch+json';

async function playbookOf(author: TestUser): Promise<string> {
  const created = await api('POST', '/playbooks', author, { json: minimalPlaybook({ name: `Owned by ${author.id}` }) });
  expect(created.status).toBe(201);
  const id = (await json(created)).id as string;
  // A second revision, so "its revisions" covers more than the first.
  expect((await api('PATCH', `/playbooks/${id}`, author, { json: { description: 'rev 2' }, contentType: MERGE_PATCH })).status).toBe(200);
  return id;
}

/** Every read of one Playbook by `who`, as [what, status]. */
async function reads(who: TestUser, id: string): Promise<[string, number][]> {
  return [
    ['get', (await api('GET', `/playbooks/${id}`, who)).status],
    ['revisions', (await api('GET', `/playbooks/${id}/revisions`, who)).status],
    ['revision 1', (await api('GET', `/playbooks/${id}/revisions/1`, who)).status],
    ['revision 2', (await api('GET', `/playbooks/${id}/revisions/2`, who)).status],
  ];
}

/** Every write to one Playbook by `who`, as [what, status]. */
async function writes(who: TestUser, id: string): Promise<[string, number][]> {
  return [
    ['patch json', (await api('PATCH', `/playbooks/${id}`, who, { json: { name: 'Hijacked' }, contentType: MERGE_PATCH })).status],
    ['patch yaml', (await api('PATCH', `/playbooks/${id}`, who, { yaml: 'name: Hijacked\nbudget: {}\nsop: {goal: g, steps: [{id: a, title: t, instruction: i, completion_criteria: c}]}\n' })).status],
    ['share', (await api('PUT', `/playbooks/${id}/sharing`, who, { json: { allowed_users: [who.id] } })).status],
    ['delete', (await api('DELETE', `/playbooks/${id}`, who)).status],
  ];
}

/** Groups are global: a fresh name per test keeps other tests' sharing out of this one's lists. */
const freshGroup = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;

const listedIds = async (who: TestUser): Promise<string[]> => (await json(await api('GET', '/playbooks', who))).playbooks.map((p: { id: string }) => p.id);

describe('view scoping', () => {
  it('an unshared Playbook is invisible to a runner: 404 everywhere, indistinguishable from a missing id', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const id = await playbookOf(author);
    await expectUnchanged(author, [id], async () => {
      expect(await listedIds(runner)).not.toContain(id);
      expect(await reads(runner, id)).toEqual([['get', 404], ['revisions', 404], ['revision 1', 404], ['revision 2', 404]]);
      expect(await writes(runner, id)).toEqual([['patch json', 404], ['patch yaml', 404], ['share', 404], ['delete', 404]]);
    });
    // Same status, same code, same shape as an id that never existed: ids cannot be probed.
    const hidden = await json(await api('GET', `/playbooks/${id}`, runner));
    const missing = await json(await api('GET', `/playbooks/${id}x`, runner));
    expect(hidden.error.code).toBe('not_found');
    expect(missing.error.code).toBe('not_found');
    expect(hidden.error.message.replace(id, '<id>')).toBe(missing.error.message.replace(`${id}x`, '<id>'));
    expect(JSON.stringify(hidden)).not.toContain(author.id);
  });

  it('another author is a stranger too (authoring role does not grant visibility)', async () => {
    const author = await createTestUser('author');
    const other = await createTestUser('author');
    const id = await playbookOf(author);
    await expectUnchanged(author, [id], async () => {
      expect(await listedIds(other)).not.toContain(id);
      expect(await reads(other, id)).toEqual([['get', 404], ['revisions', 404], ['revision 1', 404], ['revision 2', 404]]);
      expect(await writes(other, id)).toEqual([['patch json', 404], ['patch yaml', 404], ['share', 404], ['delete', 404]]);
    });
  });

  it('shared by user id: the runner sees and opens it, read-only (403 on edit, share, delete)', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const id = await playbookOf(author);
    expect((await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [runner.id] } })).status).toBe(200);

    expect(await listedIds(runner)).toEqual([id]);
    // Revision 2 is an unpublished draft (issue 18): a runner reads up to the published revision 1.
    expect(await reads(runner, id)).toEqual([['get', 200], ['revisions', 200], ['revision 1', 200], ['revision 2', 404]]);
    const seen = await json(await api('GET', `/playbooks/${id}`, runner));
    expect(seen).toMatchObject({ id, created_by: author.id, can_edit: false, revision: 1 });
    await expectUnchanged(author, [id], async () => {
      expect(await writes(runner, id)).toEqual([['patch json', 403], ['patch yaml', 403], ['share', 403], ['delete', 403]]);
    });
    const refused = await json(await api('DELETE', `/playbooks/${id}`, runner));
    expect(refused.error.code).toBe('forbidden');
  });

  it('shared with "group:<name>": members see it read-only, non-members still get 404', async () => {
    const finance = freshGroup('finance');
    const author = await createTestUser('author');
    const member = await createTestUser('runner', [finance, 'ops']);
    const outsider = await createTestUser('runner', [freshGroup('marketing')]);
    const id = await playbookOf(author);
    expect((await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [`group:${finance}`] } })).status).toBe(200);

    expect(await listedIds(member)).toEqual([id]);
    expect(await reads(member, id)).toEqual([['get', 200], ['revisions', 200], ['revision 1', 200], ['revision 2', 404]]);
    expect(await listedIds(outsider)).toEqual([]);
    expect(await reads(outsider, id)).toEqual([['get', 404], ['revisions', 404], ['revision 1', 404], ['revision 2', 404]]);
    await expectUnchanged(author, [id], async () => {
      expect(await writes(member, id)).toEqual([['patch json', 403], ['patch yaml', 403], ['share', 403], ['delete', 403]]);
      expect(await writes(outsider, id)).toEqual([['patch json', 404], ['patch yaml', 404], ['share', 404], ['delete', 404]]);
    });
  });

  it('a group is matched by its whole name, not a prefix', async () => {
    const finance = freshGroup('finance');
    const author = await createTestUser('author');
    const almost = await createTestUser('runner', [finance.slice(0, -1), `${finance}-team`, `x${finance}`]);
    const id = await playbookOf(author);
    expect((await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [`group:${finance}`] } })).status).toBe(200);
    expect(await reads(almost, id)).toEqual([['get', 404], ['revisions', 404], ['revision 1', 404], ['revision 2', 404]]);
  });

  it('unsharing takes visibility away again', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const id = await playbookOf(author);
    await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [runner.id] } });
    expect((await api('GET', `/playbooks/${id}`, runner)).status).toBe(200);
    await api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [] } });
    expect(await reads(runner, id)).toEqual([['get', 404], ['revisions', 404], ['revision 1', 404], ['revision 2', 404]]);
    expect(await listedIds(runner)).toEqual([]);
  });

  it('the list shows each user exactly what they may see', async () => {
    const finance = freshGroup('finance');
    const author = await createTestUser('author');
    const runner = await createTestUser('runner', [finance]);
    const mine = await playbookOf(author);
    const toRunner = await playbookOf(author);
    const toGroup = await playbookOf(author);
    await api('PUT', `/playbooks/${toRunner}/sharing`, author, { json: { allowed_users: [runner.id] } });
    await api('PUT', `/playbooks/${toGroup}/sharing`, author, { json: { allowed_users: [`group:${finance}`] } });
    expect((await listedIds(author)).sort()).toEqual([mine, toRunner, toGroup].sort());
    expect((await listedIds(runner)).sort()).toEqual([toRunner, toGroup].sort());
  });

  it('an admin sees everything and may edit, share and delete any Playbook', async () => {
    const author = await createTestUser('author');
    const admin = await createTestUser('admin');
    const id = await playbookOf(author);
    expect(await listedIds(admin)).toContain(id);
    expect(await reads(admin, id)).toEqual([['get', 200], ['revisions', 200], ['revision 1', 200], ['revision 2', 200]]);
    expect((await json(await api('GET', `/playbooks/${id}`, admin))).can_edit).toBe(true);
    const patched = await json(await api('PATCH', `/playbooks/${id}`, admin, { json: { name: 'Fixed by admin' }, contentType: MERGE_PATCH }));
    expect(patched).toMatchObject({ revision: 3, created_by: author.id, name: 'Fixed by admin' });
    const revisions = await json(await api('GET', `/playbooks/${id}/revisions`, author));
    expect(revisions.revisions.at(-1)).toMatchObject({ revision: 3, created_by: admin.id });
    expect((await api('PUT', `/playbooks/${id}/sharing`, admin, { json: { allowed_users: [`group:${freshGroup('finance')}`] } })).status).toBe(200);
    expect((await api('DELETE', `/playbooks/${id}`, admin)).status).toBe(204);
    expect((await api('GET', `/playbooks/${id}`, author)).status).toBe(404);
  });

  it('a runner cannot create Playbooks (JSON, YAML or by forking), and nothing is stored', async () => {
    const runner = await createTestUser('runner');
    await expectUnchanged(runner, [], async () => {
      const asJson = await api('POST', '/playbooks', runner, { json: minimalPlaybook() });
      expect(asJson.status).toBe(403);
      expect((await json(asJson)).error.code).toBe('forbidden');
      const asYaml = await api('POST', '/playbooks', runner, { yaml: 'name: x\nbudget: {}\nsop: {goal: g, steps: [{id: a, title: t, instruction: i, completion_criteria: c}]}\n' });
      expect(asYaml.status).toBe(403);
      const blueprints = (await json(await api('GET', '/blueprints', runner))).blueprints as { id: string }[];
      for (const blueprint of blueprints) expect((await api('POST', `/blueprints/${blueprint.id}/fork`, runner)).status).toBe(403);
    });
    expect(await listedIds(runner)).toEqual([]);
  });
});
