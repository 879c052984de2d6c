import { z } from '@hono/zod-openapi';
import { ToolId } from './common';
import { RiskClass } from './risk';

export const AuthState = z.enum(['available', 'needs_setup', 'unavailable']).openapi('AuthState');

/** An adapter to one external system (spec §2). */
export const Connection = z
  .strictObject({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(120),
    system: z.string().min(1).max(64),
    kind: z.enum(['keboola_builtin', 'keboola_component', 'direct']),
    component_id: z.string().max(128).optional(),
    writer_component_id: z.string().max(128).optional(),
    auth_state: AuthState,
    tools: z.array(ToolId).default([]),
    description: z.string().max(1_000).optional(),
  })
  .openapi('Connection');
export type Connection = z.infer<typeof Connection>;

/** A JSON Schema object, kept opaque here: tools describe their own arguments. */
export const JsonSchemaObject = z.record(z.string(), z.unknown()).openapi('JsonSchema');

/** A Broker registry entry (spec §2, §6). */
export const ToolManifest = z
  .strictObject({
    id: ToolId,
    provider: z.string().min(1).max(64),
    description: z.string().min(1).max(2_000),
    input_schema: JsonSchemaObject,
    output_schema: JsonSchemaObject.optional(),
    risk: RiskClass,
    side_effects: z.boolean(),
    supports_dry_run: z.boolean().default(false),
    output_trust: z.enum(['trusted', 'untrusted']).default('untrusted'),
    auth_state: AuthState.default('available'),
    tags: z.array(z.string().max(64)).default([]),
  })
  .openapi('ToolManifest');
export type ToolManifest = z.infer<typeof ToolManifest>;
