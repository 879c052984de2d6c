import { z } from '@hono/zod-openapi';
import type { Env } from '../../../env';
import type { ToolDefinition } from '../../types';
import { IsolateTools } from '../../isolate-tools';
import { ComponentToolSpec } from './specs';
import { componentTool } from './tool';

/**
 * The last discovery's per-system tools (specs.ts), kept in R2 beside the Playbooks and held per
 * isolate for the Broker's registry. Discovery replaces the object every time, with none when it
 * failed, so a revoked token or a deleted configuration takes its tools away.
 */
const KEY = 'connections/component-tools.json';
const Stored = z.array(ComponentToolSpec);

const discovered = new IsolateTools(async (env) => (await readSpecs(env)).map(componentTool));

export async function saveComponentTools(env: Env, specs: ComponentToolSpec[]): Promise<void> {
  await env.BUCKET.put(KEY, JSON.stringify(specs), { httpMetadata: { contentType: 'application/json' } });
  await discovered.load(env, true);
}

export function componentTools(): ReadonlyMap<string, ToolDefinition<any>> {
  return discovered.current();
}

export function componentToolsVersion(): number {
  return discovered.version();
}

export function loadComponentTools(env: Env, force = false): Promise<void> {
  return discovered.load(env, force);
}

/** An object written by another version that no longer parses counts as none: the next discovery rewrites it. */
async function readSpecs(env: Env): Promise<ComponentToolSpec[]> {
  const object = await env.BUCKET.get(KEY);
  if (!object) return [];
  const parsed = Stored.safeParse(await object.json());
  return parsed.success ? parsed.data : [];
}
