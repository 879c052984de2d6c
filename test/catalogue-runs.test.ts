/**
 * Issue 15: every blueprint in the catalogue names only tools the registry has and skills the
 * bundle has, and every one with a scripted path runs to `done` on the sample project with no
 * model, a person's answers (the first plain option of each question) and every approval given.
 * The checker is proven by negative controls: a blueprint with a missing tool, a missing skill, a
 * wildcard that matches nothing, or a run that cannot finish is caught.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Blueprint, BlueprintReadiness } from '../src/domain/catalogue';
import { loadCatalogue } from '../src/blueprints/catalogue';
import { blueprintReadiness } from '../src/blueprints/readiness';
import { call, createTestUser, json, type TestUser } from './helpers';
import { drive } from './run/drive';
import { approveAndCommit } from './governance/helpers';
import { useSampleProject } from './scenarios/controller-handoff-helpers';

const { blueprints } = loadCatalogue();
const complete = (b: Blueprint) => {
  const r = blueprintReadiness(b);
  return r.available && r.runs_without_model;
};

/** Not built yet (issue 15, still open): each entry must shrink to nothing, never grow. */
const NOT_YET_BUILT: Record<string, Partial<BlueprintReadiness>> = {};

/** Answers each question with its first plain option (every row of a grid alike), approves every approval, until the run stops. */
async function runToEnd(user: TestUser, runId: string): Promise<any> {
  let run = await drive(runId, user);
  for (let stops = 0; stops < 20; stops++) {
    if (run.status === 'waiting_for_input') {
      const q = run.questions.find((x: any) => x.status === 'pending');
      const first = q.options.find((o: any) => !o.requires_comment)?.value;
      const answer = q.kind === 'multi' ? [first] : q.kind === 'grid' ? q.rows.map((r: any) => ({ row: r.value, choice: first })) : q.kind === 'text' ? 'ok' : first;
      const res = await call('POST', `/runs/${runId}/input`, user, { json: { question_id: q.id, answer } });
      expect(res.status, await res.clone().text()).toBe(200);
      run = await drive(runId, user);
    } else if (run.status === 'waiting_for_approval') {
      run = await approveAndCommit(user, runId, run.approvals.find((a: any) => a.status === 'pending'));
    } else return run;
  }
  return run;
}

async function forkAndRun(user: TestUser, id: string, inputs: Record<string, unknown> = {}): Promise<any> {
  const forked = await call('POST', `/blueprints/${id}/fork`, user, { json: { name: `${id} (catalogue check)` } });
  expect(forked.status).toBe(201);
  const started = await call('POST', `/playbooks/${(await json(forked)).id}/run`, user, { json: { inputs } });
  expect(started.status, await started.clone().text()).toBe(201);
  return runToEnd(user, (await json(started)).id);
}

beforeAll(async () => {
  await useSampleProject();
});

describe('the catalogue names only what exists', () => {
  it('every blueprint: its tools are in the registry and its skills in the bundle; only the listed ones are not built yet', async () => {
    for (const b of blueprints) {
      const r = blueprintReadiness(b);
      if (NOT_YET_BUILT[b.id]) expect(r, b.id).toMatchObject(NOT_YET_BUILT[b.id]!);
      else expect(r, b.id).toEqual({ available: true, runs_without_model: true, missing_tools: [], missing_skills: [], steps_needing_a_model: [] });
    }
    expect(blueprints.filter(complete).map((b) => b.id).sort()).toEqual(['assistant-builder', 'cash-collection-and-deductions', 'data-cleanup-for-ai', 'pipeline-process-map', 'product-cost-allocation', 'weekly-margin-cockpit']);
    // The catalogue says the same to its users.
    const listed = await json(await call('GET', '/blueprints', await createTestUser('runner')));
    expect(Object.fromEntries(listed.blueprints.map((b: any) => [b.id, b.readiness]))).toEqual(Object.fromEntries(blueprints.map((b) => [b.id, blueprintReadiness(b)])));
  });

  it('negative controls: a missing tool, a missing skill, an empty wildcard and a step without actions are all reported', () => {
    const base = blueprints.find((b) => b.id === 'pipeline-process-map')!;
    const steps = base.playbook_template.sop.steps;
    const broken: Blueprint = {
      ...base,
      skills: [...base.skills, 'no-such-skill'],
      playbook_template: {
        ...base.playbook_template,
        sop: {
          ...base.playbook_template.sop,
          steps: [
            { ...steps[0]!, allowed_tools: [...steps[0]!.allowed_tools, 'lineage.map', 'skill.nothing-here.*'] },
            ...steps.slice(1, -1),
            { ...steps.at(-1)!, actions: [] },
          ],
        },
      },
    };
    expect(blueprintReadiness(broken)).toEqual({ available: false, runs_without_model: false, missing_tools: ['lineage.map', 'skill.nothing-here.*'], missing_skills: ['no-such-skill'], steps_needing_a_model: ['render-map'] });
    expect(complete(broken)).toBe(false);
  });
});

describe('every complete blueprint runs to done on the sample, with no model', () => {
  for (const b of blueprints.filter(complete)) {
    it(b.id, async () => {
      const user = await createTestUser('author');
      // The sample's own dates and periods; a fresh target bucket for the cleanup's promotion.
      const inputs: Record<string, Record<string, unknown>> = {
        'pipeline-process-map': { as_of: '2026-11-01' },
        'cash-collection-and-deductions': { as_of_date: '2026-11-02' },
        'data-cleanup-for-ai': { target_bucket: `out.c-catalogue-${crypto.randomUUID().slice(0, 8)}` },
        'product-cost-allocation': { period: '2026-10' },
      };
      const run = await forkAndRun(user, b.id, inputs[b.id]);
      expect(run.status, `${run.status_reason ?? ''} ${JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))}`).toBe('done');
    }, 120_000);
  }

  it('negative control: a run that cannot finish is not done (a window with no data fails, and the driver reports it)', async () => {
    const user = await createTestUser('author');
    const run = await forkAndRun(user, 'pipeline-process-map', { as_of: '2020-01-01' });
    expect(run.status).toBe('failed');
  });
});
