import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCase, fuzzRuns, jsonCase, memoryConnector, readFuzzed, xlsxCase, xmlCase, type FuzzOutcome } from '../../../support/reader-fuzz';

// A few hundred cases a reader here; `npm run soak` runs the same properties 10,000+ times each.
const RUNS = fuzzRuns(250);
const XLSX_RUNS = fuzzRuns(150);
/** Time for the whole property: generous per case, so only a case over its own 5 s limit fails. */
const timeout = (runs: number) => 60_000 + runs * 200;

/** Tallies what the cases did, so a test can show the generators reach both outcomes. */
function tally() {
  const seen = { rows: 0, errors: new Set<string>() };
  return {
    seen,
    add(outcome: FuzzOutcome) {
      if (outcome.error) seen.errors.add(outcome.error.code);
      else seen.rows++;
    },
  };
}

describe('file readers under fuzzing: rows or a typed error, never a crash, never over 5 s', () => {
  it('CSV', async () => {
    const t = tally();
    await fc.assert(fc.asyncProperty(csvCase, async ({ bytes, config }) => t.add(await readFuzzed(memoryConnector('csv', 'fuzz.csv', bytes, config)))), { numRuns: RUNS });
    expect(t.seen.rows).toBeGreaterThan(0);
    expect(t.seen.errors.size).toBeGreaterThan(0);
  }, timeout(RUNS));

  it('JSON and NDJSON', async () => {
    const t = tally();
    await fc.assert(fc.asyncProperty(jsonCase, async ({ bytes, name, config }) => t.add(await readFuzzed(memoryConnector('json', name, bytes, config)))), { numRuns: RUNS });
    expect(t.seen.rows).toBeGreaterThan(0);
    expect(t.seen.errors).toContain('SOURCE_CORRUPT');
  }, timeout(RUNS));

  it('XML', async () => {
    const t = tally();
    await fc.assert(fc.asyncProperty(xmlCase, async ({ bytes, config }) => t.add(await readFuzzed(memoryConnector('xml', 'fuzz.xml', bytes, config)))), { numRuns: RUNS });
    expect(t.seen.rows).toBeGreaterThan(0);
    expect(t.seen.errors).toContain('SOURCE_CORRUPT');
  }, timeout(RUNS));

  it('xlsx', async () => {
    const t = tally();
    await fc.assert(fc.asyncProperty(xlsxCase, async (bytes) => t.add(await readFuzzed(memoryConnector('excel', 'fuzz.xlsx', bytes)))), { numRuns: XLSX_RUNS });
    expect(t.seen.rows).toBeGreaterThan(0);
    expect(t.seen.errors).toContain('SOURCE_CORRUPT');
  }, timeout(XLSX_RUNS));
});

describe('counterexamples the soak found, replayed', () => {
  it('XML: a processing instruction cut inside a UTF-16 surrogate at the end of the file is malformed XML, not a RangeError', async () => {
    const outcome = await readFuzzed(memoryConnector('xml', 'fuzz.xml', Uint8Array.from([255, 254, 60, 0, 63, 0, 120, 0, 10, 0, 0, 216])));
    expect(outcome.error?.code).toBe('SOURCE_CORRUPT');
  });
});
