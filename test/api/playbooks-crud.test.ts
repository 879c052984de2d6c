/**
 * Issue 2, item 2: create, read, edit (revision 2 appears, revision 1 still readable), share and
 * delete a Playbook through the API — checked through the API, in R2 and against the contract.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestUser, json, minimalPlaybook } from '../helpers';
import { api } from './contract';
import { expectUnchanged } from './state';

const MERGE_PATCH = 'application/merge-patch+json';

async function createAs(user: Awaited<ReturnType<typeof createTestUser>>, doc = minimalPlaybook()) {
  const response = await api('POST', '/playbooks', user, { json: doc });
  expect(response.status).toBe(201);
  return json(response);
}

describe('Playbook lifecycle through the API', () => {
  it('creates from JSON: revision 1, PRD defaults filled in, stored as YAML in R2', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author, minimalPlaybook({ description: 'Checks the data weekly' }));
    expect(created).toMatchObject({
      name: 'Weekly check',
      description: 'Checks the data weekly',
      revision: 1,
      status: 'draft',
      created_by: author.id,
      allowed_users: [],
      can_edit: true,
    });
    expect(created.id).toMatch(/^pb_[a-z2-7]+$/);
    // Defaults from spec §3 for everything the document left out.
    expect(created.spec.budget).toEqual({ max_usd_per_run: 1, max_tokens_per_run: 1_000_000, max_wall_clock_seconds: 3600, on_breach: 'pause_for_approval' });
    expect(created.spec.approval_policy).toEqual({
      default_ttl_seconds: 3600,
      require_body_hash_for: ['external_send', 'destructive'],
      undo_window_seconds_for_external_send: 5,
      approver_groups: [],
    });
    expect(created.spec.sop.steps[0].on_failure).toBe('abort');

    const object = await env.BUCKET.get(`playbooks/${created.id}/rev-1.yaml`);
    expect(object).not.toBeNull();
    const stored = await object!.text();
    expect(stored).toBe(created.yaml);
    expect(parse(stored)).toEqual(created.spec);
    expect(object!.customMetadata?.created_by).toBe(author.id);
  });

  it('creates from YAML with the same result as the equivalent JSON', async () => {
    const author = await createTestUser('author');
    const yaml = [
      'name: Weekly check',
      'sop:',
      '  goal: Check the data',
      '  steps:',
      '    - id: look',
      '      title: Look',
      '      instruction: Look at the table',
      '      completion_criteria: Looked',
      '      allowed_tools: [sql.local]',
      'budget:',
      '  max_usd_per_run: 1',
      '',
    ].join('\n');
    const fromYaml = await api('POST', '/playbooks', author, { yaml });
    expect(fromYaml.status).toBe(201);
    const fromJson = await createAs(author);
    expect((await json(fromYaml)).spec).toEqual(fromJson.spec);
  });

  it('reads back what was created, and lists it for its owner', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    const got = await api('GET', `/playbooks/${created.id}`, author);
    expect(got.status).toBe(200);
    expect(await json(got)).toEqual(created);
    const list = await json(await api('GET', '/playbooks', author));
    expect(list.playbooks).toEqual([
      {
        id: created.id,
        name: created.name,
        revision: 1,
        published_revision: 1,
        status: 'draft',
        created_by: author.id,
        allowed_users: [],
        created_at: created.created_at,
        updated_at: created.updated_at,
      },
    ]);
  });

  it('edits with a JSON merge patch: revision 2 appears, revision 1 stays readable and untouched', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    const rev1Object = await env.BUCKET.head(`playbooks/${created.id}/rev-1.yaml`);

    const patched = await api('PATCH', `/playbooks/${created.id}`, author, {
      json: { name: 'Weekly check v2', budget: { max_usd_per_run: 2 }, description: 'now with a description' },
      contentType: MERGE_PATCH,
    });
    expect(patched.status).toBe(200);
    const rev2 = await json(patched);
    expect(rev2).toMatchObject({ id: created.id, revision: 2, name: 'Weekly check v2', description: 'now with a description' });
    // Merge semantics: the patched leaf changed, its siblings and everything else kept.
    expect(rev2.spec.budget).toEqual({ ...created.spec.budget, max_usd_per_run: 2 });
    expect(rev2.spec.sop).toEqual(created.spec.sop);

    const current = await json(await api('GET', `/playbooks/${created.id}`, author));
    expect(current.revision).toBe(2);
    expect(current.spec).toEqual(rev2.spec);

    const revisions = await json(await api('GET', `/playbooks/${created.id}/revisions`, author));
    expect(revisions.revisions.map((r: { revision: number; created_by: string }) => [r.revision, r.created_by])).toEqual([
      [1, author.id],
      [2, author.id],
    ]);

    const one = await json(await api('GET', `/playbooks/${created.id}/revisions/1`, author));
    expect(one).toMatchObject({ playbook_id: created.id, revision: 1, created_by: author.id });
    expect(one.spec).toEqual(created.spec);
    expect(one.yaml).toBe(created.yaml);
    const two = await json(await api('GET', `/playbooks/${created.id}/revisions/2`, author));
    expect(two.spec).toEqual(rev2.spec);

    // Revision 1's object in R2 was not rewritten.
    const rev1After = await env.BUCKET.head(`playbooks/${created.id}/rev-1.yaml`);
    expect(rev1After!.etag).toBe(rev1Object!.etag);
    expect(await (await env.BUCKET.get(`playbooks/${created.id}/rev-2.yaml`))!.text()).toBe(rev2.yaml);
  });

  it('a merge patch with null removes a field; a YAML body replaces the whole document', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author, minimalPlaybook({ description: 'to be removed', model: { model: 'some-model' } }));
    const removed = await json(await api('PATCH', `/playbooks/${created.id}`, author, { json: { description: null }, contentType: MERGE_PATCH }));
    expect(removed.revision).toBe(2);
    expect(removed.spec.description).toBeUndefined();
    expect(removed.description).toBeUndefined();
    expect(removed.spec.model).toEqual({ model: 'some-model' });

    const replaced = await api('PATCH', `/playbooks/${created.id}`, author, {
      yaml: 'name: Replaced\nbudget: {max_usd_per_run: 3}\nsop:\n  goal: New goal\n  steps:\n    - {id: only, title: Only, instruction: Do it, completion_criteria: Done}\n',
    });
    expect(replaced.status).toBe(200);
    const rev3 = await json(replaced);
    expect(rev3.revision).toBe(3);
    expect(rev3.spec.name).toBe('Replaced');
    expect(rev3.spec.model).toBeUndefined();
    expect(rev3.spec.sop.steps.map((s: { id: string }) => s.id)).toEqual(['only']);
    // Every earlier revision is still exactly what it was.
    expect((await json(await api('GET', `/playbooks/${created.id}/revisions/1`, author))).spec).toEqual(created.spec);
    expect((await json(await api('GET', `/playbooks/${created.id}/revisions/2`, author))).spec).toEqual(removed.spec);
  });

  it('shares with a user and with a group, and unshares again', async () => {
    const author = await createTestUser('author');
    const group = `finance-${crypto.randomUUID().slice(0, 8)}`;
    const runner = await createTestUser('runner', [group]);
    const created = await createAs(author);
    const shared = await api('PUT', `/playbooks/${created.id}/sharing`, author, { json: { allowed_users: [runner.id, `group:${group}`, runner.id] } });
    expect(shared.status).toBe(200);
    // Duplicates collapse; the revision does not change (sharing is not an edit of the document).
    expect(await json(shared)).toMatchObject({ id: created.id, revision: 1, allowed_users: [runner.id, `group:${group}`] });
    expect((await json(await api('GET', `/playbooks/${created.id}`, author))).allowed_users).toEqual([runner.id, `group:${group}`]);
    expect((await api('GET', `/playbooks/${created.id}`, runner)).status).toBe(200);

    const unshared = await api('PUT', `/playbooks/${created.id}/sharing`, author, { json: { allowed_users: [] } });
    expect((await json(unshared)).allowed_users).toEqual([]);
    expect((await api('GET', `/playbooks/${created.id}`, runner)).status).toBe(404);
  });

  it('refuses to share with a user who does not exist, naming the entry, and changes nothing', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    await expectUnchanged(author, [created.id], async () => {
      const response = await api('PUT', `/playbooks/${created.id}/sharing`, author, { json: { allowed_users: ['ghost-user'] } });
      expect(response.status).toBe(422);
      const body = await json(response);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.issues).toEqual([{ path: 'allowed_users[0]', message: expect.stringContaining('ghost-user') }]);
      const empty = await api('PUT', `/playbooks/${created.id}/sharing`, author, { json: { allowed_users: ['group:'] } });
      expect(empty.status).toBe(422);
      expect((await json(empty)).error.details.issues[0].path).toBe('allowed_users[0]');
    });
  });

  it('deletes: gone from get, list, revisions and edits; a second delete is a 404', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    await api('PATCH', `/playbooks/${created.id}`, author, { json: { name: 'v2' }, contentType: MERGE_PATCH });
    const deleted = await api('DELETE', `/playbooks/${created.id}`, author);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await api('GET', `/playbooks/${created.id}`, author)).status).toBe(404);
    expect((await api('GET', `/playbooks/${created.id}/revisions`, author)).status).toBe(404);
    expect((await api('GET', `/playbooks/${created.id}/revisions/1`, author)).status).toBe(404);
    expect((await api('PATCH', `/playbooks/${created.id}`, author, { json: { name: 'v3' }, contentType: MERGE_PATCH })).status).toBe(404);
    expect((await api('PUT', `/playbooks/${created.id}/sharing`, author, { json: { allowed_users: [] } })).status).toBe(404);
    expect((await json(await api('GET', '/playbooks', author))).playbooks).toEqual([]);
    expect((await api('DELETE', `/playbooks/${created.id}`, author)).status).toBe(404);
    // The revisions stay in R2 for the runs that pinned them (spec §3).
    expect(await env.BUCKET.head(`playbooks/${created.id}/rev-1.yaml`)).not.toBeNull();
    expect(await env.BUCKET.head(`playbooks/${created.id}/rev-2.yaml`)).not.toBeNull();
  });

  it('a large Playbook sent as JSON (stored YAML over the 256 KB YAML body limit) stays readable and editable', async () => {
    const author = await createTestUser('author');
    const steps = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, title: `Step ${i}`, instruction: `${i}${'x'.repeat(12_000)}`, completion_criteria: 'done' }));
    const doc = minimalPlaybook({ sop: { goal: 'Big', steps } });
    expect(JSON.stringify(doc).length).toBeGreaterThan(300 * 1024);
    const created = await createAs(author, doc);
    expect(created.yaml.length).toBeGreaterThan(256 * 1024);
    const got = await api('GET', `/playbooks/${created.id}`, author);
    expect(got.status).toBe(200);
    expect((await json(got)).spec).toEqual(created.spec);
    expect((await api('GET', `/playbooks/${created.id}/revisions/1`, author)).status).toBe(200);
    const patched = await api('PATCH', `/playbooks/${created.id}`, author, { json: { name: 'Still big' }, contentType: MERGE_PATCH });
    expect(patched.status).toBe(200);
    expect((await json(patched)).spec.sop).toEqual(created.spec.sop);
  });

  it('concurrent edits: every accepted revision is stored exactly as answered, a refused one changes nothing', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    const names = ['A', 'B', 'C', 'D', 'E'];
    const responses = await Promise.all(
      names.map((name) => api('PATCH', `/playbooks/${created.id}`, author, { json: { name }, contentType: MERGE_PATCH })),
    );
    const accepted: { revision: number; spec: { name: string }; yaml: string }[] = [];
    for (const response of responses) {
      expect([200, 409]).toContain(response.status);
      if (response.status === 200) accepted.push(await json(response));
      else expect((await json(response)).error.code).toBe('conflict');
    }
    expect(accepted.length).toBeGreaterThan(0);
    const revisions = await json(await api('GET', `/playbooks/${created.id}/revisions`, author));
    expect(revisions.revisions.map((r: { revision: number }) => r.revision)).toEqual(Array.from({ length: accepted.length + 1 }, (_, i) => i + 1));
    for (const revision of accepted) {
      const stored = await json(await api('GET', `/playbooks/${created.id}/revisions/${revision.revision}`, author));
      expect(stored.spec).toEqual(revision.spec);
      expect(stored.yaml).toBe(revision.yaml);
    }
    expect((await json(await api('GET', `/playbooks/${created.id}/revisions/1`, author))).spec).toEqual(created.spec);
  });

  it('an edit that finds the next revision already being written is a 409 that overwrites nothing', async () => {
    const author = await createTestUser('author');
    const created = await createAs(author);
    // Another edit has written revision 2 and not yet committed it to the index.
    await env.BUCKET.put(`playbooks/${created.id}/rev-2.yaml`, 'in flight');
    await expectUnchanged(author, [created.id], async () => {
      const response = await api('PATCH', `/playbooks/${created.id}`, author, { json: { name: 'Late' }, contentType: MERGE_PATCH });
      expect(response.status).toBe(409);
    });
    expect(await (await env.BUCKET.get(`playbooks/${created.id}/rev-2.yaml`))!.text()).toBe('in flight');
  });
});
