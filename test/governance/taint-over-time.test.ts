import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, scriptedStep, startRun } from '../run/drive';
import { approve, pendingApproval, runSql } from './helpers';
import { createWebhookPlaybook, dispatched, webhookRun } from './taint-matrix';

/**
 * Issue 11: taint that arrives after a person's approval, and taint a new run inherits.
 *  - A session or batch approval never covers a sink once the run has taken in untrusted data
 *    after the approval was decided, even when the sink's own arguments are clean.
 *  - Run again, retry and fork keep the taint of the inputs they take over unchanged (a webhook's
 *    payload stays outside data when a person reruns it); an input the person types is theirs.
 */

const table = () => `out.c-reuse.t_${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;
const write = (id: string, target: string, csv: string) => ({ id, tool: 'keboola.storage.write', args: { table_id: target, csv, incremental: true } });
const untrustedRead = scriptedStep('read', [{ id: 'q', tool: 'sql.local', args: { statements: "SELECT 'outside' AS v" } }]);

async function reuseRun(author: TestUser, steps: unknown[]) {
  const doc = {
    name: 'Reuse', budget: { max_usd_per_run: 1 },
    // Writes need a person here, so a session approval has something to cover.
    tool_policies: { 'keboola.storage.write': 'approve' },
    sop: { goal: 'Approve once, then read outside data', steps },
  };
  const runId = await startRun(author, await createPlaybook(author, doc));
  return { runId, run: await drive(runId, author) };
}

async function auditKinds(runId: string): Promise<string[]> {
  return ((await runSql(runId, 'SELECT kind FROM audit ORDER BY seq')) as { kind: string }[]).map((r) => r.kind);
}

describe('approvals given before untrusted data arrived', () => {
  it('a session approval covers the next clean write; after an untrusted read it does not, and the write waits for its own approval', async () => {
    const author = await createTestUser('author');
    const target = table();

    // Control: nothing untrusted in between, so the session approval covers the second write.
    const control = await reuseRun(author, [scriptedStep('first', [write('a', target, 'v\n1\n')]), scriptedStep('second', [write('b', target, 'v\n2\n')])]);
    expect((await approve(author, pendingApproval(control.run), { scope: 'session' })).status).toBe(200);
    expect((await drive(control.runId, author)).status).toBe('done');
    expect(await auditKinds(control.runId)).toContain('approval_reused');

    const { runId, run } = await reuseRun(author, [scriptedStep('first', [write('a', target, 'v\n3\n')]), untrustedRead, scriptedStep('second', [write('b', target, 'v\n4\n')])]);
    expect((await approve(author, pendingApproval(run), { scope: 'session' })).status).toBe(200);
    const after = await drive(runId, author);
    expect(after.status).toBe('waiting_for_approval');
    const fresh = pendingApproval(after);
    expect(fresh).toMatchObject({ tool_id: 'keboola.storage.write', scope: 'single' });
    expect(fresh.payload.args.csv).toBe('v\n4\n');
    expect(await auditKinds(runId)).not.toContain('approval_reused');
    expect(await dispatched(runId, 'keboola.storage.write', 'v\\n4')).toBe(0);
    expect((await approve(author, fresh)).status).toBe(200);
    expect((await drive(runId, author)).status).toBe('done');
    expect(await dispatched(runId, 'keboola.storage.write', 'v\\n4')).toBe(1);
  });

  it('a batch approved before an untrusted read does not cover its remaining items after it', async () => {
    const author = await createTestUser('author');
    const target = table();
    const items = [{ table_id: target, csv: 'v\n5\n', incremental: true }, { table_id: target, csv: 'v\n6\n', incremental: true }];
    const batch = scriptedStep('batch', [{ id: 'ask', tool: 'kbagent.request_approval', args: { tool_id: 'keboola.storage.write', items } }]);
    const { runId, run } = await reuseRun(author, [batch, scriptedStep('first', [write('a', target, 'v\n5\n')]), untrustedRead, scriptedStep('second', [write('b', target, 'v\n6\n')])]);
    expect((await approve(author, pendingApproval(run))).status).toBe(200);
    const after = await drive(runId, author);
    // The first item ran under the batch; the second, after the read, waits for a person.
    expect(await dispatched(runId, 'keboola.storage.write', 'v\\n5')).toBe(1);
    expect(after.status).toBe('waiting_for_approval');
    expect(pendingApproval(after).payload.args.csv).toBe('v\n6\n');
    expect(await dispatched(runId, 'keboola.storage.write', 'v\\n6')).toBe(0);
  });
});

describe('a new run from a webhook run keeps its inputs\' taint', () => {
  async function webhookWrite(author: TestUser) {
    const target = table();
    const doc = {
      name: 'Webhook write', budget: { max_usd_per_run: 1 },
      inputs: [{ name: 'v', type: 'string' }],
      triggers: [{ type: 'manual' }, { type: 'http_webhook', id: 'in' }],
      sop: { goal: 'Write what arrived', steps: [scriptedStep('prepare', [{ tool: 'kbagent.log', args: { message: 'ready' } }]), scriptedStep('sink', [write('w', target, 'v\n${{ inputs.v }}\n')])] },
    };
    const playbookId = await createWebhookPlaybook(author, doc);
    const value = `hook${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const runId = await webhookRun(playbookId, value);
    const run = await drive(runId, author);
    // An incremental write runs without a person unless its data came from outside: this one did.
    expect(run.status).toBe('waiting_for_approval');
    expect(pendingApproval(run).untrusted_sources).toEqual(['input:v (http_webhook)']);
    return { runId, value };
  }

  async function expectGuarded(author: TestUser, response: Response, value: string) {
    expect(response.status, await response.clone().text()).toBe(201);
    const runId = (await json(response)).id;
    const run = await drive(runId, author);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_approval');
    expect(pendingApproval(run).untrusted_sources).toContain('input:v (http_webhook)');
    expect(await dispatched(runId, 'keboola.storage.write', value)).toBe(0);
    return runId;
  }

  it('run again with the same input: the write still waits for a person; with an input the person typed, it does not', async () => {
    const author = await createTestUser('author');
    const { runId, value } = await webhookWrite(author);
    await expectGuarded(author, await call('POST', `/runs/${runId}/rerun`, author, { json: {} }), value);
    await expectGuarded(author, await call('POST', `/runs/${runId}/rerun`, author, { json: { inputs: { v: value } } }), value);

    const typed = await call('POST', `/runs/${runId}/rerun`, author, { json: { inputs: { v: 'typed' } } });
    const clean = await drive((await json(typed)).id, author);
    expect(clean.status).toBe('done');
    expect(clean.untrusted_sources).toEqual([]);
  });

  it('retry after a cancel, and fork, from the write step: the write waits for a person naming the webhook input', async () => {
    const author = await createTestUser('author');
    const { runId, value } = await webhookWrite(author);
    const fork = await expectGuarded(author, await call('POST', `/runs/${runId}/fork`, author, { json: { from_step: 'sink' } }), value);
    expect(fork).not.toBe(runId);
    expect((await call('POST', `/runs/${runId}/cancel`, author)).status).toBe(200);
    await expectGuarded(author, await call('POST', `/runs/${runId}/retry`, author, { json: { from_step: 'sink' } }), value);
  });
});
