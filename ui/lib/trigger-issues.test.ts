import { describe, expect, it } from 'vitest';
import { humanMessage, placeOf, triggerIssues } from './trigger-issues';

describe('trigger issues from a 422', () => {
  it('puts every issue of the edited trigger by its field, in words', () => {
    const got = triggerIssues([
      { path: 'triggers[1].id', message: 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' },
      { path: 'triggers[1].poll_seconds', message: 'Too small: expected number to be >=60' },
      { path: 'triggers[1].table_id', message: 'is required (string)' },
    ], 1);
    expect(got.fields).toEqual({
      id: 'must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
      poll_seconds: 'must be at least 60',
      table_id: 'is required',
    });
    expect(got.other).toEqual([]);
  });

  it('says where the others are, without internal paths', () => {
    const got = triggerIssues([
      { path: 'triggers[0].timezone', message: '"Mars/Base" is not a time zone' },
      { path: 'budget.max_usd_per_run', message: 'Too big: expected number to be <=100' },
    ], 1, ['nightly']);
    expect(got.fields).toEqual({});
    expect(got.other).toEqual(['trigger 1 (nightly), time zone: "Mars/Base" is not a time zone', "the Playbook's budget › max usd per run: must be at most 100"]);
  });

  it('keeps two issues on one field, and an issue on the trigger as a whole under its type', () => {
    const got = triggerIssues([
      { path: 'triggers[2].expression', message: 'a' },
      { path: 'triggers[2].expression', message: 'b' },
      { path: 'triggers[2]', message: 'unknown field(s): foo' },
    ], 2);
    expect(got.fields).toEqual({ expression: 'a; b', type: 'unknown field(s): foo' });
  });

  it('rewrites zod wording', () => {
    expect(humanMessage('Too big: expected number to be <=86400')).toBe('must be at most 86400');
    expect(humanMessage('Too small: expected string to have >=1 characters')).toBe('is required');
    expect(humanMessage('Invalid input: expected number, received NaN')).toBe('must be a number');
    expect(humanMessage('something else')).toBe('something else');
    expect(placeOf('(root)')).toBe('the Playbook');
  });
});
