import { z } from '@hono/zod-openapi';
import { RISK_CLASSES, RISK_POLICY_FLOOR, RiskClass, riskRank } from './risk';

/**
 * The lowest class a remote MCP tool may have: the lowest class with a policy floor (external_send,
 * floor "approve"). Every call carries its arguments to a server outside the tenant, so it is at
 * least an external send, and a person approves it whatever the tenant's policy says.
 */
export const MCP_RISK_FLOOR: RiskClass = RISK_CLASSES.find((risk) => RISK_POLICY_FLOOR[risk] !== undefined)!;

/** Becomes the middle part of `mcp.<server>.<tool>`: a slug without dots. */
export const McpServerName = z.string().min(1).max(40).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "_" or "-" (no dots), starting with a letter or digit');

const McpRisk = RiskClass.refine((risk) => riskRank(risk) >= riskRank(MCP_RISK_FLOOR), {
  message: `must be ${MCP_RISK_FLOOR} or higher: a remote tool's call leaves the tenant, so it is never classed below the ${MCP_RISK_FLOOR} floor`,
});

/** How the server is authenticated: one header whose value names a vault secret, never holds one. */
export const McpAuthHeader = z
  .strictObject({
    name: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name').default('authorization'),
    value: z.string().min(1).max(512).regex(/\{\{vault:[a-z0-9][a-z0-9._-]*\}\}/, 'must reference a vault secret as {{vault:<name>}} (e.g. "Bearer {{vault:notion_token}}"); secrets are never stored here'),
  })
  .openapi('McpAuthHeader');

export const McpServerRegistration = z
  .strictObject({
    name: McpServerName,
    url: z.url({ protocol: /^https?$/ }).max(2048).openapi({ description: 'The server\'s Streamable HTTP endpoint (MCP 2025-06-18 or later)' }),
    auth_header: McpAuthHeader.optional(),
    tool_risk: z.record(z.string().min(1).max(128), McpRisk).default({}).openapi({
      description: `A risk class per remote tool name; a tool not named here is ${MCP_RISK_FLOOR}. Never below ${MCP_RISK_FLOOR}`,
    }),
  })
  .openapi('McpServerRegistration');
export type McpServerRegistration = z.infer<typeof McpServerRegistration>;

/** One remote tool as registered: its Broker id, remote name, class and schema. */
export const McpRemoteTool = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    risk: RiskClass,
    input_schema: z.record(z.string(), z.unknown()),
  })
  .openapi('McpRemoteTool');
export type McpRemoteTool = z.infer<typeof McpRemoteTool>;

/** What is stored (R2 `mcp-servers/<name>.json`) and shown: the registration and the tools listed when it was made. */
export const McpServerRecord = z
  .object({
    name: McpServerName,
    url: z.string(),
    auth_header: McpAuthHeader.optional(),
    tool_risk: z.record(z.string(), RiskClass),
    tools: z.array(McpRemoteTool),
    registered_by: z.string(),
    registered_at: z.string(),
  })
  .openapi('McpServer');
export type McpServerRecord = z.infer<typeof McpServerRecord>;
