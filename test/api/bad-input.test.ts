/**
 * Issue 2, item 3 (spec §3 and §8 "Bad input"; security.md "Bad input"): invalid Playbooks are a
 * 422 naming the path; malformed, oversized, hostile or wrongly typed bodies are a 4xx; nothing a
 * client sends is a 500; and no refused request changes stored data — proved for create and for
 * PATCH by comparing the API view, the Tenant tables and R2 before and after each request.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { api } from './contract';
import { expectUnchanged } from './state';

const MERGE_PATCH = 'application/merge-patch+json';
type Body = Parameters<typeof api>[3];

async function setup(): Promise<{ author: TestUser; id: string }> {
  const author = await createTestUser('author');
  const created = await api('POST', '/playbooks', author, { json: minimalPlaybook() });
  expect(created.status).toBe(201);
  return { author, id: (await json(created)).id };
}

/** The same bad body sent as a create and as a PATCH of an existing Playbook; both refused, nothing changed. */
async function refusedEverywhere(body: Body, expectation: (response: Response, where: string) => Promise<void>): Promise<void> {
  const { author, id } = await setup();
  await expectUnchanged(author, [id], async () => {
    await expectation(await api('POST', '/playbooks', author, body), 'create');
    await expectation(await api('PATCH', `/playbooks/${id}`, author, body), 'patch');
  });
}

function expectStatus(status: number, code: string) {
  return async (response: Response, where: string) => {
    expect(response.status, where).toBe(status);
    const body = await json(response);
    expect(body.error.code, where).toBe(code);
    expect(body.error.message.length, where).toBeGreaterThan(10);
  };
}

/** A 422 whose issues include `path`, and whose message names it too. */
function expectInvalidAt(path: string, messagePart?: RegExp) {
  return async (response: Response, where: string) => {
    expect(response.status, where).toBe(422);
    const body = await json(response);
    expect(body.error.code, where).toBe('validation_failed');
    const issues = body.error.details.issues as { path: string; message: string }[];
    const issue = issues.find((i) => i.path === path);
    expect(issue, `${where}: ${JSON.stringify(issues)}`).toBeDefined();
    if (messagePart) expect(issue!.message, where).toMatch(messagePart);
    // The summary message names the first issue; with one issue, that is this one.
    if (issues.length === 1) expect(body.error.message, where).toContain(path);
  };
}

const withStep = (step: Record<string, unknown>) =>
  minimalPlaybook({ sop: { goal: 'g', steps: [{ id: 'a', title: 't', instruction: 'i', completion_criteria: 'c', ...step }] } });

describe('invalid Playbooks are a 422 naming the path (create and PATCH, JSON and YAML)', () => {
  const invalid: [string, Record<string, unknown>, string, RegExp?][] = [
    ['without budget', minimalPlaybook({ budget: undefined }), 'budget', /is required/],
    // An unknown key is reported at the object that holds it, with the key named in the message.
    ['with an unknown top-level key', minimalPlaybook({ colour: 'red' }), '(root)', /unknown field.*colour/],
    ['with an unknown nested key', minimalPlaybook({ budget: { max_usd_per_run: 1, max_dollars: 3 } }), 'budget', /unknown field.*max_dollars/],
    ['with an unknown key in a step', withStep({ retries: 3 }), 'sop.steps[0]', /unknown field.*retries/],
    ['with a bad on_failure', withStep({ on_failure: 'retry_forever' }), 'sop.steps[0].on_failure'],
    ['with external_send looser than approve', minimalPlaybook({ risk_policy: { external_send: 'allow' } }), 'risk_policy.external_send', /approve/],
    ['with external_send at dry_run_first', minimalPlaybook({ risk_policy: { external_send: 'dry_run_first' } }), 'risk_policy.external_send'],
    ['with destructive looser than approve', minimalPlaybook({ risk_policy: { destructive: 'allow' } }), 'risk_policy.destructive'],
    ['with secret allowed', minimalPlaybook({ risk_policy: { secret: 'approve' } }), 'risk_policy.secret'],
    ['with a negative budget', minimalPlaybook({ budget: { max_usd_per_run: -5 } }), 'budget.max_usd_per_run'],
  ];

  for (const [what, doc, path, message] of invalid) {
    it(`as JSON: a Playbook ${what}`, async () => {
      const { author, id } = await setup();
      await expectUnchanged(author, [id], async () => {
        await expectInvalidAt(path, message)(await api('POST', '/playbooks', author, { json: doc }), 'create');
        // PATCH as a whole YAML document and as a merge patch that introduces the same problem.
        await expectInvalidAt(path, message)(await api('PATCH', `/playbooks/${id}`, author, { yaml: stringify(doc) }), 'patch yaml');
        const patch = what === 'without budget' ? { budget: null } : doc;
        await expectInvalidAt(path, message)(await api('PATCH', `/playbooks/${id}`, author, { json: patch, contentType: MERGE_PATCH }), 'patch json');
      });
    });

    it(`as YAML: a Playbook ${what}`, async () => {
      const author = await createTestUser('author');
      await expectUnchanged(author, [], async () => {
        await expectInvalidAt(path, message)(await api('POST', '/playbooks', author, { yaml: stringify(doc) }), 'create');
      });
    });
  }

  it('external_send and destructive may be tightened, never loosened', async () => {
    const author = await createTestUser('author');
    const tightened = await api('POST', '/playbooks', author, { json: minimalPlaybook({ risk_policy: { external_send: 'approve_admin', destructive: 'deny', write: 'approve' } }) });
    expect(tightened.status).toBe(201);
    expect((await json(tightened)).spec.risk_policy).toEqual({ external_send: 'approve_admin', destructive: 'deny', write: 'approve' });
  });

  it('a document that is not an object is a 422 at the root', async () => {
    for (const raw of ['[]', '"a string"', '42', 'null', 'true']) {
      await refusedEverywhere({ raw, contentType: 'application/json' }, expectInvalidAt('(root)'));
    }
    for (const yaml of ['- a list\n', 'just a scalar\n', '', '~\n']) {
      await refusedEverywhere({ yaml }, expectInvalidAt('(root)'));
    }
  });

  it('"__proto__" in a body is an unknown key, not a way to smuggle fields past the schema', async () => {
    const raw = '{"budget": null, "__proto__": {"budget": {"max_usd_per_run": 2}}}';
    const { author, id } = await setup();
    await expectUnchanged(author, [id], async () => {
      await expectInvalidAt('(root)', /unknown field.*__proto__/)(await api('PATCH', `/playbooks/${id}`, author, { raw, contentType: MERGE_PATCH }), 'patch json');
      const create = JSON.stringify(minimalPlaybook({ budget: undefined })).replace(/}$/, ',"__proto__":{"budget":{}}}');
      await expectInvalidAt('(root)', /unknown field.*__proto__/)(await api('POST', '/playbooks', author, { raw: create, contentType: 'application/json' }), 'create json');
      const yaml = `${stringify(minimalPlaybook({ budget: undefined }))}__proto__:\n  budget: {}\n`;
      await expectInvalidAt('(root)', /unknown field.*__proto__/)(await api('POST', '/playbooks', author, { yaml }), 'create yaml');
    });
  });
});

describe('malformed, hostile and oversized bodies are a 4xx, never a 500, and change nothing', () => {
  it('malformed JSON is a 400', async () => {
    for (const raw of ['{"name": ', '{name: "x"}', "{'a': 1}", '{"a": 1,}', '', '\u0000']) {
      await refusedEverywhere({ raw, contentType: 'application/json' }, expectStatus(400, 'bad_request'));
    }
  });

  it('malformed YAML is a 400 that names the line', async () => {
    for (const yaml of ['name: [unclosed\nbudget: {}\n', 'name: a\n  bad: indentation\n x: y\n', 'name: "unterminated\n', 'name: a\nname: b\n']) {
      await refusedEverywhere({ yaml }, async (response, where) => {
        await expectStatus(400, 'bad_request')(response.clone(), where);
        expect((await json(response)).error.message, where).toMatch(/YAML/);
      });
    }
    const { author } = await setup();
    const located = await json(await api('POST', '/playbooks', author, { yaml: 'name: ok\nsop: [unclosed\n' }));
    expect(located.error.message).toMatch(/line \d+/);
  });

  it('a YAML alias bomb ("billion laughs") is refused quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `${levels.join('\n')}\n`;
    expect(bomb.length).toBeLessThan(1000);
    const started = Date.now();
    await refusedEverywhere({ yaml: bomb }, async (response, where) => {
      await expectStatus(400, 'bad_request')(response.clone(), where);
      expect((await json(response)).error.message, where).toMatch(/alias/i);
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('deeply nested documents are a 4xx saying so, not a stack overflow', async () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const tooDeep = async (response: Response, where: string) => {
      expect([400, 422], where).toContain(response.status);
      expect((await json(response)).error.message, where).toMatch(/nested more than \d+ levels/);
    };
    for (const depth of [40, 1_000, 100_000]) {
      const asArgs = JSON.stringify(withStep({ actions: [{ tool: 'sql.local', args: { q: '__DEEP__' } }] })).replace('"__DEEP__"', deep(depth));
      await refusedEverywhere({ raw: asArgs, contentType: 'application/json' }, tooDeep);
      // Elsewhere in a document, only the whole-document bound (64 levels) applies.
      if (depth < 100) continue;
      const asDefault = JSON.stringify(minimalPlaybook({ inputs: [{ name: 'x', default: '__DEEP__' }] })).replace('"__DEEP__"', deep(depth));
      await refusedEverywhere({ raw: asDefault, contentType: 'application/json' }, async (response, where) => {
        expect([400, 422], where).toContain(response.status);
      });
      await refusedEverywhere({ raw: `{"colour": ${deep(depth)}}`, contentType: 'application/json' }, async (response, where) => {
        expect([400, 422], where).toContain(response.status);
      });
    }
    // Nesting that real arguments use is fine.
    const author = await createTestUser('author');
    const reasonable = withStep({ actions: [{ tool: 'sql.local', args: JSON.parse(deep(20)) }] });
    expect((await api('POST', '/playbooks', author, { json: reasonable })).status).toBe(201);
    const deepYaml = `${stringify(withStep({ actions: [{ tool: 'sql.local', args: { q: 'x' } }] })).replace('q: x', `q: ${'['.repeat(5000)}${']'.repeat(5000)}`)}`;
    await refusedEverywhere({ yaml: deepYaml }, expectStatus(400, 'bad_request'));
  });

  it('a body over 1 MB is a 413, as JSON or YAML, with or without Content-Length', async () => {
    const huge = JSON.stringify(minimalPlaybook({ description: 'x'.repeat(1024 * 1024) }));
    await refusedEverywhere({ raw: huge, contentType: 'application/json' }, expectStatus(413, 'payload_too_large'));
    await refusedEverywhere({ raw: `description: ${'x'.repeat(1024 * 1024)}\n`, contentType: 'application/yaml' }, expectStatus(413, 'payload_too_large'));

    const { author, id } = await setup();
    await expectUnchanged(author, [id], async () => {
      for (const [method, path] of [['POST', '/playbooks'], ['PATCH', `/playbooks/${id}`]] as const) {
        const bytes = new TextEncoder().encode(huge);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
            controller.close();
          },
        });
        const request = new Request(`http://studio.test/v1/agent-studio${path}`, {
          method,
          headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        expect(request.headers.get('content-length')).toBeNull();
        const response = await exports.default.fetch(request);
        expect(response.status, `${method} streamed`).toBe(413);
      }
    });
  });

  it('a YAML body over 256 KB is a 413 even though it is under the general 1 MB limit', async () => {
    const yaml = `${stringify(minimalPlaybook())}description: ${'x'.repeat(300 * 1024)}\n`;
    expect(yaml.length).toBeLessThan(1024 * 1024);
    await refusedEverywhere({ yaml }, async (response, where) => {
      await expectStatus(413, 'payload_too_large')(response.clone(), where);
      expect((await json(response)).error.details.limit_bytes, where).toBe(256 * 1024);
    });
    // The same content as JSON is within its limit: it is judged by the schema instead (description max 2000).
    const asJson = { ...minimalPlaybook(), description: 'x'.repeat(300 * 1024) };
    await refusedEverywhere({ json: asJson }, expectInvalidAt('description'));
  });

  it('a wrong or missing content type is a 415 that lists the accepted types', async () => {
    const doc = JSON.stringify(minimalPlaybook());
    for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'yaml', undefined]) {
      await refusedEverywhere({ raw: doc, contentType }, async (response, where) => {
        await expectStatus(415, 'unsupported_media_type')(response.clone(), `${where} ${contentType}`);
        expect((await json(response)).error.message).toContain('application/json');
      });
    }
  });

  it('every media type the 415 message advertises is in fact accepted', async () => {
    const author = await createTestUser('author');
    const probe = await json(await api('POST', '/playbooks', author, { raw: 'x', contentType: 'text/plain' }));
    const accepted = probe.error.details.accepted as string[];
    expect(accepted).toEqual(expect.arrayContaining(['application/json', 'application/yaml']));
    for (const type of accepted) {
      const body = type.includes('json') ? JSON.stringify(minimalPlaybook({ name: type })) : stringify(minimalPlaybook({ name: type }));
      const response = await api('POST', '/playbooks', author, { raw: body, contentType: `${type}; charset=utf-8` });
      expect(response.status, type).toBe(201);
      expect((await json(response)).spec.name).toBe(type);
    }
  });
});

describe('path-ish ids, unknown routes and bad query parameters', () => {
  it('ids that look like paths are a 404 or 422 on every Playbook route, and touch nothing', async () => {
    const { author, id } = await setup();
    const hostile = ['..', '%2e%2e', `..%2F${id}`, `${id}%2F..%2F..`, `${id}%2Frev-1.yaml`, 'a%2Fb', '%00', '%ZZ', `playbooks%2F${id}`, '..%5C..%5C', 'x'.repeat(129), '%F0%9F%92%A9'];
    await expectUnchanged(author, [id], async () => {
      for (const bad of hostile) {
        const routes: [string, string, Body?][] = [
          ['GET', `/playbooks/${bad}`],
          ['GET', `/playbooks/${bad}/revisions`],
          ['GET', `/playbooks/${bad}/revisions/1`],
          ['PATCH', `/playbooks/${bad}`, { json: { name: 'x' }, contentType: MERGE_PATCH }],
          ['PUT', `/playbooks/${bad}/sharing`, { json: { allowed_users: [] } }],
          ['DELETE', `/playbooks/${bad}`],
        ];
        for (const [method, path, body] of routes) {
          const response = await api(method, path, author, body);
          expect([404, 422], `${method} ${path}`).toContain(response.status);
          expect((await json(response)).error.code).toMatch(/^(not_found|validation_failed)$/);
        }
      }
      for (const n of ['0', '-1', '1.5', 'abc', '..%2F1', '1%2F..%2F2', '99999999999999999999999', 'Infinity', 'NaN']) {
        const response = await api('GET', `/playbooks/${id}/revisions/${n}`, author);
        expect([404, 422], n).toContain(response.status);
      }
    });
  });

  it('unknown routes and methods are a JSON 404', async () => {
    const author = await createTestUser('author');
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/playbooks/x/unknown'],
      ['PUT', '/playbooks'],
      ['POST', '/playbooks/x/revisions'],
      ['DELETE', '/users'],
      ['GET', '/v1/agent-studio'],
      ['GET', 'http://studio.test/v2/agent-studio/playbooks'],
    ] as const) {
      const response = await api(method, path, author, method === 'GET' || method === 'DELETE' ? undefined : { json: {} });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await json(response)).error.code).toBe('not_found');
    }
  });

  it('bad query parameters are a 422 naming the parameter; unknown ones are ignored', async () => {
    const author = await createTestUser('author');
    for (const [query, param] of [
      ['category=not-a-category', 'category'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['category=', 'category'],
    ] as const) {
      const response = await api('GET', `/blueprints?${query}`, author);
      expect(response.status, query).toBe(422);
      expect((await json(response)).error.details.issues[0].path).toBe(param);
    }
    expect((await api('GET', '/blueprints?q=%E0%A4%A', author)).status).toBe(200);
    expect((await api('GET', '/playbooks?limit=-1&status=%ZZ', author)).status).toBe(200);
  });
});
