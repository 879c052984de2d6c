import { z } from '@hono/zod-openapi';
import { parse } from 'yaml';
import { defineTool, ToolError, type ToolContext } from '../types';
import { ArtifactPath, BranchArg, onBranch, withKeboola } from './shared';

/** Metastore object types (keboola-api.md): semantic-dataset, semantic-model, semantic-metric, ... */
const SemanticType = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a Metastore type such as "semantic-dataset"').describe('Metastore object type, e.g. semantic-dataset');
const SemanticId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'a Metastore object id');
/** Definitions are small documents; a larger one is a mistake (a whole table pasted in). */
const MAX_DATA_BYTES = 256 * 1024;

/**
 * The semantic layer (Keboola's Metastore; on the sample project, R2): list and read definitions,
 * and write one. Definitions are authored outside the run (by people, other tools), so reads are
 * untrusted. A write is `write` class and supports a dry run that says whether it creates or
 * replaces, so the approver sees what changes; the Broker's taint guard asks a person when the
 * definition derives from outside data (the data-cleanup entity does).
 */
export const keboolaSemanticList = defineTool({
  id: 'keboola.semantic.list',
  provider: 'keboola',
  description: 'List the semantic-layer definitions (Keboola Metastore) of one type, e.g. "semantic-dataset": id, name, revision, last update (no bodies).',
  risk: 'read',
  side_effects: false,
  output_trust: 'untrusted',
  tags: ['keboola', 'semantic'],
  args: z.strictObject({ type: SemanticType.default('semantic-dataset'), branch: BranchArg }),
  execute: async (args, ctx) =>
    withKeboola('keboola.semantic.list', onBranch(ctx, args.branch), async (backend) => {
      const objects = await backend.listSemantic(args.type);
      return { kind: 'done', output: { backend: backend.kind, type: args.type, objects: objects.map(({ data: _data, ...rest }) => rest) } };
    }),
});

export const keboolaSemanticGet = defineTool({
  id: 'keboola.semantic.get',
  provider: 'keboola',
  description: 'Read one semantic-layer definition (Keboola Metastore) by type and id, with its body (`data`).',
  risk: 'read',
  side_effects: false,
  output_trust: 'untrusted',
  tags: ['keboola', 'semantic'],
  args: z.strictObject({ type: SemanticType.default('semantic-dataset'), id: SemanticId, branch: BranchArg }),
  execute: async (args, ctx) =>
    withKeboola('keboola.semantic.get', onBranch(ctx, args.branch), async (backend) => ({ kind: 'done', output: { backend: backend.kind, object: await backend.getSemantic(args.type, args.id) } })),
});

const PUT_ID = 'keboola.semantic.put';

export const keboolaSemanticPut = defineTool({
  id: PUT_ID,
  provider: 'keboola',
  description:
    'Write a semantic-layer definition (Keboola Metastore): `data` inline, or `artifact`, a YAML or JSON workspace file holding one object. Replaces the definition with that id, or without an id the one with that name; else creates it.',
  risk: 'write',
  side_effects: true,
  supports_dry_run: true,
  output_trust: 'trusted',
  tags: ['keboola', 'semantic'],
  approvalTitle: (args) => `Register "${args.name}" (${args.type}) in the Keboola semantic layer`,
  reads: (args) => (args.artifact ? [args.artifact] : []),
  args: z
    .strictObject({
      type: SemanticType.default('semantic-dataset'),
      name: z.string().min(1).max(200),
      id: SemanticId.optional(),
      data: z.record(z.string(), z.unknown()).optional(),
      artifact: ArtifactPath.optional(),
      branch: BranchArg,
    })
    .superRefine((args, issues) => {
      if ((args.data === undefined) === (args.artifact === undefined)) issues.addIssue({ code: 'custom', path: ['data'], message: 'give exactly one of data or artifact' });
    }),
  execute: async (args, ctx) => {
    const data = args.data ?? (await documentOf(ctx, args.artifact!));
    if (JSON.stringify(data).length > MAX_DATA_BYTES) throw new ToolError(PUT_ID, `The definition is larger than ${MAX_DATA_BYTES / 1024} KiB; a semantic definition describes data, it does not hold it.`);
    return withKeboola(PUT_ID, onBranch(ctx, args.branch), async (backend) => {
      if (ctx.dry_run) {
        const current = args.id ? await backend.getSemantic(args.type, args.id) : (await backend.listSemantic(args.type)).find((o) => o.name === args.name);
        const would = current
          ? { action: 'replace' as const, type: args.type, name: args.name, id: current.id, current_revision: current.revision, changed_keys: changedKeys(current.data, data) }
          : { action: 'create' as const, type: args.type, name: args.name };
        return { kind: 'done', output: { dry_run: true, backend: backend.kind, would, top_level_keys: Object.keys(data) } };
      }
      const written = await backend.putSemantic(args.type, { id: args.id, name: args.name, data });
      const { data: _data, ...summary } = written;
      return { kind: 'done', output: { backend: backend.kind, ...summary, action: written.created ? 'created' : 'replaced' } };
    });
  },
});

/** A YAML (or JSON, which YAML reads too) workspace file holding one mapping. */
async function documentOf(ctx: ToolContext, path: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = parse(await ctx.workspace.read(path));
  } catch (error) {
    throw new ToolError(PUT_ID, `artifact "${path}" is not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ToolError(PUT_ID, `artifact "${path}" must hold one object (a mapping), not ${Array.isArray(parsed) ? 'a list' : typeof parsed}.`);
  return parsed as Record<string, unknown>;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
