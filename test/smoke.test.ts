import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, minimalPlaybook } from './helpers';

describe('smoke', () => {
  it('creates and reads a playbook', async () => {
    const author = await createTestUser('author');
    const created = await call('POST', '/playbooks', author, { json: minimalPlaybook() });
    expect(created.status).toBe(201);
    const body = await json(created);
    const got = await call('GET', `/playbooks/${body.id}`, author);
    expect(got.status).toBe(200);
    expect((await json(got)).spec.name).toBe('Weekly check');
  });
});
