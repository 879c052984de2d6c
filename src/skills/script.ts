import type { z } from '@hono/zod-openapi';
import { RISK_CLASSES, type RiskClass } from '../domain/risk';
import { ToolId } from '../domain/common';
import type { ArtifactInfo } from '../workspace/artifacts';
import { defineTool, ToolError, type ToolContext, type ToolDefinition } from '../tools/types';
import { assertSkillInPlaybook } from './playbook-skills';

/**
 * What a skill script (`skills/<skill>/scripts/<name>.ts`) sees of the run: the workspace and the
 * event stream, nothing else. Scripts are knowledge-pack code, so they get no bindings, secrets
 * or budget; everything else they need comes in through their arguments (spec §2 "Skill").
 */
export type SkillScriptContext = {
  run_id: string;
  step_id: string;
  call_id: string;
  dry_run: boolean;
  readArtifact(path: string): Promise<string>;
  /** The same text in pieces as it is decoded, never one string: for a reader that parses as it goes (parseCsvInSlices). */
  readArtifactSlices(path: string): Promise<AsyncIterable<string>>;
  writeArtifact(path: string, body: string, contentType?: string): Promise<ArtifactInfo>;
  /** A file of any size as chunks while they download, for a script that reads it row by row. */
  readChunks(path: string): Promise<AsyncIterable<Uint8Array>>;
  /** A file written from chunks as they are made, never held whole (a normalised 250k-row table). */
  writeStream(path: string, chunks: AsyncIterable<Uint8Array>, contentType?: string): Promise<ArtifactInfo>;
  emit(type: string, data: Record<string, unknown>): void;
  /** Set when this is a later unit of a call that returned `ctx.continueWith(...)`. */
  checkpoint?: unknown;
  /** Kept between the units of one call while the run object lives; empty after a restart. */
  memory: Map<string, unknown>;
  /**
   * Return this instead of a result to be called again in the next loop unit (with `checkpoint`
   * set): how a script splits work too large for one unit's CPU allowance.
   */
  continueWith(checkpoint: unknown, progress?: Record<string, unknown>): Continuation;
};

/** A script's "not finished yet" (see SkillScriptContext.continueWith). */
export class Continuation {
  constructor(readonly checkpoint: unknown, readonly progress: Record<string, unknown> = {}) {}
}

/** The module shape every script exports; the generated import list is type-checked against it. */
export type SkillScriptModule = {
  /** Default `compute` (issue 5): a script that writes outside the run workspace must say so. */
  readonly risk?: RiskClass;
  readonly description: string;
  readonly args: z.ZodType;
  /**
   * Default `trusted`: a script has no bindings, so its output derives only from its arguments and
   * the workspace files it reads, and carries their taint (src/broker/taint.ts) — a script over
   * untrusted rows returns tainted output, one over the author's constants does not.
   */
  readonly output_trust?: 'trusted' | 'untrusted';
  run(args: any, ctx: SkillScriptContext): Promise<unknown>;
};

/** A script module that does not keep the contract: a build defect, reported with the file named. */
export class SkillScriptError extends Error {
  override name = 'SkillScriptError';
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

export function skillScriptToolId(skill: string, script: string): string {
  return `skill.${skill}.${script}`;
}

/**
 * Registers one script as the tool `skill.<skill>.<script>`; the Broker then governs it like any
 * other tool (risk, policy, approvals, audit). It runs only in a Playbook that lists its skill.
 */
export function scriptTool(skill: string, script: string, module: SkillScriptModule): ToolDefinition<unknown> {
  const file = `skills/${skill}/scripts/${script}.ts`;
  const id = skillScriptToolId(skill, script);
  if (!ToolId.safeParse(id).success) throw new SkillScriptError(file, `"${id}" is not a valid tool id (lowercase letters, digits, ".", "_", "-")`);
  const risk = module.risk ?? 'compute';
  if (!RISK_CLASSES.includes(risk)) throw new SkillScriptError(file, `risk "${String(risk)}" is not one of ${RISK_CLASSES.join(', ')}`);
  if (typeof module.description !== 'string' || module.description.length === 0) throw new SkillScriptError(file, 'exports no description');
  if (typeof module.args?.safeParse !== 'function') throw new SkillScriptError(file, 'exports no zod `args` schema');
  if (typeof module.run !== 'function') throw new SkillScriptError(file, 'exports no run(args, ctx) function');

  return defineTool({
    id,
    provider: `skill.${skill}`,
    description: module.description,
    risk,
    side_effects: risk !== 'read' && risk !== 'compute',
    output_trust: module.output_trust ?? 'trusted',
    tags: ['skill', `skill:${skill}`],
    args: module.args,
    execute: async (args, ctx) => {
      await assertSkillInPlaybook(ctx, skill, id);
      try {
        const output = await module.run(args, scriptContext(ctx));
        if (output instanceof Continuation) return { kind: 'continue', checkpoint: output.checkpoint, progress: output.progress };
        return { kind: 'done', output };
      } catch (error) {
        if (error instanceof ToolError) throw error;
        throw new ToolError(id, error instanceof Error ? error.message : String(error), { cause: error });
      }
    },
  });
}

function scriptContext(ctx: ToolContext): SkillScriptContext {
  return {
    run_id: ctx.run_id,
    step_id: ctx.step_id,
    call_id: ctx.call_id,
    dry_run: ctx.dry_run,
    readArtifact: (path) => ctx.workspace.read(path),
    readArtifactSlices: (path) => ctx.workspace.readSlices(path),
    writeArtifact: (path, body, contentType) => ctx.workspace.write(path, body, contentType),
    readChunks: (path) => ctx.workspace.readChunks(path),
    writeStream: (path, chunks, contentType) => ctx.workspace.writeStream(path, chunks, contentType),
    emit: ctx.emit,
    ...(ctx.checkpoint !== undefined ? { checkpoint: ctx.checkpoint } : {}),
    memory: ctx.memory,
    continueWith: (checkpoint, progress) => new Continuation(checkpoint, progress),
  };
}
