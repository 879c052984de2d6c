/** GET/PATCH /policies, the tool listing's default decisions, and effectiveDecision's layering. */
import { describe, expect, it } from 'vitest';
import { effectiveDecision } from '../../src/broker/policy';
import { DEFAULT_RISK_POLICY, RISK_CLASSES, type RiskClass } from '../../src/domain/risk';
import type { ToolManifest } from '../../src/domain/tooling';
import { api } from '../api/contract';
import { createTestUser, json, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';

function tool(id: string, risk: RiskClass): ToolManifest {
  return { id, provider: 'test', description: 'a tool', input_schema: {}, risk, side_effects: risk !== 'read', supports_dry_run: false, output_trust: 'trusted', auth_state: 'available', tags: [] };
}

describe('effectiveDecision', () => {
  const write = tool('x.write', 'write');
  const send = tool('x.send', 'external_send');

  it('starts from the defaults', () => {
    for (const risk of RISK_CLASSES) expect(effectiveDecision({ tool: tool('t', risk) })).toBe(DEFAULT_RISK_POLICY[risk]);
  });

  it('layers defaults, tenant, Playbook risk_policy, then tool_policies', () => {
    expect(effectiveDecision({ tool: write, tenantPolicy: { write: 'approve' } })).toBe('approve');
    expect(effectiveDecision({ tool: write, tenantPolicy: { write: 'approve' }, playbookRiskPolicy: { write: 'dry_run_then_approve' } })).toBe('dry_run_then_approve');
    expect(effectiveDecision({ tool: write, playbookRiskPolicy: { write: 'approve' }, toolPolicies: { 'x.write': 'deny' } })).toBe('deny');
    // tool_policies match the exact id only.
    expect(effectiveDecision({ tool: write, toolPolicies: { 'x.other': 'deny' } })).toBe('dry_run_first');
    // A Playbook tightening an allowed class.
    expect(effectiveDecision({ tool: tool('r', 'read'), playbookRiskPolicy: { read: 'approve' } })).toBe('approve');
    // A Playbook cannot loosen what the tenant (or the default) decided.
    expect(effectiveDecision({ tool: write, tenantPolicy: { write: 'approve' }, playbookRiskPolicy: { write: 'allow' } })).toBe('approve');
    expect(effectiveDecision({ tool: write, toolPolicies: { 'x.write': 'allow' } })).toBe('dry_run_first');
  });

  it('never goes below the floor of the tool\'s risk class, whichever layer tries', () => {
    expect(effectiveDecision({ tool: send, tenantPolicy: { external_send: 'allow' } })).toBe('approve');
    expect(effectiveDecision({ tool: send, playbookRiskPolicy: { external_send: 'dry_run_first' } })).toBe('approve');
    expect(effectiveDecision({ tool: send, toolPolicies: { 'x.send': 'allow' } })).toBe('approve');
    // A Playbook cannot even reach the floor here: the tenant default for destructive is stricter.
    expect(effectiveDecision({ tool: tool('d', 'destructive'), toolPolicies: { d: 'allow' } })).toBe('dry_run_then_approve');
    expect(effectiveDecision({ tool: tool('d', 'destructive'), tenantPolicy: { destructive: 'allow' } })).toBe('approve');
    expect(effectiveDecision({ tool: tool('s', 'secret'), tenantPolicy: { secret: 'allow' }, toolPolicies: { s: 'approve_admin' } })).toBe('deny');
    // Stricter than the floor stays as chosen.
    expect(effectiveDecision({ tool: send, toolPolicies: { 'x.send': 'deny' } })).toBe('deny');
  });
});

describe('/policies', () => {
  let admin: TestUser;

  async function patch(user: TestUser, risk_policy: Record<string, unknown>) {
    return api('PATCH', '/policies', user, { json: { risk_policy } });
  }

  it('shows defaults and floors, lets only admins change it, refuses going below a floor, and the tool list follows', async () => {
    admin = await createTestUser('admin');
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');

    const initial = await json(await api('GET', '/policies', runner));
    expect(initial).toEqual({
      effective: DEFAULT_RISK_POLICY,
      tenant_overrides: {},
      defaults: DEFAULT_RISK_POLICY,
      floors: { external_send: 'approve', destructive: 'approve', secret: 'deny' },
    });

    expect((await patch(author, { write: 'approve' })).status).toBe(403);
    expect((await patch(runner, { write: 'approve' })).status).toBe(403);
    expect((await api('GET', '/policies', null)).status).toBe(401);

    const below = await patch(admin, { write: 'approve', external_send: 'allow' });
    expect(below.status).toBe(422);
    const error = (await json(below)).error;
    expect(error.message).toMatch(/risk_policy\.external_send/);
    expect(error.details.issues).toEqual([{ path: 'risk_policy.external_send', message: expect.stringMatching(/may not be looser than "approve"/) }]);
    expect((await patch(admin, { nonsense: 'allow' })).status).toBe(422);
    expect((await patch(admin, { write: 'maybe' })).status).toBe(422);
    expect((await api('PATCH', '/policies', admin, { json: { risk_policy: {}, extra: 1 } })).status).toBe(422);
    expect((await api('PATCH', '/policies', admin, { raw: '{"risk_policy":', contentType: 'application/json' })).status).toBe(400);
    expect((await api('PATCH', '/policies', admin, { raw: 'x', contentType: 'text/plain' })).status).toBe(415);
    expect((await api('PATCH', '/policies', admin, { raw: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json' })).status).toBe(413);
    // Nothing of the refused patches was stored.
    expect(await json(await api('GET', '/policies', runner))).toEqual(initial);

    const changed = await patch(admin, { write: 'approve', external_send: 'dry_run_then_approve' });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({
      tenant_overrides: { write: 'approve', external_send: 'dry_run_then_approve' },
      effective: { ...DEFAULT_RISK_POLICY, write: 'approve', external_send: 'dry_run_then_approve' },
    });
    const tools = (await json(await api('GET', '/tools', runner))).tools as { id: string; default_decision: string }[];
    expect(tools.find((t) => t.id === 'kbagent.workspace_artifact')?.default_decision).toBe('approve');
    expect(tools.find((t) => t.id === 'kbagent.log')?.default_decision).toBe('allow');

    // null resets a class to its default.
    const reset = await json(await patch(admin, { write: null, external_send: null }));
    expect(reset.tenant_overrides).toEqual({});
    expect(reset.effective).toEqual(DEFAULT_RISK_POLICY);
  });
});

describe('/tools', () => {
  it('lists the registry with default decisions, shows one tool, and discovers', async () => {
    const runner = await createTestUser('runner');
    const listed = await api('GET', '/tools', runner);
    expect(listed.status).toBe(200);
    const tools = (await json(listed)).tools as { id: string; risk: RiskClass; default_decision: string; input_schema: unknown }[];
    expect(tools.map((t) => t.id)).toEqual(expect.arrayContaining(['kbagent.log', 'kbagent.human_in_loop', 'kbagent.workspace_artifact', 'sql.local']));
    for (const t of tools) expect(t.default_decision, t.id).toBe(effectiveDecision({ tool: tool(t.id, t.risk) }));

    const one = await api('GET', '/tools/sql.local', runner);
    expect(one.status).toBe(200);
    expect(await json(one)).toMatchObject({ id: 'sql.local', risk: 'compute', default_decision: 'allow', input_schema: { type: 'object' } });
    expect((await api('GET', '/tools/no.such.tool', runner)).status).toBe(404);
    expect((await api('GET', `/tools/${'x'.repeat(200)}`, runner)).status).toBe(422);
    expect((await api('GET', '/tools', null)).status).toBe(401);

    const discovered = await api('POST', '/tools/discover', runner);
    expect(discovered.status).toBe(200);
    expect((await json(discovered)).tools).toEqual(tools);
    expect((await api('POST', '/tools/discover', runner, { raw: 'x', contentType: 'text/plain' })).status).toBe(415);
    expect((await api('POST', '/tools/discover', null)).status).toBe(401);
  });
});

describe('a policy change reaches live runs (pushed, not read per call)', () => {
  it('a run waiting for a person decides its next call by the policy an admin set meanwhile; a new run starts with it', async () => {
    const admin = await createTestUser('admin');
    const author = await createTestUser('author');
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('ask', [{ id: 'go', tool: 'kbagent.human_in_loop', args: { prompt: 'Go?', kind: 'text' } }]),
      scriptedStep('write', [{ tool: 'kbagent.workspace_artifact', args: { path: 'out.txt', content: 'x' } }]),
    ]));
    const before = await drive(await startRun(author, playbookId), author);
    expect(before.status).toBe('waiting_for_input');
    expect((await api('PATCH', '/policies', admin, { json: { risk_policy: { write: 'approve' } } })).status).toBe(200);
    try {
      const question = before.questions.find((q: any) => q.status === 'pending');
      await api('POST', `/runs/${before.id}/input`, author, { json: { question_id: question.id, answer: 'yes' } });
      const held = await drive(before.id, author);
      expect(held.status).toBe('waiting_for_approval');
      expect(held.approvals[0]).toMatchObject({ tool_id: 'kbagent.workspace_artifact', reason: 'policy for write is approve' });
    } finally {
      expect((await api('PATCH', '/policies', admin, { json: { risk_policy: { write: null } } })).status).toBe(200);
    }
    // Reset: a run started now writes without a person again.
    const after = await drive(await startRun(author, playbookId), author);
    const question = after.questions.find((q: any) => q.status === 'pending');
    await api('POST', `/runs/${after.id}/input`, author, { json: { question_id: question.id, answer: 'yes' } });
    expect((await drive(after.id, author)).status).toBe('done');
  });
});
