// A 422 from saving a Playbook's triggers, read for people: each issue of the trigger being edited
// goes next to its field under the field's name; the rest (another trigger, the Playbook itself) are
// listed with their place said in words, never as `triggers[1].timezone`.
import type { Issue } from '../api/types';

/** The form's fields, by the API's field name. */
export const TRIGGER_FIELD_NAMES: Record<string, string> = {
  type: 'trigger type',
  id: 'name',
  expression: 'cron expression',
  timezone: 'time zone',
  component_id: 'component id',
  configuration_id: 'configuration id',
  status: 'job status',
  table_id: 'table id',
  poll_seconds: 'check every (seconds)',
  enabled: 'enabled',
  inputs: 'inputs',
};

export type TriggerIssues = {
  /** Field name → what is wrong with it, in words. */
  fields: Record<string, string>;
  /** Issues that belong to no field of this form: "trigger 1 (nightly), time zone: …". */
  other: string[];
};

/** zod's terse wording, said the way a person would. */
export function humanMessage(message: string): string {
  const m = message.trim();
  let match: RegExpMatchArray | null;
  if ((match = m.match(/^Too small: expected number to be >=?\s*(-?[\d.]+)/i))) return `must be at least ${match[1]}`;
  if ((match = m.match(/^Too big: expected number to be <=?\s*(-?[\d.]+)/i))) return `must be at most ${match[1]}`;
  if ((match = m.match(/^Too small: expected string to have >=?\s*1 characters?/i))) return 'is required';
  if ((match = m.match(/^Too small: expected string to have >=?\s*(\d+) characters?/i))) return `must be at least ${match[1]} characters`;
  if ((match = m.match(/^Too big: expected string to have <=?\s*(\d+) characters?/i))) return `must be at most ${match[1]} characters`;
  if (/^is required/i.test(m)) return 'is required';
  if ((match = m.match(/^Invalid input: expected (\w+), received (\w+)/i))) return match[1] === 'number' ? 'must be a number' : `must be a ${match[1]}`;
  if (/^Invalid option/i.test(m)) return `is not one of the choices (${m.replace(/^Invalid option:\s*/i, '')})`;
  if (/^Invalid string: must match pattern/i.test(m)) return 'has characters that are not allowed';
  return m;
}

const PART = /^triggers\[(\d+)\](?:\.(\w+))?(.*)$/;

/** Where an issue is, in words: "trigger 2 (nightly), time zone"; "the Playbook, budget.max_usd_per_run". */
export function placeOf(path: string, keys: readonly string[] = []): string {
  const match = path.match(PART);
  if (!match) return path === '(root)' ? 'the Playbook' : `the Playbook's ${path.replace(/\[(\d+)\]/g, (_, n) => ` ${Number(n) + 1}`).replace(/\./g, ' › ').replace(/_/g, ' ')}`;
  const n = Number(match[1]);
  const key = keys[n];
  const field = match[2] ? (TRIGGER_FIELD_NAMES[match[2]] ?? match[2].replace(/_/g, ' ')) : '';
  return `trigger ${n + 1}${key ? ` (${key})` : ''}${field ? `, ${field}` : ''}`;
}

/**
 * Sorts a 422's issues: those of the trigger at `index` (the one the form edits) by field; the rest
 * in words. `keys` names the existing triggers by position. A second issue on one field is joined
 * to the first, so nothing is dropped.
 */
export function triggerIssues(issues: readonly Issue[], index: number, keys: readonly string[] = []): TriggerIssues {
  const out: TriggerIssues = { fields: {}, other: [] };
  for (const issue of issues) {
    const match = issue.path.match(PART);
    const message = humanMessage(issue.message);
    if (match && Number(match[1]) === index) {
      const field = match[2] && match[2] in TRIGGER_FIELD_NAMES ? match[2] : 'type';
      out.fields[field] = out.fields[field] ? `${out.fields[field]}; ${message}` : message;
    } else {
      out.other.push(`${placeOf(issue.path, keys)}: ${message}`);
    }
  }
  return out;
}
