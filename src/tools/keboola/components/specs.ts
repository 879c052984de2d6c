import { z } from '@hono/zod-openapi';
import { ToolId } from '../../../domain/common';
import type { RiskClass } from '../../../domain/risk';
import type { ComponentInfo } from '../../../connections/keboola/backend';
import { OverrideProperty, overridableProperties } from './schema';

/**
 * Per-system tools (issue 17): one for each runnable configuration — or each runnable row of a
 * row-based one — of a discovered component whose schema offers parameters to override. What
 * discovery keeps of each (src/connections/discovery.ts); the tool itself is built from it
 * (tool.ts), so the registry can be rebuilt in any isolate without asking Keboola again.
 */

/**
 * By what the job does with data: an extractor writes into Storage (as keboola.jobs.run, `write`);
 * a writer sends Storage data out, and an application may (`external_send`). Other types
 * (transformations, orchestrations) get no tool: keboola.jobs.run runs them.
 */
export const COMPONENT_TOOL_RISK = { extractor: 'write', writer: 'external_send', application: 'external_send' } as const satisfies Record<string, RiskClass>;
const ComponentType = z.enum(['extractor', 'writer', 'application']);

export const ComponentToolSpec = z.strictObject({
  id: ToolId,
  component: z.string().min(1).max(128),
  component_name: z.string().max(200),
  component_type: ComponentType,
  config: z.string().min(1).max(64),
  config_name: z.string().max(200),
  /** Set for a row of a row-based configuration: the job runs that row only. */
  row: z.string().min(1).max(64).optional(),
  row_name: z.string().max(200).optional(),
  properties: z.record(z.string(), OverrideProperty),
});
export type ComponentToolSpec = z.infer<typeof ComponentToolSpec>;

/** Bounds what one project adds to the registry (and to a model's tool list). */
const MAX_TOOLS = 200;

/** The specs for a project's components, by id; components without a usable schema add none. */
export function componentToolSpecs(components: readonly ComponentInfo[]): ComponentToolSpec[] {
  const specs: ComponentToolSpec[] = [];
  for (const component of components) {
    const type = ComponentType.safeParse(component.type);
    if (!type.success) continue;
    const base = { component: component.id, component_name: component.name.slice(0, 200), component_type: type.data };
    const configProperties = overridableProperties(component.configuration_schema);
    const rowProperties = overridableProperties(component.row_schema);
    for (const config of component.configurations) {
      if (config.is_disabled) continue;
      const at = { ...base, config: config.id, config_name: config.name.slice(0, 200) };
      // A row-based configuration runs its rows, each with its own parameters: a tool per row. Its
      // own parameters (the connection) are shared by every row and stay as stored.
      if (config.rows?.length) {
        for (const row of config.rows.filter((r) => !r.is_disabled)) {
          specs.push({ ...at, id: toolId(component.id, config.id, row.id), row: row.id, row_name: row.name.slice(0, 200), properties: rowProperties });
        }
      } else {
        specs.push({ ...at, id: toolId(component.id, config.id), properties: configProperties });
      }
    }
  }
  return specs
    .filter((spec) => Object.keys(spec.properties).length > 0 && ToolId.safeParse(spec.id).success)
    .sort((a, b) => a.id.localeCompare(b.id))
    .slice(0, MAX_TOOLS);
}

/**
 * `keboola.<component>.<config>[.<row>].run`, each part lowercased with anything but letters,
 * digits, `_` and `-` made `-`: keboola.ex-db-snowflake, configuration 493493, row 41510 →
 * `keboola.keboola-ex-db-snowflake.493493.41510.run`. Ids, not names, so a rename keeps the tool.
 */
export function toolId(component: string, config: string, row?: string): string {
  return ['keboola', component, config, ...(row ? [row] : []), 'run'].map(slug).join('.');
}

function slug(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}
