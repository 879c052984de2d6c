import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser, minimalPlaybook } from '../../test/helpers';
import { ConflictError } from '../errors';
import { createPlaybook, getRevision, revisePlaybook, type PlaybookDeps } from './service';
import { ABANDONED_REVISION_MS, putRevision, revisionKey } from './store';

async function depsFor(role: 'author' | 'admin', now?: () => Date): Promise<PlaybookDeps> {
  const { id } = await createTestUser(role);
  const tenant = env.TENANT.get(env.TENANT.idFromName(env.TENANT_ID));
  const user = await tenant.getUser(id);
  return { env, tenant, user: user!, ...(now ? { now } : {}) };
}

describe('revision objects are written once', () => {
  it('an edit refuses a next-revision object another edit is still committing', async () => {
    const deps = await depsFor('author');
    const created = await createPlaybook(deps, minimalPlaybook());
    await env.BUCKET.put(revisionKey(created.id, 2), 'in flight');
    await expect(revisePlaybook(deps, created.id, { format: 'json', value: { name: 'Mine' } })).rejects.toBeInstanceOf(ConflictError);
    expect(await (await env.BUCKET.get(revisionKey(created.id, 2)))!.text()).toBe('in flight');
  });

  it('an object left by an edit that died before committing is taken over once abandoned', async () => {
    const later = () => new Date(Date.now() + ABANDONED_REVISION_MS + 1_000);
    const deps = await depsFor('author', later);
    const created = await createPlaybook(deps, minimalPlaybook());
    await env.BUCKET.put(revisionKey(created.id, 2), 'left behind');
    const revised = await revisePlaybook(deps, created.id, { format: 'json', value: { name: 'Recovered' } });
    expect(revised.revision).toBe(2);
    const stored = await getRevision(deps, created.id, 2);
    expect(stored.spec.name).toBe('Recovered');
    expect(stored.yaml).toBe(revised.yaml);
  });

  it('a committed revision object is never overwritten', async () => {
    const later = () => new Date(Date.now() + ABANDONED_REVISION_MS + 1_000);
    const deps = await depsFor('author', later);
    const created = await createPlaybook(deps, minimalPlaybook());
    const second = await revisePlaybook(deps, created.id, { format: 'json', value: { name: 'Second' } });
    // An edit that still believes revision 1 is current cannot write revision 2.
    expect(await putRevision(env.BUCKET, created.id, 2, created.spec, deps.user.id)).toBeNull();
    expect((await getRevision(deps, created.id, 2)).yaml).toBe(second.yaml);
  });
});
