import { z } from '@hono/zod-openapi';
import type { Env } from '../env';
import type { ToolManifest } from '../domain/tooling';
import type { QuestionKind } from '../domain/run';

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
  options: { value: string; label: string; detail?: string; requires_comment?: boolean }[];
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
}

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
  },
): ToolDefinition<z.infer<S>> {
  const { args, execute, approvalTitle, ...manifest } = fields;
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
  };
}
