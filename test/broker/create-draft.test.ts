/**
 * kbagent.playbook.create_draft through the Broker: a `write` with a dry run. The dry run validates
 * the document and shows it as the diff, and creates nothing; the approved call creates exactly one
 * draft Playbook for the person the run acts for, through the function POST /playbooks uses. An
 * invalid document is refused naming the field, a document changed after the approval was asked
 * is refused at the commit (the approval binds its hash and the file's etag), a hash that does not
 * match is refused before anyone is asked, and a runner, who may not author Playbooks, creates
 * nothing.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/broker/canonical';
import { writeArtifact } from '../../src/workspace/artifacts';
import { toYaml } from '../../src/yaml';
import { call, createTestUser, json, minimalPlaybook, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval } from '../governance/helpers';

const TOOL = 'kbagent.playbook.create_draft';
const PATH = 'drafts/new.yaml';

function documentOf(overrides: Record<string, unknown> = {}): string {
  return toYaml(minimalPlaybook({ name: `Drafted ${crypto.randomUUID().slice(0, 8)}`, ...overrides }));
}

/** A Playbook that writes `text` into its workspace and then creates a draft from it, approved after the dry run. */
function creator(text: string, sha256 = sha256Hex(text)) {
  return playbookWith(
    [
      scriptedStep('write', [{ id: 'doc', tool: 'kbagent.workspace_artifact', args: { path: PATH, content: text, content_type: 'application/yaml' } }]),
      scriptedStep('create', [{ id: 'create', tool: TOOL, args: { path: PATH, sha256 } }]),
    ],
    { tool_policies: { [TOOL]: 'dry_run_then_approve' } },
  );
}

async function names(user: TestUser): Promise<string[]> {
  return (await json(await call('GET', '/playbooks', user))).playbooks.map((p: any) => p.name);
}

async function waiting(text: string, sha256?: string) {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, creator(text, sha256)));
  return { author, runId, run: await drive(runId, author) };
}

describe('kbagent.playbook.create_draft', () => {
  it('is a write with a dry run in the registry', async () => {
    const { toolRegistry } = await import('../../src/tools/registry');
    expect(toolRegistry().get(TOOL)!.manifest).toMatchObject({ risk: 'write', side_effects: true, supports_dry_run: true, output_trust: 'trusted', provider: 'kbagent' });
  });

  it('the dry run shows the validation and the diff and creates nothing; the approved call creates exactly one draft, visible in GET /playbooks', async () => {
    const text = documentOf();
    const name = /name: (.+)/.exec(text)![1]!;
    const { author, runId, run } = await waiting(text);
    expect(run.status).toBe('waiting_for_approval');
    const approval = pendingApproval(run);
    expect(approval).toMatchObject({ tool_id: TOOL, risk: 'write', title: `Create a draft Playbook from ${PATH} (sha256 ${sha256Hex(text).slice(0, 12)}…)`, payload: { args: { path: PATH, sha256: sha256Hex(text) } } });
    const lines = text.trimEnd().split('\n');
    expect(approval.dry_run_result).toEqual({
      dry_run: true, valid: true, errors: [], sha256: sha256Hex(text),
      would_create: { name, steps: ['look'], tools: ['sql.local'], triggers: ['manual'], budget: { max_usd_per_run: 1, max_tokens_per_run: 1_000_000, max_wall_clock_seconds: 3600, on_breach: 'pause_for_approval' }, owner: author.id, status: 'draft', revision: 1 },
      diff: [`--- /dev/null`, `+++ b/${PATH}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n') + '\n',
    });
    expect(await names(author)).not.toContain(name);

    const done = await approveAndCommit(author, runId, approval);
    expect(done.status, done.status_reason).toBe('done');
    const created = done.steps[1].outputs.create;
    expect(created).toMatchObject({ revision: 1, status: 'draft', name, created_by: author.id, sha256: sha256Hex(text) });
    expect((await names(author)).filter((n) => n === name)).toHaveLength(1);
    const record = await json(await call('GET', `/playbooks/${created.playbook_id}`, author));
    expect(record).toMatchObject({ id: created.playbook_id, name, status: 'draft', revision: 1, created_by: author.id, spec: { name, sop: { steps: [{ id: 'look', allowed_tools: ['sql.local'] }] } } });
    // A model's draft is not published: runners and triggers wait until a person publishes it (issue 18).
    expect(record.published_revision).toBeUndefined();
    expect(done.tool_calls.filter((c: any) => c.tool_id === TOOL).map((c: any) => c.status)).toEqual(['done']);
  });

  it('refuses an invalid document with the validator\'s path and message, before anyone is asked', async () => {
    const broken = documentOf();
    const doc = (await import('../../src/yaml')).parseYaml(broken) as any;
    doc.sop.steps[0].on_failure = 'retry';
    doc.sop.steps[0].allowed_tools.push('lineage.map');
    const { author, run } = await waiting(toYaml(doc));
    expect(run.status).toBe('failed');
    expect(run.approvals).toEqual([]);
    expect(run.status_reason).toMatch(/sop\.steps\[0\]\.on_failure: Invalid option/);
    const before = await names(author);
    expect(before).not.toContain(doc.name);

    // A schema-valid document naming a tool the registry lacks: refused on that entry.
    doc.sop.steps[0].on_failure = 'abort';
    const unknown = await waiting(toYaml(doc));
    expect(unknown.run.status).toBe('failed');
    expect(unknown.run.status_reason).toContain('sop.steps[0].allowed_tools[1]: no tool "lineage.map" in the registry');
    expect(await names(unknown.author)).not.toContain(doc.name);
  });

  it('a document changed after the approval was asked is refused at the commit; nothing is created', async () => {
    const text = documentOf();
    const name = /name: (.+)/.exec(text)![1]!;
    const { author, runId, run } = await waiting(text);
    const approval = pendingApproval(run);
    // Someone (or a later step) rewrites the reviewed file while the approval waits.
    await writeArtifact(env, runId, PATH, text.replace('Look at the table', 'Drop the table'), { contentType: 'application/yaml' });
    const after = await approveAndCommit(author, runId, approval);
    expect(after.approvals[0].status).toBe('refused');
    expect(after.tool_calls.find((c: any) => c.tool_id === TOOL)).toMatchObject({ status: 'refused', error: expect.stringMatching(/payload changed after approval/) });
    expect(after.status).toBe('failed');
    expect(await names(author)).not.toContain(name);
  });

  it('refuses a document whose hash is not the one named, before anyone is asked', async () => {
    const text = documentOf();
    const { author, run } = await waiting(text, sha256Hex(`${text}# edited\n`));
    expect(run.status).toBe('failed');
    expect(run.approvals).toEqual([]);
    expect(run.status_reason).toMatch(/is not the document that was reviewed: its SHA-256 is [0-9a-f]{12}…, the call names [0-9a-f]{12}…; nothing was created/);
    expect(await names(author)).not.toContain(/name: (.+)/.exec(text)![1]);
  });

  it('a runner, who may not author Playbooks, creates nothing, even from a Playbook shared with them', async () => {
    const author = await createTestUser('author');
    const runner = await createTestUser('runner');
    const text = documentOf();
    const id = await createPlaybook(author, creator(text));
    expect((await call('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: [runner.id] } })).status).toBe(200);
    const run = await drive(await startRun(runner, id), runner);
    expect(run.status).toBe('failed');
    expect(run.approvals).toEqual([]);
    expect(run.status_reason).toContain(`${runner.id} has the role "runner", which may not create Playbooks (it needs admin or author); nothing was created`);
    expect(await names(runner)).toEqual([creator(text).name]);
    expect(await names(author)).not.toContain(/name: (.+)/.exec(text)![1]);
  });
});
