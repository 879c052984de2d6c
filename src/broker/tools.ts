import { z } from '@hono/zod-openapi';
import { ToolManifest } from '../domain/tooling';
import { PolicyDecision } from '../domain/risk';
import type { RiskPolicy } from '../domain/policy';
import { NotFoundError } from '../errors';
import { toolRegistry } from '../tools/registry';
import { effectiveDecision } from './policy';

/** A registry entry as the API shows it: the manifest plus what the tenant policy does with its risk class. */
// Spread, not `.extend()`: the generator would emit `allOf` with the strict manifest, which no object can satisfy.
export const ToolEntry = z.object({
  ...ToolManifest.shape,
  default_decision: PolicyDecision.openapi({ description: 'The decision for this tool\'s risk class under the tenant policy, before any Playbook tightens it' }),
}).openapi('ToolEntry');
export type ToolEntry = z.infer<typeof ToolEntry>;

export function registryManifests(): ToolManifest[] {
  return [...toolRegistry().values()].map((tool) => tool.manifest).sort((a, b) => a.id.localeCompare(b.id));
}

export function findManifest(id: string): ToolManifest {
  const tool = toolRegistry().get(id);
  if (!tool) throw new NotFoundError('Tool', id);
  return tool.manifest;
}

export function toolEntry(tool: ToolManifest, tenantPolicy: RiskPolicy): ToolEntry {
  return { ...tool, default_decision: effectiveDecision({ tool, tenantPolicy }) };
}
