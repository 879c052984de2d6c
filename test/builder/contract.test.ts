/**
 * The builder route answers what /openapi.json documents, for every documented status (the
 * OpenAPI suite leaves this route to this file: its 200s and 502 need scripted model turns).
 */
import { describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../src/api/app';
import { createTestUser } from '../helpers';
import { scriptModel } from '../fakes/control';
import { api, openApiDocument, seenResponses } from '../api/contract';
import { DESCRIPTION, PROPOSALS, marginYaml } from './proposals';

describe('POST /playbooks/builder/proposals against its contract', () => {
  it('produces every documented status with a body valid against its schema', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const good = await scriptModel([{ text: `\`\`\`yaml\n${marginYaml()}\`\`\`` }]);
    const failing = await scriptModel([{ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }]);
    const model = (s: typeof good) => ({ provider: 'anthropic', model: s.model('claude-sonnet-5-5') });

    expect((await api('POST', PROPOSALS, author, { json: { description: DESCRIPTION, model: model(good) } })).status).toBe(200);
    expect((await api('POST', PROPOSALS, author, { json: { description: DESCRIPTION, mode: 'questions' } })).status).toBe(200);
    expect((await api('POST', PROPOSALS, author, { json: { description: DESCRIPTION, answers: { task: 'allocate' } } })).status).toBe(200);
    expect((await api('POST', PROPOSALS, null, { json: { description: DESCRIPTION } })).status).toBe(401);
    expect((await api('POST', PROPOSALS, author, { raw: '{"oops"', contentType: 'application/json' })).status).toBe(400);
    expect((await api('POST', PROPOSALS, runner, { json: { description: DESCRIPTION, mode: 'questions' } })).status).toBe(403);
    expect((await api('POST', PROPOSALS, author, { raw: JSON.stringify({ description: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json' })).status).toBe(413);
    expect((await api('POST', PROPOSALS, author, { raw: 'hello', contentType: 'text/plain' })).status).toBe(415);
    expect((await api('POST', PROPOSALS, author, { json: { description: DESCRIPTION, answers: { task: 'forecast' } } })).status).toBe(422);
    const failed = await api('POST', PROPOSALS, author, { json: { description: DESCRIPTION, model: model(failing) } });
    expect(failed.status).toBe(502);

    const doc = await openApiDocument();
    const path = `${API_PREFIX}${PROPOSALS}`;
    const documented = Object.keys(doc.paths[path]?.post?.responses ?? {}).map((s) => `POST ${path} ${s}`);
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.filter((k) => !seenResponses.has(k))).toEqual([]);
  });
});
