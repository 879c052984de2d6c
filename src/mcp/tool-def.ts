import { z } from '@hono/zod-openapi';

/** What a tool answers (MCP CallToolResult): text content, and for a refusal `isError` with the error body. */
export type McpToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };

/** One tool this server offers: its arguments as a zod object (the single source of its inputSchema) and its work. */
export type McpTool = {
  name: string;
  description: string;
  input: z.ZodObject;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
  run(args: any): Promise<McpToolResult>;
};

export function mcpTool<S extends z.ZodObject>(tool: { name: string; description: string; input: S; annotations?: McpTool['annotations']; run(args: z.infer<S>): Promise<McpToolResult> }): McpTool {
  return tool;
}

/** tools/list's entry: the JSON Schema is derived from the zod object the call is validated with. */
export function listing(tool: McpTool): Record<string, unknown> {
  return {
    name: tool.name, description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  };
}
