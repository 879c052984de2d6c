import { z } from '@hono/zod-openapi';
import type { McpRemoteTool, McpServerRecord } from '../../domain/mcp-server';
import { ToolError, type ToolContext, type ToolDefinition } from '../../tools/types';
import { callRemoteTool, type RemoteEndpoint } from './client';

const HANDLE = /\{\{vault:([a-z0-9][a-z0-9._-]*)\}\}/g;

/** The auth header with its vault handles resolved through the run, which masks the values everywhere it records. */
async function endpointFor(server: McpServerRecord, ctx: Pick<ToolContext, 'secret'>): Promise<RemoteEndpoint> {
  if (!server.auth_header) return { url: server.url };
  let value = server.auth_header.value;
  for (const [handle, name] of [...value.matchAll(HANDLE)]) {
    const secret = await ctx.secret(name!);
    value = value.replace(handle, () => secret); // a function: "$&" in a secret stays literal
  }
  return { url: server.url, headers: { [server.auth_header.name]: value } };
}

/**
 * The remote tool's own JSON Schema as the Broker's argument check, so a call the server would
 * refuse is refused (path named) before anyone is asked to approve it. A schema zod cannot read
 * falls back to "an object"; the server still checks.
 */
function argsSchema(schema: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  const object = z.record(z.string(), z.unknown());
  try {
    return object.and(z.fromJSONSchema(schema as never)) as unknown as z.ZodType<Record<string, unknown>>;
  } catch {
    return object;
  }
}

/**
 * A registered server's tool as a Broker tool: `mcp.<server>.<tool>` at the class the admin set
 * (never below the floor), its output untrusted, so the Broker taints the run and wraps it for
 * models.
 */
export function remoteTool(server: McpServerRecord, tool: McpRemoteTool): ToolDefinition<Record<string, unknown>> {
  return {
    manifest: {
      id: tool.id, provider: `mcp:${server.name}`.slice(0, 64), description: tool.description || `${tool.name} on the MCP server ${server.name}`,
      input_schema: tool.input_schema, risk: tool.risk, side_effects: true, supports_dry_run: false, output_trust: 'untrusted',
      auth_state: 'available', tags: ['mcp'],
    },
    args: argsSchema(tool.input_schema),
    approvalTitle: () => `Call ${tool.name} on MCP server ${server.name}`,
    async execute(args, ctx) {
      const result = await callRemoteTool(await endpointFor(server, ctx), tool.name, args).catch((error: unknown) => {
        throw new ToolError(tool.id, error instanceof Error ? error.message : String(error));
      });
      const text = (result.content ?? []).filter((c) => c.type === 'text' && typeof c.text === 'string').map((c) => c.text).join('\n');
      if (result.isError) throw new ToolError(tool.id, `MCP server ${server.name} answered with an error: ${text.slice(0, 2000)}`);
      return { kind: 'done', output: { text, ...(result.structuredContent !== undefined ? { structured: result.structuredContent } : {}) } };
    },
  };
}

/** Remote tool names are free-form; Broker ids are lowercase slugs. */
export function remoteToolId(server: string, name: string): string {
  return `mcp.${server}.${name.toLowerCase().replace(/[^a-z0-9_-]/g, '_').replace(/^[^a-z0-9]+/, '').slice(0, 80) || 'tool'}`;
}
