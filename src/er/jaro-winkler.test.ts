import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler';

// Reference values from Winkler (1990) / the strcmp95 test set as reproduced by jellyfish and
// Apache Commons Text (integer half-transpositions, prefix bonus above Jaro 0.7).
describe('Jaro-Winkler', () => {
  it.each([
    ['martha', 'marhta', 0.944444, 0.961111],
    ['dwayne', 'duane', 0.822222, 0.84],
    ['dixon', 'dicksonx', 0.766667, 0.813333],
    ['jellyfish', 'smellyfish', 0.896296, 0.896296],
    ['shackleford', 'shackelford', 0.969697, 0.981818],
    ['dunningham', 'cunnigham', 0.896296, 0.896296],
    ['nichleson', 'nichulson', 0.925926, 0.955556],
    ['jones', 'johnson', 0.790476, 0.832381],
    ['massey', 'massie', 0.888889, 0.933333],
    ['abroms', 'abrams', 0.888889, 0.922222],
    ['hardin', 'martinez', 0.722222, 0.722222],
    ['itman', 'smith', 0.466667, 0.466667],
  ])('%s ~ %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 5);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 5);
  });

  it('is 1 for equal strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('robert', 'robert')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('only counts characters inside the match window', () => {
    // "a" at the end of a long string is outside the window of the leading "a".
    expect(jaro('abcdefgh', 'hbcdefga')).toBeCloseTo((6 / 8 + 6 / 8 + 1) / 3, 10);
  });

  it('with a floor, gives the same answer to "at least the floor?" and the exact score when it can reach it', () => {
    const names = ['martha', 'marhta', 'dwayne', 'duane', 'dixon', 'dicksonx', 'jones', 'johnson', 'itman', 'smith', 'jo', 'joanne', 'x', 'abcdefghij'];
    for (const a of names) {
      for (const b of names) {
        for (const floor of [0.7, 0.8, 0.85, 0.9, 0.95]) {
          const exact = jaroWinkler(a, b);
          const bounded = jaroWinkler(a, b, floor);
          expect(bounded >= floor).toBe(exact >= floor);
          if (bounded !== 0) expect(bounded).toBe(exact);
        }
      }
    }
    expect(jaroWinkler('itman', 'smith', 0.9)).toBe(0);
  });

  it('handles long strings without reusing stale flags', () => {
    const long = 'x'.repeat(100) + 'y';
    expect(jaroWinkler(long, long.replace('y', 'z'))).toBeGreaterThan(0.98);
    expect(jaroWinkler('ab', 'ba')).toBe(jaro('ab', 'ba'));
  });
});
