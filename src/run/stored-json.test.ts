import { describe, expect, it } from 'vitest';
import { jsonWithStored, valueWithStored } from './stored-json';

/** Stored texts as the run's tables hold them: JSON.stringify of values of every kind. */
const STORED = [
  { a: 1, b: [true, null, 2.5e-7], c: 'quote " backslash \\ slash / tab \t' },
  'a string with $& and $1 and $$ in it',
  ['\u0000 not a marker', 'é ü 漢字 🙂', '\u2028\u2029'],
  null,
  -0,
  {},
].map((value) => JSON.stringify(value));

const build = (stored: (text: string) => unknown) => ({
  id: 'run_1',
  note: `\u0000${'0'.repeat(36)}:0`, // shaped like a marker, with another nonce: an ordinary string
  steps: STORED.map((text, index) => ({ index, outputs: stored(text) })),
  tool_calls: [{ args: stored(STORED[0]!), result: stored(STORED[1]!) }],
});

describe('jsonWithStored', () => {
  it('writes the same JSON as parsing every stored text and writing the whole value out', () => {
    const spliced = jsonWithStored(build);
    expect(spliced).toBe(JSON.stringify(valueWithStored(build)));
    expect(JSON.parse(spliced)).toEqual(valueWithStored(build));
  });

  it('copies stored texts in verbatim, not re-encoded', () => {
    const text = '{"kept":"as stored"}';
    expect(jsonWithStored((stored) => ({ x: stored(text), y: [stored(text)] }))).toBe(`{"x":${text},"y":[${text}]}`);
  });

  it('leaves a value with no stored texts as JSON.stringify writes it', () => {
    const value = { a: '\u0000', b: [1, 'two'] };
    expect(jsonWithStored(() => value)).toBe(JSON.stringify(value));
  });
});
