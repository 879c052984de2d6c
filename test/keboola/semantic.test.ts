/**
 * Issue 17, semantic layer: keboola.semantic.* against the fake Metastore (Keboola's HTTP shapes),
 * and scenario A's register step, which puts the customer entity into the Metastore only after a
 * person approves it — a rejection leaves the Metastore as it was.
 */
import { describe, expect, it } from 'vitest';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { keboolaMetastore, keboolaProject, keboolaRequests, useKeboola, type FakeKeboola } from './fake';

async function setup(): Promise<{ author: TestUser; project: FakeKeboola }> {
  const project = await keboolaProject();
  await useKeboola(await createTestUser('admin'), project);
  return { author: await createTestUser('author'), project };
}

const steps = (run: any) => JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]));

describe('keboola.semantic.* on the Metastore', () => {
  it('put (approved after its dry run) creates, a second put of the same name replaces; list and get read it back', async () => {
    const { author, project } = await setup();
    const put = (id: string, revenue: string) => ({ id, tool: 'keboola.semantic.put', args: { type: 'semantic-metric', name: 'revenue', data: { sql: revenue, unit: 'EUR' } } });
    const playbook = playbookWith(
      [scriptedStep('define', [put('first', 'SUM(amount)'), put('second', 'SUM(net_amount)')]), scriptedStep('read', [
        { id: 'list', tool: 'keboola.semantic.list', args: { type: 'semantic-metric' } },
        { id: 'get', tool: 'keboola.semantic.get', args: { type: 'semantic-metric', id: '${{ steps.read.outputs.list.objects[0].id }}' } },
      ])],
      { tool_policies: { 'keboola.semantic.put': 'dry_run_then_approve' } },
    );
    const runId = await startRun(author, await createPlaybook(author, playbook));
    let run = await drive(runId, author);
    const first = pendingApproval(run);
    expect(first).toMatchObject({ tool_id: 'keboola.semantic.put', risk: 'write', title: 'Register "revenue" (semantic-metric) in the Keboola semantic layer' });
    expect(first.dry_run_result).toMatchObject({ dry_run: true, would: { action: 'create', name: 'revenue' } });
    expect(await keboolaMetastore(project)).toEqual([]); // the dry run wrote nothing
    run = await approveAndCommit(author, runId, first);
    const second = pendingApproval(run);
    expect(second.dry_run_result).toMatchObject({ would: { action: 'replace', current_revision: 1, changed_keys: ['sql'] } });
    run = await approveAndCommit(author, runId, second);
    expect(run.status, steps(run)).toBe('done');
    const stored = await keboolaMetastore(project);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'semantic-metric', name: 'revenue', branch: 'main', revision: 2, attributes: { sql: 'SUM(net_amount)', unit: 'EUR' } });
    const { list, get } = run.steps[1].outputs;
    expect(list.objects).toEqual([expect.objectContaining({ id: stored[0]!.id, name: 'revenue', revision: 2 })]);
    expect(get.object).toMatchObject({ id: stored[0]!.id, data: { sql: 'SUM(net_amount)' } });
    // Shapes on the wire: one create (POST), one replace (PUT), the body Keboola documents.
    expect((await keboolaRequests(project, 'metastore-create')).map((r) => r.path)).toEqual(['/keboola/metastore/api/v1/repository/semantic-metric']);
    expect(await keboolaRequests(project, 'metastore-put')).toHaveLength(1);
  });

  it('bad arguments are refused naming the field, before anything reaches Keboola', async () => {
    const { author, project } = await setup();
    const runId = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('bad', [{ tool: 'keboola.semantic.put', args: { type: 'Semantic Model!', name: 'x', data: {} } }]),
    ])));
    const run = await drive(runId, author);
    expect(run.status).toBe('failed');
    expect(run.steps[0].error).toMatch(/type/);
    expect(await keboolaRequests(project)).toEqual([]);
  });
});

/** Under load a drive can hand back a run still between units: drive on until it waits or ends. */
async function settled(author: TestUser, runId: string, run: any): Promise<any> {
  for (let i = 0; i < 5 && run.status === 'running'; i++) run = await drive(runId, author);
  return run;
}

describe('scenario A registers the customer entity in the Metastore under approval', () => {
  /** Forks data cleanup, answers the rules question, approves both promotions; returns the run at the register approval. */
  async function toRegisterApproval(author: TestUser): Promise<{ runId: string; run: any }> {
    const forked = await call('POST', '/blueprints/data-cleanup-for-ai/fork', author, { json: { name: 'Customer 360 on the fake' } });
    const runId = await startRun(author, (await json(forked)).id);
    let run = await drive(runId, author);
    expect(run.status, steps(run)).toBe('waiting_for_input');
    const question = run.questions.find((q: any) => q.status === 'pending');
    const answer = [question.options.find((o: any) => !o.requires_comment).value];
    expect((await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer } })).status).toBe(200);
    run = await drive(runId, author);
    for (let i = 0; i < 2; i++) run = await settled(author, runId, await approveAndCommit(author, runId, pendingApproval(run))); // entities, entity_xref
    return { runId, run };
  }

  it('approved: the entity is in the Metastore once the person approves, not before', async () => {
    const { author, project } = await setup();
    const { runId, run } = await toRegisterApproval(author);
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: 'keboola.semantic.put', payload: { args: { type: 'semantic-dataset', name: 'customer', artifact: 'semantic/customer-entity.yaml' } } });
    expect(approval.dry_run_result).toMatchObject({ would: { action: 'create' } });
    expect(await keboolaMetastore(project)).toEqual([]);
    const done = await approveAndCommit(author, runId, approval);
    expect(done.status, steps(done)).toBe('done');
    const [entity, ...others] = await keboolaMetastore(project);
    expect(others).toEqual([]);
    expect(entity).toMatchObject({ type: 'semantic-dataset', name: 'customer', attributes: { entity: 'customer', tables: [{ id: 'out.c-customer-360.entities', status: 'promoted' }, { role: 'cross_reference' }] } });
    expect(done.steps.find((s: any) => s.id === 'register').outputs.metastore).toMatchObject({ action: 'created', id: entity!.id });
  }, 120_000);

  it('rejected: nothing reaches the Metastore; the description stays in the run and the run ends', async () => {
    const { author, project } = await setup();
    const { runId, run } = await toRegisterApproval(author);
    const rejected = await call('POST', `/approvals/${pendingApproval(run).id}/reject`, author, { json: { comment: 'not yet' } });
    expect(rejected.status).toBe(200);
    const done = await drive(runId, author);
    expect(done.status, steps(done)).toBe('done');
    expect(await keboolaMetastore(project)).toEqual([]);
    expect(await keboolaRequests(project, 'metastore-create')).toEqual([]);
    const artifacts = (await json(await call('GET', `/runs/${runId}/artifacts`, author))).artifacts.map((a: any) => a.path);
    expect(artifacts).toContain('semantic/customer-entity.yaml');
  }, 120_000);
});
