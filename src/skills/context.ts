import type { Env } from '../env';
import { tenantStub } from '../api/context';
import { jsonDepthWithin } from '../domain/common';
import type { SkillContextEntry } from '../tenant/tenant-object';
import { isTainted, parseTaint, taintJson, type Taint } from '../broker/taint';
import { byteLength, wrapWithin } from '../broker/untrusted';

/** One value is a baseline or a list of accepted issues, not a data set: keep prompts small. */
export const MAX_CONTEXT_VALUE_BYTES = 16 * 1024;
/** What all saved context may add to a step's first message. */
const MAX_CONTEXT_PROMPT_BYTES = 48 * 1024;

/** `taint`: the untrusted sources the value derives from; the next run's model gets it wrapped. */
export type SavedContext = { skill: string; key: string; value: unknown; run_id: string; updated_at: string; taint: Taint };

/** Stores the latest value of a declared key for the Playbook (spec §7 "Context persistence"). */
export async function saveSkillContext(env: Env, entry: Omit<SkillContextEntry, 'value' | 'taint'> & { value: unknown; taint: Taint }): Promise<void> {
  await tenantStub(env).putSkillContext({ ...entry, value: JSON.stringify(entry.value), taint: taintJson(entry.taint) });
}

/** Problems with a value, or undefined; checked before anything is stored. */
export function contextValueProblem(value: unknown): string | undefined {
  if (!jsonDepthWithin(value)) return 'the value is nested too deeply';
  const bytes = new TextEncoder().encode(JSON.stringify(value)).byteLength;
  return bytes > MAX_CONTEXT_VALUE_BYTES ? `the value is ${bytes} bytes of JSON; the limit is ${MAX_CONTEXT_VALUE_BYTES}` : undefined;
}

/** The Playbook's saved context for the given skills, latest value per key. */
export async function savedContext(env: Env, playbookId: string, skills: readonly string[]): Promise<SavedContext[]> {
  const rows: SkillContextEntry[] = await tenantStub(env).listSkillContext(playbookId);
  return rows
    .filter((row) => skills.includes(row.skill))
    .map((row) => ({ skill: row.skill, key: row.key, value: JSON.parse(row.value) as unknown, run_id: row.run_id, updated_at: row.updated_at, taint: parseTaint(row.taint) }));
}

/**
 * The part of a model step's first message that hands saved context to this run. Values are
 * labelled with the run that saved them, so the model can tell an earlier run's baseline apart
 * from something this run wrote in a previous step.
 */
export function contextMessage(saved: readonly SavedContext[]): string {
  if (saved.length === 0) return '';
  const lines = ['Saved skill context for this Playbook (latest value of each key, from earlier steps or runs):'];
  let bytes = 0;
  for (const entry of saved) {
    const value = JSON.stringify(entry.value);
    const shown = isTainted(entry.taint) ? wrapWithin(`context:${entry.skill}.${entry.key}`, value, MAX_CONTEXT_VALUE_BYTES * 6).text : value;
    const line = `- ${entry.skill}.${entry.key} (saved by run ${entry.run_id} at ${entry.updated_at}): ${shown}`;
    bytes += byteLength(line);
    if (bytes > MAX_CONTEXT_PROMPT_BYTES) {
      lines.push(`- (${saved.length - lines.length + 1} more keys left out: the saved context is larger than ${MAX_CONTEXT_PROMPT_BYTES} bytes)`);
      break;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
