import { Blueprint, Plugin } from '../domain/catalogue';
import { validationErrorOf } from '../domain/issues';
import { BLUEPRINT_FILES, PLUGIN_FILES } from '../generated/bundle';
import { NotFoundError } from '../errors';
import { parseYaml } from '../yaml';
import type { z } from '@hono/zod-openapi';

export type Catalogue = { blueprints: readonly Blueprint[]; plugins: readonly Plugin[] };

/**
 * Parses and validates the bundled YAML files. A broken file is a build defect, so this throws
 * with the file and path named (the catalogue test runs it for every file).
 */
export function loadCatalogue(
  blueprintFiles: Readonly<Record<string, string>> = BLUEPRINT_FILES,
  pluginFiles: Readonly<Record<string, string>> = PLUGIN_FILES,
): Catalogue {
  return {
    blueprints: Object.entries(blueprintFiles).map(([file, text]) => parseFile(Blueprint, file, text)),
    plugins: Object.entries(pluginFiles).map(([file, text]) => parseFile(Plugin, file, text)),
  };
}

function parseFile<S extends z.ZodType>(schema: S, file: string, text: string): z.infer<S> {
  const result = schema.safeParse(parseYaml(text, file));
  if (!result.success) throw validationErrorOf(file, result.error);
  return result.data;
}

let cached: Catalogue | undefined;

/** The bundled catalogue, parsed once per isolate (it is immutable build output). */
export function catalogue(): Catalogue {
  cached ??= loadCatalogue();
  return cached;
}

export function findBlueprints(query: { category?: string; q?: string }): Blueprint[] {
  const needle = query.q?.trim().toLowerCase();
  return catalogue().blueprints.filter(
    (b) =>
      (!query.category || b.category === query.category) &&
      (!needle || [b.id, b.name, b.summary, b.problem, ...b.systems, ...b.tags].some((s) => s.toLowerCase().includes(needle))),
  );
}

export function getBlueprint(id: string): Blueprint {
  const found = catalogue().blueprints.find((b) => b.id === id);
  if (!found) throw new NotFoundError('Blueprint', id);
  return found;
}

export function getPlugin(id: string): Plugin {
  const found = catalogue().plugins.find((p) => p.id === id);
  if (!found) throw new NotFoundError('Plugin', id);
  return found;
}
