import { describe, expect, it } from 'vitest';
import { jsonDiff, parseArgs } from './json-diff';

describe('jsonDiff', () => {
  it('names changed, added and removed keys by path', () => {
    expect(jsonDiff({ channel: '#a', text: 'hi', n: 1 }, { channel: '#a', text: 'hello', extra: true })).toEqual([
      { path: 'extra', before: undefined, after: true },
      { path: 'n', before: 1, after: undefined },
      { path: 'text', before: 'hi', after: 'hello' },
    ]);
  });
  it('walks nested objects and equal-length arrays', () => {
    expect(jsonDiff({ rows: [{ a: 1 }, { a: 2 }] }, { rows: [{ a: 1 }, { a: 3 }] })).toEqual([{ path: 'rows[1].a', before: 2, after: 3 }]);
    expect(jsonDiff({ rows: [1] }, { rows: [1, 2] })).toEqual([{ path: 'rows', before: [1], after: [1, 2] }]);
  });
  it('is empty for equal documents', () => {
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});

describe('parseArgs', () => {
  it('accepts a JSON object only', () => {
    expect(parseArgs('{"text": "x"}')).toEqual({ ok: true, value: { text: 'x' } });
    expect(parseArgs('[1]')).toEqual({ ok: false, error: 'the arguments must be a JSON object ({ … })' });
    expect(parseArgs('{text')).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
  });
});
