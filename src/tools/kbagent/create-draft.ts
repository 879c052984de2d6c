import { z } from '@hono/zod-openapi';
import { issuesOf } from '../../domain/issues';
import { PlaybookSpec } from '../../domain/playbook';
import { assertDocumentDepth } from '../../api/body';
import { tenantStub } from '../../api/context';
import { sha256Hex } from '../../broker/canonical';
import { AUTHORING_ROLES, createPlaybook } from '../../playbooks/service';
import { parseYaml } from '../../yaml';
import { unifiedDiff } from '../../playbooks/diff';
import { defineTool, ToolError, type ToolContext } from '../types';

const TOOL_ID = 'kbagent.playbook.create_draft';

export type DraftIssue = { path: string; message: string };
export type DraftCheck = { valid: boolean; errors: DraftIssue[]; value?: unknown; spec?: PlaybookSpec };

/**
 * A Playbook document as POST /playbooks judges it — the YAML parser with its limits, the depth
 * limit and PlaybookSpec (schema, policy floors, references) — plus what a save does not check
 * but a run would trip over: every tool a step names or calls is in the registry (`isTool`), and
 * every action calls a tool its step allows. Errors carry the document path, as the API's 422 does.
 */
export function checkPlaybookDocument(text: string, isTool: (id: string) => boolean): DraftCheck {
  let value: unknown;
  try {
    value = assertDocumentDepth(parseYaml(text, 'The Playbook document'));
  } catch (error) {
    return { valid: false, errors: [{ path: '(document)', message: error instanceof Error ? error.message : String(error) }] };
  }
  const parsed = PlaybookSpec.safeParse(value);
  if (!parsed.success) return { valid: false, errors: issuesOf(parsed.error), value };
  const errors: DraftIssue[] = [];
  parsed.data.sop.steps.forEach((step, s) => {
    step.allowed_tools.forEach((id, t) => {
      if (!isTool(id)) errors.push({ path: `sop.steps[${s}].allowed_tools[${t}]`, message: `no tool "${id}" in the registry${id.endsWith('*') ? ' matches this prefix' : ''}` });
    });
    (step.actions ?? []).forEach((action, a) => {
      const path = `sop.steps[${s}].actions[${a}].tool`;
      if (!isTool(action.tool)) errors.push({ path, message: `no tool "${action.tool}" in the registry` });
      else if (!step.allowed_tools.some((e) => (e.endsWith('*') ? action.tool.startsWith(e.slice(0, -1)) : e === action.tool))) {
        errors.push({ path, message: `"${action.tool}" is not in the step's allowed_tools, so the Broker would refuse the call` });
      }
    });
  });
  return { valid: errors.length === 0, errors, value, spec: parsed.data };
}

/** `id` or a `prefix*` against a list of registered tool ids. */
export function registeredIn(ids: Iterable<string>): (id: string) => boolean {
  const all = [...ids];
  const exact = new Set(all);
  return (id) => (id.endsWith('*') ? all.some((t) => t.startsWith(id.slice(0, -1))) : exact.has(id));
}

function refuse(message: string): never {
  throw new ToolError(TOOL_ID, message);
}

/** The person the run acts for, who will own the draft; only authors and admins may create Playbooks (as POST /playbooks). */
async function owner(ctx: ToolContext) {
  const user = await tenantStub(ctx.env).getUser(ctx.run_by);
  if (!user) refuse(`The run acts for "${ctx.run_by}", who is no longer a user`);
  if (!(AUTHORING_ROLES as readonly string[]).includes(user.role)) {
    refuse(`${user.id} has the role "${user.role}", which may not create Playbooks (it needs ${AUTHORING_ROLES.join(' or ')}); nothing was created`);
  }
  return user;
}

/**
 * Creates a new Playbook (status draft, revision 1) for the person the run acts for, from a YAML
 * document in the run workspace, through the same function POST /playbooks calls (spec §3). It is
 * `write` with a dry run: the dry run validates the document and shows it as the diff a person
 * approves; the approval binds the arguments, which carry the document's SHA-256, and the file's
 * etag (`reads`), so a document changed after it was approved is refused at the commit, and again
 * here. The assistant builder ends with it; a Playbook that sets no policy for it gets the write
 * default (dry run, then execute), so a builder names it in tool_policies to have it approved.
 *
 * `tools` lists the registry's ids (passed in, so this module does not import the registry).
 */
export function playbookCreateDraft(tools: () => Iterable<string>) {
  return defineTool({
    id: TOOL_ID,
    provider: 'kbagent',
    description:
      'Create a new draft Playbook owned by the person the run acts for from a Playbook YAML document in the run workspace (path), ' +
      'validated as POST /playbooks validates it plus every named tool existing in the registry. sha256 is the SHA-256 (hex) of the ' +
      'document text; a document that no longer has it is refused. The dry run returns the validation result and the diff.',
    risk: 'write',
    side_effects: true,
    supports_dry_run: true,
    output_trust: 'trusted',
    tags: ['playbooks'],
    approvalTitle: (args) => `Create a draft Playbook from ${args.path} (sha256 ${args.sha256.slice(0, 12)}…)`,
    reads: (args) => [args.path],
    args: z.strictObject({
      path: z.string().min(1).max(512).default('drafts/playbook.yaml').describe('Workspace path of the Playbook YAML document'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the document text, 64 lowercase hex digits'),
    }),
    execute: async (args, ctx) => {
      const text = await ctx.workspace.read(args.path).catch(() => refuse(`There is no workspace file "${args.path}"`));
      const actual = sha256Hex(text);
      if (actual !== args.sha256) {
        refuse(`${args.path} is not the document that was reviewed: its SHA-256 is ${actual.slice(0, 12)}…, the call names ${args.sha256.slice(0, 12)}…; nothing was created`);
      }
      const check = checkPlaybookDocument(text, registeredIn(tools()));
      if (!check.valid) {
        const listed = check.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
        refuse(`The Playbook document is invalid at ${listed}; nothing was created`);
      }
      const user = await owner(ctx);
      const spec = check.spec!;
      const summary = {
        name: spec.name, steps: spec.sop.steps.map((s) => s.id), tools: [...new Set(spec.sop.steps.flatMap((s) => s.allowed_tools))].sort(),
        triggers: spec.triggers.map((t) => t.type), budget: spec.budget, owner: user.id,
      };
      if (ctx.dry_run) {
        return { kind: 'done', output: { dry_run: true, valid: true, errors: [], sha256: actual, would_create: { ...summary, status: 'draft', revision: 1 }, diff: unifiedDiff('', text, { from: '/dev/null', to: `b/${args.path}` }).text } };
      }
      const record = await createPlaybook({ env: ctx.env, tenant: tenantStub(ctx.env), user }, check.value, { publish: false }).catch((error: unknown) => refuse(error instanceof Error ? error.message : String(error)));
      ctx.emit('playbook_created', { step_id: ctx.step_id, playbook_id: record.id, revision: record.revision, name: record.name });
      return { kind: 'done', output: { playbook_id: record.id, revision: record.revision, status: record.status, name: record.name, created_by: record.created_by, sha256: actual, steps: summary.steps, tools: summary.tools } };
    },
  });
}
