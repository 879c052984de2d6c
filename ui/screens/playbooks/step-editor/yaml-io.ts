// YAML ↔ the draft through the `yaml` package. A text that does not parse to a Playbook-shaped
// object is refused here (the form cannot show it); the API remains the validator of everything else.
import { parse, stringify } from 'yaml';
import type { EditableSpec } from './spec-ops';

export function specOfYaml(text: string): { spec: EditableSpec } | { error: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { error: `The YAML does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'The YAML is not a Playbook document (a mapping with name, sop, budget…).' };
  const spec = value as Partial<EditableSpec>;
  if (!spec.sop || typeof spec.sop !== 'object' || !Array.isArray(spec.sop.steps)) return { error: 'The YAML has no sop.steps list for the form to show.' };
  return { spec: spec as EditableSpec };
}

/** Keys in document order, long strings as blocks: the same reading as the stored revisions. */
export function yamlOfSpec(spec: EditableSpec): string {
  return stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false });
}
