import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { uniqueName, userSkill } from './fixtures';

describe('POST /skills', () => {
  it('stores a user skill with its references; GET /skills lists it beside the built-ins; GET /skills/{id} shows tables and tree', async () => {
    const author = await createTestUser('author');
    const name = uniqueName('invoice-recon');
    const rules = '# Rules\nMatch on amount and date.';
    const res = await call('POST', '/skills', author, { json: { skill_md: userSkill(name), references: { 'matching-rules.md': rules } } });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({ id: name, source: 'user', uploaded_by: author.id, reference_count: 1, script_count: 0 });
    expect(created.tree).toEqual({ references: [{ path: 'references/matching-rules.md', bytes: rules.length }], scripts: [] });

    const list = (await json(await call('GET', '/skills', author))).skills as any[];
    expect(list.find((s) => s.id === name)).toMatchObject({ description: 'Reconcile invoices against payments, one customer at a time.', source: 'user' });
    expect(list.find((s) => s.id === 'data-quality-profiling')).toMatchObject({ source: 'builtin', script_count: 1, reference_count: 1 });

    const detail = await json(await call('GET', `/skills/${name}`, author));
    expect(detail.frontmatter).toEqual({ name, description: 'Reconcile invoices against payments, one customer at a time.' });
    expect(detail.body).toContain('# Invoice reconciliation');
    expect(detail.tables).toEqual({
      tool_selection_guide: [{ task: 'Match rows', tools: ['sql.local'] }],
      integrations_required: [{ integration: 'keboola.connection', purpose: 'invoice tables', required: true }],
      context_persistence: [{ key: 'last_matched_invoice', description: 'The newest invoice id matched by the previous run' }],
    });
  });

  it('GET /skills/{id} of a built-in shows its references and scripts with their risk', async () => {
    const runner = await createTestUser('runner');
    const detail = await json(await call('GET', '/skills/data-quality-profiling', runner));
    expect(detail.source).toBe('builtin');
    expect(detail.tree.references).toEqual([{ path: 'references/interpreting-profiles.md', bytes: expect.any(Number) }]);
    expect(detail.tree.scripts).toEqual([
      { name: 'profile', path: 'scripts/profile.ts', tool_id: 'skill.data-quality-profiling.profile', risk: 'compute', description: expect.stringContaining('Profile a CSV file') },
    ]);
    expect(detail.tables.context_persistence.map((r: any) => r.key)).toEqual(['baseline_profile', 'known_issues']);
    expect((await call('GET', '/skills/no-such-skill', runner)).status).toBe(404);
  });

  it('refuses an invalid SKILL.md with 422 and the reason, and stores nothing', async () => {
    const author = await createTestUser('author');
    const name = uniqueName('broken');
    const cases: [string, RegExp][] = [
      [`---\nname: ${name}\n---\n# No description`, /frontmatter\.description/],
      ['# No frontmatter\n', /must start with YAML frontmatter/],
      [`---\nname: ${name}\ndescription: d\n---\n## Context Persistence\n\n| Key | Description |\n|---|---|\n| Not A Key | x |\n`, /tables\.context_persistence\[1\]\.key: "Not A Key" must be snake_case/],
      [`---\nname: ${name}\ndescription: [unclosed\n---\n`, /frontmatter: .*not valid YAML/],
    ];
    for (const [skill_md, reason] of cases) {
      const res = await call('POST', '/skills', author, { json: { skill_md } });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toMatch(reason);
      expect(body.error.details.issues.length).toBeGreaterThan(0);
    }
    expect((await call('GET', `/skills/${name}`, author)).status).toBe(404);
  });

  it('refuses a name that collides with a built-in, bad reference names, and a wrong body shape', async () => {
    const author = await createTestUser('author');
    const collide = await call('POST', '/skills', author, { json: { skill_md: userSkill('data-quality-profiling') } });
    expect(collide.status).toBe(422);
    expect((await json(collide)).error.message).toMatch(/"data-quality-profiling" is a built-in skill/);

    const name = uniqueName('refs');
    for (const bad of ['../../SKILL.md', 'references/sub/dir.md', 'notes.txt', '.hidden.md']) {
      const res = await call('POST', '/skills', author, { json: { skill_md: userSkill(name), references: { [bad]: 'x' } } });
      expect(res.status, bad).toBe(422);
      expect((await json(res)).error.message).toContain(bad);
    }
    expect((await call('POST', '/skills', author, { json: { skill_md: userSkill(name), scripts: { 'x.ts': 'code' } } })).status).toBe(422);
    expect((await call('POST', '/skills', author, { json: { references: {} } })).status).toBe(422);
    expect((await call('GET', `/skills/${name}`, author)).status).toBe(404);
  });

  it('only authors and admins upload; a user skill is replaced only by its uploader or an admin', async () => {
    const author = await createTestUser('author');
    const other = await createTestUser('author');
    const admin = await createTestUser('admin');
    const runner = await createTestUser('runner');
    const name = uniqueName('owned');
    expect((await call('POST', '/skills', runner, { json: { skill_md: userSkill(name) } })).status).toBe(403);
    expect((await call('POST', '/skills', author, { json: { skill_md: userSkill(name), references: { 'a.md': 'A', 'b.md': 'B' } } })).status).toBe(201);
    expect((await call('POST', '/skills', other, { json: { skill_md: userSkill(name) } })).status).toBe(409);

    // The uploader replaces it: references not sent again are gone.
    const replaced = await call('POST', '/skills', author, { json: { skill_md: userSkill(name, '\nMore.\n'), references: { 'references/b.md': 'B2' } } });
    expect(replaced.status).toBe(200);
    expect((await json(replaced)).tree.references).toEqual([{ path: 'references/b.md', bytes: 2 }]);
    const byAdmin = await call('POST', '/skills', admin, { json: { skill_md: userSkill(name) } });
    expect(byAdmin.status).toBe(200);
    expect((await json(byAdmin)).uploaded_by).toBe(admin.id);
  });
});
