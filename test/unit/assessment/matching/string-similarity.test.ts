import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, levenshtein, levenshteinSimilarity, soundex } from '../../../../src/main/engine/assessment/matching';

describe('Jaro and Jaro–Winkler', () => {
  // Reference values from Winkler (1990) and the usual worked examples.
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896, 0.896],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });

  it('handles empty, equal and unrelated strings, and counts letters as code points', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
    expect(jaro('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('יוסף', 'יוסף')).toBe(1);
    expect(jaroWinkler('محمد', 'محمود')).toBeGreaterThan(0.85);
  });
});

describe('Levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['Jon', 'John', 1],
    ['', 'abc', 3],
    ['José', 'Jose', 1],
    ['same', 'same', 0],
  ])('%s → %s is %i edits', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });

  it('turns distance into similarity by the longer length', () => {
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 6);
    expect(levenshteinSimilarity('', '')).toBe(1);
  });
});

describe('Soundex', () => {
  // The US National Archives' examples.
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'],
    ['Ashcroft', 'A261'],
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Honeyman', 'H555'],
    ['Smith', 'S530'],
    ['Smyth', 'S530'],
    ['Lee', 'L000'],
    ["O'Brien", 'O165'],
  ])('%s is %s', (name, code) => {
    expect(soundex(name)).toBe(code);
  });

  it('gives no code to a name without Latin letters', () => {
    expect(soundex('כהן')).toBe('');
    expect(soundex('')).toBe('');
  });
});
