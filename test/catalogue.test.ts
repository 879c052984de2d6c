import { describe, expect, it } from 'vitest';
import { BLUEPRINT_CATEGORIES, type Blueprint } from '../src/domain/catalogue';
import { strictness } from '../src/domain/risk';
import { toolAllowed } from '../src/tools/registry';
import { loadCatalogue } from '../src/blueprints/catalogue';
import { blueprintReadiness } from '../src/blueprints/readiness';
import { BLUEPRINT_FILES, PLUGIN_FILES } from '../src/generated/bundle';
import { AppError, ValidationError } from '../src/errors';
import { parseYaml, toYaml } from '../src/yaml';
import { call, createTestUser, json } from './helpers';

/** The catalogue the product promises (spec §10, ui.md "Blueprints catalogue"). */
const REQUIRED: Record<string, (typeof BLUEPRINT_CATEGORIES)[number]> = {
  'data-cleanup-for-ai': 'data-cleanup',
  'product-cost-allocation': 'decision-analysis',
  'pipeline-process-map': 'process-mining',
  'weekly-margin-cockpit': 'decision-analysis',
  'cash-collection-and-deductions': 'decision-triggers',
  'assistant-builder': 'custom-agent-builder',
};

const EXTERNAL_SEND_OR_DESTRUCTIVE_TOOLS = ['slack.send_message'];

const { blueprints, plugins } = loadCatalogue();
const byId = new Map(blueprints.map((b) => [b.id, b]));
const pluginById = new Map(plugins.map((p) => [p.id, p]));

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function referencedPlugins(b: Blueprint): string[] {
  return [...new Set([...b.plugins, ...b.playbook_template.plugins])];
}

function ids(list: readonly { id: string }[]): string[] {
  return list.map((b) => b.id).sort();
}

describe('blueprint catalogue data files', () => {
  it('every bundled file validates on its own and is named after its id', () => {
    expect(Object.keys(BLUEPRINT_FILES).length).toBeGreaterThanOrEqual(6);
    for (const [file, text] of Object.entries(BLUEPRINT_FILES)) {
      const [blueprint] = loadCatalogue({ [file]: text }, {}).blueprints;
      expect(file).toBe(`blueprints/${blueprint!.id}.yaml`);
    }
    for (const [file, text] of Object.entries(PLUGIN_FILES)) {
      const [plugin] = loadCatalogue({}, { [file]: text }).plugins;
      expect(file).toBe(`blueprints/plugins/${plugin!.id}.yaml`);
    }
    expect(blueprints).toHaveLength(Object.keys(BLUEPRINT_FILES).length);
    expect(new Set(blueprints.map((b) => b.id)).size).toBe(blueprints.length);
    expect(new Set(plugins.map((p) => p.id)).size).toBe(plugins.length);
  });

  it('has the required blueprints in their categories and covers every category', () => {
    for (const [id, category] of Object.entries(REQUIRED)) {
      expect(byId.get(id)?.category, id).toBe(category);
    }
    for (const category of BLUEPRINT_CATEGORIES) {
      expect(blueprints.some((b) => b.category === category), category).toBe(true);
    }
  });

  it('templates are consistent: skills, tools, plugins, triggers and policy floors', () => {
    for (const b of blueprints) {
      const t = b.playbook_template;
      const where = b.id;
      expect(t.skills, where).toEqual(b.skills);
      expect(t.connections, where).toEqual(b.connections);
      expect(t.plugins, where).toEqual(b.plugins);
      expect(t.triggers.some((tr) => tr.type === 'manual'), `${where}: manual trigger`).toBe(true);
      expect(t.budget.max_usd_per_run, where).toBeGreaterThan(0);

      const pluginSkills = new Set(referencedPlugins(b).flatMap((id) => pluginById.get(id)?.skills ?? []));
      const pluginTools = new Set(referencedPlugins(b).flatMap((id) => pluginById.get(id)?.tools ?? []));
      for (const skill of b.skills) expect(pluginSkills.has(skill), `${where}: skill ${skill} in a plugin`).toBe(true);

      for (const step of t.sop.steps) {
        const at = `${where}/${step.id}`;
        // A scripted action may only call what its step allows (the Broker would refuse it at run time).
        for (const action of step.actions ?? []) expect(toolAllowed(step.allowed_tools, action.tool), `${at}: action ${action.tool}`).toBe(true);
        expect(step.allowed_tools.length, at).toBeGreaterThan(0);
        for (const skill of step.skills) expect(t.skills, `${at}: step skill ${skill}`).toContain(skill);
        for (const tool of step.allowed_tools) {
          // skill.<skill>.* or one script of it, skill.<skill>.<script>.
          const skillScript = /^skill\.([a-z0-9][a-z0-9_-]*)\.[a-z0-9_*-]+$/.exec(tool);
          // Whether the tool exists is checked against the registry itself (test/catalogue-runs.test.ts).
          if (skillScript && tool !== 'skill.load_reference') expect(t.skills, `${at}: ${tool} needs its skill`).toContain(skillScript[1]);
          expect(toolAllowed([...pluginTools], tool), `${at}: ${tool} offered by a plugin`).toBe(true);
        }
      }
      for (const tool of EXTERNAL_SEND_OR_DESTRUCTIVE_TOOLS) {
        const decision = t.tool_policies[tool];
        if (decision) expect(strictness(decision), `${where}: ${tool}`).toBeGreaterThanOrEqual(strictness('approve'));
      }
    }
  });

  it('uses slack only under approval and writes Storage only where the SOP says so', () => {
    for (const b of blueprints) {
      const steps = b.playbook_template.sop.steps;
      const sends = steps.filter((s) => s.allowed_tools.includes('slack.send_message'));
      if (sends.length > 0) expect(b.connections, b.id).toContain('slack');
      for (const s of steps.filter((s) => s.allowed_tools.includes('keboola.storage.write'))) {
        expect(s.instruction, `${b.id}/${s.id}`).toMatch(/target_bucket/);
      }
    }
    expect(byId.get('data-cleanup-for-ai')!.playbook_template.tool_policies['keboola.storage.write']).toBe('dry_run_then_approve');
  });

  it('follows the SOPs of the acceptance scenarios', () => {
    const cleanup = byId.get('data-cleanup-for-ai')!.playbook_template;
    expect(cleanup.sop.steps.map((s) => s.id)).toEqual([
      'profile',
      'detect-overlap',
      'propose-rules',
      'choose-rules',
      'resolve',
      'validate',
      'promote',
      'register',
      'summarise',
      'report',
    ]);
    // Runnable with no model: every step has actions; only "summarise" lets a chosen model take over.
    expect(cleanup.sop.steps.filter((s) => !s.actions?.length).map((s) => s.id)).toEqual([]);
    expect(cleanup.sop.steps.filter((s) => s.mode === 'auto').map((s) => s.id)).toEqual(['summarise']);
    expect(cleanup.sop.steps.find((s) => s.id === 'choose-rules')!.actions![0]!.tool).toBe('kbagent.human_in_loop');
    expect(cleanup.sop.steps.find((s) => s.id === 'report')!.allowed_tools).toContain('skill.entity-resolution.report');
    expect(cleanup.inputs.map((i) => i.name)).toEqual(expect.arrayContaining(['source_tables', 'target_bucket']));

    const allocation = byId.get('product-cost-allocation')!.playbook_template;
    const text = allocation.sop.steps.map((s) => s.instruction + s.completion_criteria).join('\n');
    expect(text).toMatch(/SUM\(allocated_amount\) equals SUM\(cost\) within cost_tolerance/);
    const classify = allocation.sop.steps.find((s) => s.id === 'classify-variances')!;
    for (const option of ['new product launch', 'acquisition', 'data quality', 'one-off', 'trend']) {
      expect(classify.instruction).toContain(`- ${option}`);
    }
    expect(allocation.sop.steps.some((s) => s.allowed_tools.includes('xlsx-renderer'))).toBe(true);
    expect(allocation.sop.steps.at(-1)!.allowed_tools).toContain('slack.send_message');
    expect(allocation.inputs.find((i) => i.name === 'cost_tolerance')!.default).toBe(0.01);
    expect(allocation.inputs.find((i) => i.name === 'variance_threshold_pct')!.default).toBe(5);

    const cockpit = byId.get('weekly-margin-cockpit')!.playbook_template;
    expect(cockpit.triggers.find((t) => t.type === 'cron')).toMatchObject({ expression: '0 7 * * 1' });
  });

  it('contains no placeholder text', () => {
    for (const [file, text] of Object.entries({ ...BLUEPRINT_FILES, ...PLUGIN_FILES })) {
      expect(text, file).not.toMatch(/\b(TODO|TBD|FIXME|XXX)\b|lorem ipsum/i);
    }
  });
});

describe('broken catalogue files', () => {
  const source = BLUEPRINT_FILES['blueprints/data-cleanup-for-ai.yaml']!;
  const broken = (mutate: (doc: any) => void): string => {
    const doc = parseYaml(source) as any;
    mutate(doc);
    return toYaml(doc);
  };
  const errorFor = (text: string, file = 'blueprints/broken.yaml') => thrownBy(() => loadCatalogue({ [file]: text }, {}));

  it('names the file and the path of a bad value', () => {
    const error = errorFor(broken((d) => (d.playbook_template.sop.steps[1].on_failure = 'retry')));
    expect(error).toBeInstanceOf(ValidationError);
    const { message, issues } = error as ValidationError;
    expect(message).toContain('blueprints/broken.yaml');
    expect(message).toContain('playbook_template.sop.steps[1].on_failure');
    expect(issues[0]!.path).toBe('playbook_template.sop.steps[1].on_failure');
  });

  it('names an unknown key, a missing budget and a loosened approval floor', () => {
    const unknown = errorFor(broken((d) => (d.playbook_template.sop.steps[0].retries = 3))) as ValidationError;
    expect(unknown.message).toMatch(/blueprints\/broken\.yaml is invalid at playbook_template\.sop\.steps\[0\]: unknown field\(s\): retries/);

    const noBudget = errorFor(broken((d) => delete d.playbook_template.budget)) as ValidationError;
    expect(noBudget.issues.map((i) => i.path)).toContain('playbook_template.budget');

    const loose = errorFor(broken((d) => (d.playbook_template.risk_policy.external_send = 'allow'))) as ValidationError;
    expect(loose.message).toContain('playbook_template.risk_policy.external_send');

    const badCategory = errorFor(broken((d) => (d.category = 'marketing'))) as ValidationError;
    expect(badCategory.issues[0]!.path).toBe('category');
  });

  it('names the file of unparseable YAML and of a broken plugin', () => {
    const syntax = errorFor('id: [unclosed\nname: x\n', 'blueprints/syntax.yaml');
    expect(syntax).toBeInstanceOf(AppError);
    expect((syntax as AppError).message).toContain('blueprints/syntax.yaml');

    const plugin = PLUGIN_FILES['blueprints/plugins/keboola.data-cleanup.yaml']!;
    const doc = parseYaml(plugin) as any;
    doc.tools.push('not a tool id');
    const error = thrownBy(() => loadCatalogue({}, { 'blueprints/plugins/bad.yaml': toYaml(doc) })) as ValidationError;
    expect(error.message).toContain('blueprints/plugins/bad.yaml');
    expect(error.issues[0]!.path).toBe(`tools[${doc.tools.length - 1}]`);
  });
});

describe('blueprint API', () => {
  it('lists every blueprint as a summary without the template', async () => {
    const runner = await createTestUser('runner');
    const res = await call('GET', '/blueprints', runner);
    expect(res.status).toBe(200);
    const body = await json<{ blueprints: Record<string, unknown>[] }>(res);
    expect(ids(body.blueprints as { id: string }[])).toEqual(ids(blueprints));
    for (const summary of body.blueprints) expect(summary).not.toHaveProperty('playbook_template');
    expect((await call('GET', '/blueprints', null)).status).toBe(401);
  });

  it('filters by every category', async () => {
    const user = await createTestUser('author');
    for (const category of BLUEPRINT_CATEGORIES) {
      const res = await call('GET', `/blueprints?category=${category}`, user);
      expect(res.status, category).toBe(200);
      const got = ids((await json(res)).blueprints);
      expect(got, category).toEqual(ids(blueprints.filter((b) => b.category === category)));
      const required = Object.entries(REQUIRED).filter(([, c]) => c === category).map(([id]) => id);
      expect(got, category).toEqual(expect.arrayContaining(required));
    }
    expect((await call('GET', '/blueprints?category=marketing', user)).status).toBe(422);
  });

  it('searches with q across name, problem, systems and tags, case-insensitively', async () => {
    const user = await createTestUser('runner');
    const search = async (query: string) => ids((await json(await call('GET', `/blueprints?${query}`, user))).blueprints);

    expect(await search('q=Zendesk')).toEqual(['data-cleanup-for-ai']);
    expect(await search('q=ENTITY-RESOLUTION')).toContain('data-cleanup-for-ai');
    expect(await search('q=salesforce')).toEqual(
      expect.arrayContaining(['cash-collection-and-deductions', 'data-cleanup-for-ai', 'pipeline-process-map']),
    );
    expect(await search('q=deductions')).toContain('cash-collection-and-deductions');
    expect(await search('q=slack&category=decision-analysis')).toEqual(['product-cost-allocation', 'weekly-margin-cockpit']);
    expect(await search('q=no-such-thing-anywhere')).toEqual([]);
  });

  it('returns each blueprint in full and 404 for an unknown id', async () => {
    const user = await createTestUser('runner');
    for (const b of blueprints) {
      const res = await call('GET', `/blueprints/${b.id}`, user);
      expect(res.status, b.id).toBe(200);
      expect(await json(res), b.id).toEqual({ ...b, readiness: blueprintReadiness(b) });
    }
    const missing = await call('GET', '/blueprints/no-such-blueprint', user);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('not_found');
  });

  it('forks every available blueprint into a draft Playbook owned by the forker; one naming missing parts is refused and says which', async () => {
    const author = await createTestUser('author');
    const other = await createTestUser('author');
    for (const b of blueprints) {
      const forked = await call('POST', `/blueprints/${b.id}/fork`, author);
      const readiness = blueprintReadiness(b);
      if (!readiness.available) {
        expect(forked.status, b.id).toBe(409);
        expect((await json(forked)).error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/is not available yet: it names/), details: { missing_tools: readiness.missing_tools, missing_skills: readiness.missing_skills } });
        continue;
      }
      expect(forked.status, b.id).toBe(201);
      const { id } = await json<{ id: string }>(forked);

      const got = await call('GET', `/playbooks/${id}`, author);
      expect(got.status, b.id).toBe(200);
      const playbook = await json(got);
      expect(playbook, b.id).toMatchObject({
        id,
        status: 'draft',
        source_blueprint: b.id,
        revision: 1,
        created_by: author.id,
        allowed_users: [],
        can_edit: true,
        name: b.playbook_template.name,
      });
      expect(playbook.spec, b.id).toEqual(b.playbook_template);

      // A fork is private to its creator until shared (spec §8: 404, never 403).
      expect((await call('GET', `/playbooks/${id}`, other)).status, b.id).toBe(404);
    }
  });

  it('forks under a new name, refuses runners and unknown blueprints', async () => {
    const author = await createTestUser('author');
    const named = await call('POST', '/blueprints/pipeline-process-map/fork', author, { json: { name: 'Pipeline map EU' } });
    expect(named.status).toBe(201);
    const record = await json(named);
    expect(record.spec.name).toBe('Pipeline map EU');
    expect(record.source_blueprint).toBe('pipeline-process-map');

    const runner = await createTestUser('runner');
    const refused = await call('POST', '/blueprints/data-cleanup-for-ai/fork', runner);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('forbidden');

    expect((await call('POST', '/blueprints/no-such-blueprint/fork', author)).status).toBe(404);
    expect((await call('POST', '/blueprints/data-cleanup-for-ai/fork', author, { json: { name: 'x', extra: true } })).status).toBe(422);
  });

  it('serves every plugin a blueprint references', async () => {
    const user = await createTestUser('runner');
    const list = await call('GET', '/plugins', user);
    expect(list.status).toBe(200);
    expect(ids((await json(list)).plugins)).toEqual(ids(plugins));

    const referenced = new Set(blueprints.flatMap(referencedPlugins));
    expect([...referenced]).toContain('keboola.data-cleanup');
    for (const id of referenced) {
      const res = await call('GET', `/plugins/${id}`, user);
      expect(res.status, id).toBe(200);
      expect((await json(res)).id, id).toBe(id);
    }
    expect((await call('GET', '/plugins/keboola.no-such-plugin', user)).status).toBe(404);
  });
});
