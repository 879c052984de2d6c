import { z } from '@hono/zod-openapi';
import type { Env } from '../env';
import type { ToolManifest } from '../domain/tooling';
import type { QuestionKind } from '../domain/run';
import type { RiskClass } from '../domain/risk';
import type { ArtifactInfo } from '../workspace/artifacts';
import type { Taint } from '../broker/taint';

/**
 * The run's workspace as a tool sees it. Reads and writes go through the run so taint follows
 * the content: a file written from untrusted data is marked, and whatever reads it carries that.
 */
export type ToolWorkspace = {
  /** The whole file as text, up to the in-memory cap (workspace/limits.ts); a bigger one is refused with a clear error. */
  read(path: string): Promise<string>;
  /** The same text (and cap) in pieces as it is decoded, never one string: for readers that parse as they go (a large CSV). */
  readSlices(path: string): Promise<AsyncIterable<string>>;
  /** The file as chunks while they download, any size (sql.local loads a large export this way). */
  readChunks(path: string): Promise<AsyncIterable<Uint8Array>>;
  write(path: string, body: string | Uint8Array, contentType?: string): Promise<ArtifactInfo>;
  /** The same from chunks as they arrive, never holding the whole file (a large Keboola export). */
  writeStream(path: string, chunks: AsyncIterable<Uint8Array>, contentType?: string): Promise<ArtifactInfo>;
};

/** What a tool sees of the run that called it. Tools never see tokens, prompts or other runs. */
export type ToolContext = {
  env: Env;
  run_id: string;
  playbook_id: string;
  /** The user the run acts for (the person who started it). */
  run_by: string;
  step_id: string;
  call_id: string;
  dry_run: boolean;
  /** What is left of the run's budget, for tools that carve from it (call_playbook). */
  remaining_budget: { usd: number; tokens: number; wall_clock_seconds: number };
  /** A vault secret by name (e.g. a connection's token); its value is masked in everything recorded. */
  secret: (name: string) => Promise<string>;
  workspace: ToolWorkspace;
  /** The untrusted sources this call has taken in so far, for a tool that keeps data beyond the run (saved context). */
  taint(): Taint;
  /** The Keboola branch the Playbook pins its run to (`keboola.branch`); unset means the main branch. */
  keboola_branch?: string | undefined;
  /** Append an event to the run's stream (e.g. "wrote to outbox"). */
  emit: (type: string, data: Record<string, unknown>) => void;
  /** When the engine resumes a call that returned `continue`: the checkpoint it returned. */
  checkpoint?: unknown;
  /**
   * This call's memory in the run object between its units. A restart empties it, so a tool
   * must be able to carry on (or start over) from `checkpoint` alone.
   */
  memory: Map<string, unknown>;
};

export type QuestionRequest = {
  kind: z.infer<typeof QuestionKind>;
  prompt: string;
  options: { value: string; label: string; detail?: string; requires_comment?: boolean; recommended?: boolean }[];
  /** grid questions only: the rows, each answered with one of the options. */
  rows?: { value: string; label: string; detail?: string }[];
};

/**
 * A tool either finishes, or suspends the run until a person answers (`ask`) or a child run
 * ends (`child`); the engine stores the suspension and resumes with the answer as the output.
 * A read or compute tool with more work than one unit should do returns `continue`: the engine
 * persists the checkpoint and calls it again in the next unit, in a fresh invocation.
 */
export type ToolResult =
  | { kind: 'done'; output: unknown; cost_usd?: number }
  | { kind: 'continue'; checkpoint: unknown; progress?: Record<string, unknown> }
  | { kind: 'ask'; question: QuestionRequest }
  | { kind: 'child'; run_id: string }
  | { kind: 'approval'; batch: { tool_id: string; items: Record<string, unknown>[]; reason?: string } };

export interface ToolDefinition<A = unknown> {
  readonly manifest: ToolManifest;
  readonly args: z.ZodType<A>;
  execute(args: A, ctx: ToolContext): Promise<ToolResult>;
  /** What an approver is asked, e.g. "Send Slack message to #ar-collections". */
  approvalTitle?(args: A): string;
  /**
   * Risk by effect: the class these arguments actually carry, decided by parsing them (a full
   * load, a DELETE) — never lower than the manifest's class, never taken from the model's say-so.
   */
  riskOf?(args: A): EffectRisk;
  /** Workspace files the call will read: an approval binds their content (etag) and their taint. */
  reads?(args: A): string[];
}

/** Tag of tools whose effects stay inside the run (its workspace): they carry taint, they are not sinks. */
export const RUN_SCOPED = 'run-scoped';

/** A class above the manifest's, with the reason a person sees on the approval. */
export type EffectRisk = { risk: RiskClass; reason: string } | null;

/** A failure inside a tool, with the tool named; the run records it and applies `on_failure`. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(readonly toolId: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

type ManifestFields = Omit<ToolManifest, 'input_schema' | 'output_schema' | 'tags' | 'auth_state' | 'supports_dry_run' | 'output_trust'> &
  Partial<Pick<ToolManifest, 'tags' | 'auth_state' | 'supports_dry_run' | 'output_trust'>>;

/** One place that derives a tool's published input schema from the zod schema it validates with. */
export function defineTool<S extends z.ZodType>(
  fields: ManifestFields & {
    args: S;
    execute: (args: z.infer<S>, ctx: ToolContext) => Promise<ToolResult>;
    approvalTitle?: (args: z.infer<S>) => string;
    riskOf?: (args: z.infer<S>) => EffectRisk;
    reads?: (args: z.infer<S>) => string[];
  },
): ToolDefinition<z.infer<S>> {
  const { args, execute, approvalTitle, riskOf, reads, ...manifest } = fields;
  return {
    manifest: {
      tags: [],
      auth_state: 'available',
      supports_dry_run: false,
      output_trust: 'untrusted',
      ...manifest,
      input_schema: z.toJSONSchema(args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    },
    args: args as z.ZodType<z.infer<S>>,
    execute,
    ...(approvalTitle ? { approvalTitle } : {}),
    ...(riskOf ? { riskOf } : {}),
    ...(reads ? { reads } : {}),
  };
}
