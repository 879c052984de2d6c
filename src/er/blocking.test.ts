import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKING, keyFunction, type BlockingPass } from './blocking';
import { candidatePairs } from './candidates';
import { febrlFixture } from './fixtures/febrl';
import { MATCH_INDEX, prepareRecord } from './prepare';
import { startSort, stepSort } from './resumable-sort';
import { seededRandom } from './random';

const { records: source, truth } = febrlFixture();
const records = source.map((r) => prepareRecord(r));

describe('resumable sort', () => {
  it('sorts by key then input order, whatever the budget per step', () => {
    const random = seededRandom(5);
    const keys = Array.from({ length: 257 }, () => String.fromCharCode(97 + Math.floor(random() * 6)) + String.fromCharCode(97 + Math.floor(random() * 3)));
    const expected = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    for (const budget of [1, 7, 100, 10_000]) {
      let state = startSort(keys.map((_, i) => i));
      let steps = 0;
      while (!state.done) {
        expect(stepSort(state, keys, budget)).toBeLessThanOrEqual(budget);
        state = JSON.parse(JSON.stringify(state)); // survives persistence between steps
        steps++;
      }
      expect(state.items).toEqual(expected);
      if (budget === 1) expect(steps).toBeGreaterThan(257);
    }
  });
});

describe('blocking keys', () => {
  const record = prepareRecord({ source: 's', id: '1', fields: { first_name: 'Smith', last_name: 'John', postcode: '2000' } });
  const swapped = prepareRecord({ source: 's', id: '2', fields: { first_name: 'John', last_name: 'Smyth', postcode: '2000' } });

  it('puts swapped and misspelt names in one block with an unordered soundex key', () => {
    const pass: BlockingPass = { id: 'n', kind: 'exact', key: [{ field: 'first_name', transform: 'soundex' }, { field: 'last_name', transform: 'soundex' }], unordered: true };
    expect(keyFunction(pass)(record)).toBe(keyFunction(pass)(swapped));
  });

  it('gives no key when a part is missing', () => {
    const pass: BlockingPass = { id: 'd', kind: 'exact', key: [{ field: 'postcode' }, { field: 'dob' }] };
    expect(keyFunction(pass)(record)).toBe('');
  });

  it('takes prefixes', () => {
    const pass: BlockingPass = { id: 'p', kind: 'exact', key: [{ field: 'last_name', transform: 'prefix', length: 2 }] };
    expect(keyFunction(pass)(swapped)).toBe('sm');
  });
});

describe('candidate pairs', () => {
  const result = candidatePairs(records);

  it('keeps the true pairs of the Febrl fixture while comparing a small share of all pairs', () => {
    const candidates = new Set(result.pairs.map(([x, y]) => `${x}:${y}`));
    const truePairs: string[] = [];
    for (let x = 0; x < records.length; x++) for (let y = x + 1; y < records.length; y++) if (truth.get(records[x]!.id) === truth.get(records[y]!.id)) truePairs.push(`${x}:${y}`);
    expect(truePairs).toHaveLength(100);
    const found = truePairs.filter((p) => candidates.has(p)).length;
    expect(found / truePairs.length).toBeGreaterThanOrEqual(0.98);
    expect(result.pairs.length).toBeLessThan((200 * 199) / 2 / 10);
  });

  it('produces each pair once, exactly the union of what every pass generates', () => {
    const seen = new Set<string>();
    for (const [x, y] of result.pairs) {
      expect(x).toBeLessThan(y);
      expect(seen.has(`${x}:${y}`)).toBe(false);
      seen.add(`${x}:${y}`);
    }
    // Brute force: every pair any pass would generate on its own.
    const union = new Set<string>();
    for (const pass of DEFAULT_BLOCKING) {
      const keys = records.map(keyFunction(pass));
      if (pass.kind === 'exact') {
        for (let x = 0; x < keys.length; x++) for (let y = x + 1; y < keys.length; y++) if (keys[x] !== '' && keys[x] === keys[y]) union.add(`${x}:${y}`);
      } else {
        const order = keys.map((_, i) => i).filter((i) => keys[i] !== '').sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
        for (let i = 0; i < order.length; i++) for (let k = 1; k < pass.window && i + k < order.length; k++) union.add(`${Math.min(order[i]!, order[i + k]!)}:${Math.max(order[i]!, order[i + k]!)}`);
      }
    }
    expect(seen).toEqual(union);
    expect(Object.values(result.byPass).reduce((a, b) => a + b, 0)).toBe(result.pairs.length);
  });

  it('skips and reports blocks above the size limit', () => {
    const pass: BlockingPass = { id: 'state', kind: 'exact', key: [{ field: 'state' }], maxBlockSize: 30 };
    const { pairs, skippedBlocks } = candidatePairs(records, { blocking: [pass] });
    expect(skippedBlocks.length).toBeGreaterThan(0);
    for (const block of skippedBlocks) expect(block.size).toBeGreaterThan(30);
    const state = (i: number) => records[i]!.match[MATCH_INDEX.state]!;
    for (const [x] of pairs) expect(skippedBlocks.map((b) => b.key)).not.toContain(state(x));
    expect(pairs.every(([x, y]) => state(x) === state(y))).toBe(true);
  });

  it('pairs only records from different sources in a linkage', () => {
    const linked = [...records.slice(0, 100).map((r) => ({ ...r, source: 'a' })), ...records.slice(100).map((r) => ({ ...r, source: 'b' }))];
    const { pairs } = candidatePairs(linked, { mode: 'link' });
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every(([x, y]) => linked[x]!.source !== linked[y]!.source)).toBe(true);
  });
});
