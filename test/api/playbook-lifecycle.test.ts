/**
 * Issue 18, lifecycle: draft → published, and the diff of two revisions.
 *
 * A Playbook's published revision is what runners (who may run it but not edit it) and its
 * triggers run; its owner and admins run the latest revision, so they can try a draft. An edit is
 * a new draft and changes nothing for runners and triggers until someone publishes it. POST
 * /playbooks publishes revision 1 unless `?publish=false`; a Playbook with nothing published
 * answers runners and triggers 409 `not_published`.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { fireDueTriggers } from '../../src/triggers/alarm';
import { startTriggeredRun } from '../../src/triggers/fire';
import { TriggerStore } from '../../src/triggers/store';
import { runsOf, signedDelivery, tenant, triggeredPlaybook, triggersOf } from '../triggers/helpers';
import { api } from './contract';

let owner: TestUser;
let runner: TestUser;
let stranger: TestUser;
let admin: TestUser;

beforeAll(async () => {
  owner = await createTestUser('author');
  runner = await createTestUser('runner');
  stranger = await createTestUser('author');
  admin = await createTestUser('admin');
});

const DOC = triggeredPlaybook([{ type: 'manual' }, { type: 'http_webhook', id: 'orders' }, { type: 'cron', id: 'tick', expression: '0 9 * * *', timezone: 'UTC' }]);

/** A Playbook with a webhook and a cron trigger, shared with the runner; its webhook secret and path. */
async function sharedPlaybook(query = '') {
  const created = await api('POST', `/playbooks${query}`, owner, { json: { ...DOC, name: 'Lifecycle' } });
  expect(created.status, await created.clone().text()).toBe(201);
  const body = await json(created);
  const shared = await api('PUT', `/playbooks/${body.id}/sharing`, owner, { json: { allowed_users: [runner.id] } });
  expect(shared.status).toBe(200);
  const hook = body.trigger_secrets?.[0];
  return { id: body.id as string, body, secret: hook?.secret as string, path: hook?.webhook_path as string };
}

const startAs = (who: TestUser, id: string) => api('POST', `/playbooks/${id}/run`, who, { json: { inputs: {} } });
const publish = (who: TestUser, id: string, body: unknown) => api('POST', `/playbooks/${id}/publish`, who, { json: body });
const summary = async (id: string) => json(await api('GET', `/playbooks/${id}`, owner));

async function revisionRun(who: TestUser, id: string): Promise<number> {
  const res = await startAs(who, id);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).revision;
}

async function webhookRevision(hook: { secret: string; path: string }, id: string): Promise<number> {
  const { res } = await signedDelivery(hook.path, hook.secret, {});
  expect(res.status, await res.clone().text()).toBe(202);
  const runId = (await json(res)).run_id;
  return (await runsOf(owner, id)).find((r) => r.id === runId).revision;
}

/** Fires the Playbook's cron trigger now, as the Tenant alarm would; the new run's revision (or the recorded error). */
async function cronFire(id: string): Promise<{ revision?: number; error?: string }> {
  const tick = (await triggersOf(owner, id)).find((t) => t.key === 'tick');
  const before = new Set((await runsOf(owner, id)).map((r) => r.id));
  await runInDurableObject(tenant(), async (_i, state) => {
    state.storage.sql.exec('UPDATE trigger_schedule SET next_fire_at = ? WHERE trigger_id = ?', Date.now() - 1000, tick.id);
    const store = new TriggerStore(state.storage.sql, state.storage);
    await fireDueTriggers({ store, now: Date.now(), start: (t, inputs, mode) => startTriggeredRun(env, t, inputs, mode), tables: () => ({ tableDetail: () => Promise.reject(new Error('none')) }) });
  });
  const fresh = (await runsOf(owner, id)).find((r) => !before.has(r.id));
  if (fresh) return { revision: fresh.revision };
  return { error: (await triggersOf(owner, id)).find((t) => t.key === 'tick').last_error };
}

describe('draft → published', () => {
  it('a new Playbook is published at revision 1; ?publish=false leaves it a draft nobody but its authors can run', async () => {
    const live = await sharedPlaybook();
    expect(live.body).toMatchObject({ revision: 1, published_revision: 1 });
    expect(await revisionRun(runner, live.id)).toBe(1);

    const draft = await sharedPlaybook('?publish=false');
    expect(draft.body.revision).toBe(1);
    expect(draft.body.published_revision).toBeUndefined();
    // The owner authors it: their run takes the latest revision.
    expect(await revisionRun(owner, draft.id)).toBe(1);
    const refused = await startAs(runner, draft.id);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: 'not_published', details: { playbook_id: draft.id } });
    // Its triggers are not registered yet: no webhook URL, no secret, nothing on the schedule.
    expect(draft.body.trigger_secrets).toBeUndefined();
    expect(await triggersOf(owner, draft.id)).toEqual([]);
    expect((await runsOf(owner, draft.id)).map((r) => r.created_by)).toEqual([owner.id]);

    const published = await publish(owner, draft.id, { revision: 1 });
    expect(published.status, await published.clone().text()).toBe(200);
    const body = await json(published);
    expect(body).toMatchObject({ id: draft.id, revision: 1, published_revision: 1 });
    // Publishing registered the triggers: the webhook's secret is shown once, in this response.
    expect(body.trigger_secrets.map((s: { key: string }) => s.key)).toEqual(['orders']);
    expect(await revisionRun(runner, draft.id)).toBe(1);
    const hook = { secret: body.trigger_secrets[0].secret, path: body.trigger_secrets[0].webhook_path };
    expect(await webhookRevision(hook, draft.id)).toBe(1);
    expect((await cronFire(draft.id)).revision).toBe(1);
  });

  it('an edit is a draft: runners and triggers keep the published revision until it is published', async () => {
    const pb = await sharedPlaybook();
    const edited = await api('PATCH', `/playbooks/${pb.id}`, owner, { json: { description: 'Second thoughts' } });
    expect(edited.status).toBe(200);
    expect(await json(edited)).toMatchObject({ revision: 2, published_revision: 1 });
    expect(await summary(pb.id)).toMatchObject({ revision: 2, published_revision: 1 });
    // A runner's list shows the revision they would run, not the draft.
    const listed = (await json(await api('GET', '/playbooks', runner))).playbooks.find((p: { id: string }) => p.id === pb.id);
    expect(listed).toMatchObject({ revision: 1, published_revision: 1 });

    expect(await revisionRun(owner, pb.id)).toBe(2);
    expect(await revisionRun(admin, pb.id)).toBe(2);
    expect(await revisionRun(runner, pb.id)).toBe(1);
    expect(await webhookRevision(pb, pb.id)).toBe(1);
    expect((await cronFire(pb.id)).revision).toBe(1);

    expect((await publish(owner, pb.id, { revision: 2 })).status).toBe(200);
    expect(await revisionRun(runner, pb.id)).toBe(2);
    expect(await webhookRevision(pb, pb.id)).toBe(2);
    expect((await cronFire(pb.id)).revision).toBe(2);

    // Publishing an older revision rolls back; an admin may do it too.
    expect(await json(await publish(admin, pb.id, { revision: 1 }))).toMatchObject({ revision: 2, published_revision: 1 });
    expect(await revisionRun(runner, pb.id)).toBe(1);

    // "Run again as it is now" follows the same rule: the runner's is the published revision, the owner's the latest.
    const runnerRun = (await json(await startAs(runner, pb.id))).id;
    const again = (who: TestUser) => api('POST', `/runs/${runnerRun}/rerun`, who, { json: { revision: 'current' } });
    expect((await json(await again(runner))).revision).toBe(1);
    expect((await json(await again(owner))).revision).toBe(2);
  });

  it('only the owner or an admin may publish, and only a revision that exists; bad bodies name the field', async () => {
    const pb = await sharedPlaybook();
    const byRunner = await publish(runner, pb.id, { revision: 1 });
    expect(byRunner.status).toBe(403);
    expect((await publish(stranger, pb.id, { revision: 1 })).status).toBe(404);
    const unknown = await publish(owner, pb.id, { revision: 7 });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.details).toMatchObject({ kind: 'Playbook revision', id: `${pb.id}@7` });
    for (const body of [{}, { revision: 0 }, { revision: 'two' }, { revision: 1.5 }]) {
      const bad = await publish(owner, pb.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect((await json(bad)).error.details.issues[0].path, JSON.stringify(body)).toBe('revision');
    }
    const extra = await publish(owner, pb.id, { revision: 1, note: 'x' });
    expect(extra.status).toBe(422);
    expect((await summary(pb.id)).published_revision).toBe(1);
  });
});

describe('what a runner reads is what they run', () => {
  it('GET gives runners the published revision and its owner and admins the latest; a draft is not readable by runners anywhere', async () => {
    const pb = await sharedPlaybook();
    const edited = await api('PATCH', `/playbooks/${pb.id}`, owner, { json: { description: 'Draft thoughts' } });
    expect(edited.status).toBe(200);

    const asRunner = await api('GET', `/playbooks/${pb.id}`, runner);
    expect(asRunner.status, await asRunner.clone().text()).toBe(200);
    const seen = await json(asRunner);
    expect(seen).toMatchObject({ revision: 1, published_revision: 1, can_edit: false });
    expect(seen.spec.description).toBeUndefined();
    expect(seen.yaml).not.toContain('Draft thoughts');
    for (const who of [owner, admin]) {
      expect(await json(await api('GET', `/playbooks/${pb.id}`, who))).toMatchObject({ revision: 2, published_revision: 1, can_edit: true, spec: { description: 'Draft thoughts' } });
    }

    const revisionsOf = async (who: TestUser) => (await json(await api('GET', `/playbooks/${pb.id}/revisions`, who))).revisions.map((r: { revision: number }) => r.revision);
    expect(await revisionsOf(runner)).toEqual([1]);
    expect(await revisionsOf(owner)).toEqual([1, 2]);
    expect((await api('GET', `/playbooks/${pb.id}/revisions/2`, runner)).status).toBe(404);
    expect((await api('GET', `/playbooks/${pb.id}/revisions/1`, runner)).status).toBe(200);
    expect((await api('GET', `/playbooks/${pb.id}/revisions/diff?from=1&to=2`, runner)).status).toBe(404);
    expect((await api('GET', `/playbooks/${pb.id}/revisions/2`, owner)).status).toBe(200);

    // Published, revision 2 is what the runner reads, lists and runs.
    expect((await publish(owner, pb.id, { revision: 2 })).status).toBe(200);
    expect(await json(await api('GET', `/playbooks/${pb.id}`, runner))).toMatchObject({ revision: 2, spec: { description: 'Draft thoughts' } });
    expect(await revisionsOf(runner)).toEqual([1, 2]);
  });

  it('a Playbook with nothing published is 409 not_published to runners, and its revisions are none of theirs', async () => {
    const draft = await sharedPlaybook('?publish=false');
    const res = await api('GET', `/playbooks/${draft.id}`, runner);
    expect(res.status).toBe(409);
    expect((await json(res)).error).toMatchObject({ code: 'not_published', details: { playbook_id: draft.id } });
    expect((await json(await api('GET', `/playbooks/${draft.id}/revisions`, runner))).revisions).toEqual([]);
    expect((await api('GET', `/playbooks/${draft.id}/revisions/1`, runner)).status).toBe(404);
    expect(await json(await api('GET', `/playbooks/${draft.id}`, owner))).toMatchObject({ revision: 1, can_edit: true });
    // A stranger still learns nothing: 404, not 409.
    expect((await api('GET', `/playbooks/${draft.id}`, stranger)).status).toBe(404);
  });
});

describe('GET /playbooks/{id}/revisions/diff', () => {
  it("returns the unified diff of two published-or-older revisions' YAML to anyone who can see the Playbook", async () => {
    const pb = await sharedPlaybook();
    await api('PATCH', `/playbooks/${pb.id}`, owner, { json: { name: 'Lifecycle, renamed' } });
    expect((await publish(owner, pb.id, { revision: 2 })).status).toBe(200);
    const res = await api('GET', `/playbooks/${pb.id}/revisions/diff?from=1&to=2`, runner);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ playbook_id: pb.id, from: 1, to: 2, added: 1, removed: 1 });
    expect(body.diff).toMatch(/^--- revision 1\n\+\+\+ revision 2\n@@ /);
    expect(body.diff).toContain('\n-name: Lifecycle\n+name: Lifecycle, renamed\n');
    const backwards = await json(await api('GET', `/playbooks/${pb.id}/revisions/diff?from=2&to=1`, owner));
    expect(backwards.diff).toContain('\n-name: Lifecycle, renamed\n+name: Lifecycle\n');
    expect((await json(await api('GET', `/playbooks/${pb.id}/revisions/diff?from=2&to=2`, owner)))).toMatchObject({ diff: '', added: 0, removed: 0 });
  });

  it('404 for a revision or Playbook the caller cannot see; 422 naming the parameter for bad ones', async () => {
    const pb = await sharedPlaybook();
    const missing = await api('GET', `/playbooks/${pb.id}/revisions/diff?from=1&to=3`, owner);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.details).toMatchObject({ id: `${pb.id}@3` });
    expect((await api('GET', `/playbooks/${pb.id}/revisions/diff?from=1&to=1`, stranger)).status).toBe(404);
    expect((await api('GET', '/playbooks/pb_nope/revisions/diff?from=1&to=1', owner)).status).toBe(404);
    const cases: [string, string][] = [['from=abc&to=1', 'from'], ['from=1', 'to'], ['from=0&to=1', 'from'], ['from=1&to=-2', 'to'], ['from=1&to=1.5', 'to']];
    for (const [query, field] of cases) {
      const bad = await api('GET', `/playbooks/${pb.id}/revisions/diff?${query}`, owner);
      expect(bad.status, query).toBe(422);
      expect((await json(bad)).error.details.issues.map((i: { path: string }) => i.path), query).toContain(field);
    }
  });
});

describe('a Playbook drafted for you stays a draft', () => {
  it('minimalPlaybook created with ?publish=false has no published revision until published', async () => {
    const res = await api('POST', '/playbooks?publish=false', owner, { json: minimalPlaybook() });
    expect(res.status).toBe(201);
    expect((await json(res)).published_revision).toBeUndefined();
    expect((await api('POST', '/playbooks?publish=maybe', owner, { json: minimalPlaybook() })).status).toBe(422);
  });
});
