// A refused save (422) names each issue by its path in the document, e.g.
// `sop.steps[1].allowed_tools[0]`. The form places each one next to the field that edits that
// part: the path itself when the form has a field for it, else the nearest enclosing field (the
// allowed-tools list for one of its entries). What no field edits is listed above the form, in words.
import type { ToolEntry } from '../../../api/types';
import { appliesTo } from '../../../../src/domain/input-rules';
import { RISKS } from '../../../lib/risk';
import { fieldsOf } from './schema-fields';
import type { EditableSpec } from './spec-ops';

export type Issue = { path: string; message: string };
export type PlacedIssues = { fields: Record<string, string[]>; other: Issue[] };

export const STEP_FIELDS = ['id', 'title', 'instruction', 'completion_criteria', 'mode', 'on_failure', 'subagent', 'skills', 'allowed_tools', 'actions'];
const ACTION_FIELDS = ['tool', 'id', 'args', 'for_each'];
const INPUT_FIELDS = ['name', 'type', 'label', 'description', 'default', 'required', 'options', 'options_from', 'min', 'max', 'pattern', 'pattern_hint', 'max_length', 'placeholders', 'read_only', 'locked'];
const ARTIFACT_FIELDS = ['path', 'description', 'content_type', 'max_bytes', 'retention_days'];
export const BUDGET_FIELDS = ['max_usd_per_run', 'max_tokens_per_run', 'max_wall_clock_seconds', 'on_breach'];
export const APPROVAL_FIELDS = ['default_ttl_seconds', 'require_body_hash_for', 'undo_window_seconds_for_external_send', 'approver_groups'];

/** Every field key the form shows for this draft; a key is the API path of what the field edits. */
export function formFieldKeys(spec: EditableSpec, tools: readonly ToolEntry[]): Set<string> {
  const keys = new Set<string>(['name', 'description', 'connections', 'skills', 'plugins', 'sop.goal', 'sop.sub_playbooks', 'sop.steps', 'inputs', 'sop.artifact_specs']);
  (spec.sop?.steps ?? []).forEach((step, s) => {
    keys.add(`sop.steps[${s}]`);
    for (const f of STEP_FIELDS) keys.add(`sop.steps[${s}].${f}`);
    (step.actions ?? []).forEach((action, a) => {
      const base = `sop.steps[${s}].actions[${a}]`;
      keys.add(base);
      for (const f of ACTION_FIELDS) keys.add(`${base}.${f}`);
      const schema = tools.find((t) => t.id === action.tool)?.input_schema;
      for (const field of fieldsOf(schema)) keys.add(`${base}.args.${field.name}`);
    });
  });
  // A constraint the input's type does not take has no field of its own: its refusal shows on the input as a whole.
  (spec.inputs ?? []).forEach((input, i) => {
    keys.add(`inputs[${i}]`);
    for (const f of INPUT_FIELDS) if (appliesTo(f, String(input?.type ?? 'string'))) keys.add(`inputs[${i}].${f}`);
  });
  ((spec.sop?.artifact_specs as unknown[] | undefined) ?? []).forEach((_, i) => ARTIFACT_FIELDS.forEach((f) => keys.add(`sop.artifact_specs[${i}].${f}`)));
  for (const risk of RISKS) keys.add(`risk_policy.${risk}`);
  for (const f of BUDGET_FIELDS) keys.add(`budget.${f}`);
  for (const f of APPROVAL_FIELDS) keys.add(`approval_policy.${f}`);
  return keys;
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a`: the path and each enclosing one, nearest first. */
export function enclosingPaths(path: string): string[] {
  const out: string[] = [];
  let at = path;
  while (at) {
    out.push(at);
    const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
    at = cut > 0 ? at.slice(0, cut) : '';
  }
  return out;
}

/** The field each issue belongs to (several issues on one field are all kept). */
export function placeIssues(issues: readonly Issue[], keys: ReadonlySet<string>): PlacedIssues {
  const placed: PlacedIssues = { fields: {}, other: [] };
  for (const issue of issues) {
    const key = enclosingPaths(issue.path).find((p) => keys.has(p));
    if (key) (placed.fields[key] ??= []).push(issue.message);
    else placed.other.push(issue);
  }
  return placed;
}

/** The step an issue is in, so its form can be opened to show it. */
export function stepOfPath(path: string): number | undefined {
  const match = path.match(/^sop\.steps\[(\d+)\]/);
  return match ? Number(match[1]) : undefined;
}

/** A DOM id for a field key (`sop.steps[1].title` → `se-sop-steps-1-title`). */
export const fieldId = (key: string) => `se-${key.replace(/[^A-Za-z0-9_]+/g, '-').replace(/-+$/, '')}`;
