import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { applyTransforms, type TransformResult } from '../../../src/main/engine/mapping/transforms';
import { dateOrderEvidence } from '../../../src/main/engine/mapping/transforms/detect-date';
import type { FieldTransform } from '../../../src/shared/model/mapping';
import { TRANSFORM_KINDS } from '../../../src/shared/transforms/registry';

/**
 * Properties every transform keeps whatever it is fed (#14): it never throws, answers a value or
 * a reason, answers the same twice, and changes nothing in place; and each kind's own laws
 * (idempotence, round trips, outputs of the promised shape). A few hundred hostile cases each.
 */
const RUNS = { numRuns: 200 };
const run = (value: unknown, t: FieldTransform, row: Record<string, unknown> = ROW): TransformResult => applyTransforms(value, [t], row);
const ROW = { A: ' 12 High St ', B: null, C: '', D: 'Leeds', N: 7, W: new Date('2020-01-02T03:04:05.000Z') };
const valueOf = (r: TransformResult): unknown => {
  if (!r.ok) throw new Error(`expected a value, got: ${r.error}`);
  return r.value;
};

/** Text a legacy export might hold, and worse: any UTF-16 (lone surrogates too), controls, RTL, huge. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', 'יעל כהן', 'JosÃ©', '1,234.56', '03/04/2012', '+44 7700 900123', 'Ann <ANN@X.ORG>', 'SMITH, John', `${'a'.repeat(20_000)}!`, '9'.repeat(400), 'toString', '__proto__'),
);
const hostileValue = fc.oneof(
  hostileText,
  fc.constantFrom(null, undefined, true, false, 0, -0, NaN, Infinity, -1, 2 ** 60, 12n, new Date('2012-04-03T00:00:00Z'), new Date(NaN), new Uint8Array([0, 255])),
  fc.double(),
  fc.integer(),
  fc.array(hostileText, { maxLength: 4 }),
);

const SAMPLES: FieldTransform[] = [
  { kind: 'trim' },
  { kind: 'collapseSpaces' },
  { kind: 'fixMojibake' },
  { kind: 'titleCase' },
  { kind: 'parseDate', formats: ['dd/MM/yyyy'] },
  { kind: 'crosswalk', table: { M: 'male' }, fallback: 'reject' },
  { kind: 'padStart', length: 6, char: '0' },
  { kind: 'constant', value: 'x' },
  { kind: 'concat', columns: ['A', 'D'], separator: ' ' },
  { kind: 'emptyToNull' },
  { kind: 'split', separator: ',' },
  { kind: 'changeCase', mode: 'sentence' },
  { kind: 'substring', start: -3, length: 2 },
  { kind: 'regexExtract', pattern: '(\\d+)', group: 1 },
  { kind: 'regexReplace', pattern: '[aeiou]+', replacement: '<$0>', ignoreCase: true },
  { kind: 'detectDate' },
  { kind: 'parseNumber', locale: 'fr' },
  { kind: 'parseBoolean' },
  { kind: 'defaultValue', value: 'unknown' },
  { kind: 'coalesce', columns: ['B', 'D'] },
  { kind: 'generateId', columns: ['D', 'N'], hash: 16 },
  { kind: 'normalizePhone', countryCode: '44' },
  { kind: 'normalizeEmail' },
  { kind: 'splitName', part: 'last' },
  { kind: 'when', op: 'matches', values: ['^\\d'], then: 'digit' },
  { kind: 'expression', expression: 'type(value) == string ? value + "!" : value' },
];

describe('every transform, on hostile input', () => {
  it('has a sample of every registered kind', () => {
    expect(new Set(SAMPLES.map((t) => t.kind))).toEqual(new Set(TRANSFORM_KINDS));
  });

  it.each(SAMPLES.map((t) => [t.kind, t] as const))('%s never throws, answers a value or a reason, the same twice, and changes nothing in place', (_kind, t) => {
    fc.assert(
      fc.property(hostileValue, (v) => {
        const before = v instanceof Date || v instanceof Uint8Array ? v : structuredClone(v);
        const first = run(v, t);
        expect(typeof first.ok).toBe('boolean');
        if (!first.ok) expect(first.error.length).toBeGreaterThan(5);
        expect(run(v, t)).toEqual(first);
        expect(v).toEqual(before);
      }),
      RUNS,
    );
  });
});

describe('each kind’s laws', () => {
  it('changeCase: every mode is idempotent; upper and lower agree with the language', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('upper', 'lower', 'title', 'sentence') as fc.Arbitrary<'upper'>, (s, mode) => {
        const once = valueOf(run(s, { kind: 'changeCase', mode }));
        expect(valueOf(run(once, { kind: 'changeCase', mode }))).toBe(once);
        if (mode === 'upper') expect(once).toBe(s.toUpperCase());
      }),
      RUNS,
    );
  });

  it('substring: the result is a run of the input’s characters, no longer than asked', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer({ min: -40, max: 40 }), fc.option(fc.nat(40), { nil: undefined }), (s, start, length) => {
        const out = valueOf(run(s, { kind: 'substring', start, ...(length === undefined ? {} : { length }) })) as string;
        expect(Array.from(s).join('')).toContain(out);
        if (length !== undefined) expect(Array.from(out).length).toBeLessThanOrEqual(length);
      }),
      RUNS,
    );
  });

  it('regexExtract finds a part of the input; regexReplace with a quoted literal replaces like split/join', () => {
    fc.assert(
      fc.property(hostileText, fc.string({ minLength: 1, maxLength: 3 }), (s, lit) => {
        const found = valueOf(run(s, { kind: 'regexExtract', pattern: RE2JS.quote(lit) }));
        expect(found === null || (found === lit && s.includes(lit))).toBe(true);
        expect(valueOf(run(s, { kind: 'regexReplace', pattern: RE2JS.quote(lit), replacement: '#' }))).toBe(s.split(lit).join('#'));
      }),
      RUNS,
    );
  });

  it('detectDate: any real date written day-first or month-first reads back, and the output is always YYYY-MM-DD', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('/', '.', '-'), (d, sep) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(valueOf(run(`${day}${sep}${m}${sep}${y}`, { kind: 'detectDate', order: 'dmy' }))).toBe(iso);
        expect(valueOf(run(`${m}${sep}${day}${sep}${y}`, { kind: 'detectDate', order: 'mdy' }))).toBe(iso);
        expect(valueOf(run(`${y}${sep}${m}${sep}${day}`, { kind: 'detectDate' }))).toBe(iso);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(hostileText, (s) => {
        const r = run(s, { kind: 'detectDate', order: 'dmy' });
        if (r.ok && r.value !== null) expect(r.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      RUNS,
    );
  });

  it('parseNumber: numbers written by Intl in each convention read back exactly', () => {
    const intl = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', ch: 'de-CH' } as const;
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(99), fc.constantFrom('en', 'de', 'fr', 'ch') as fc.Arbitrary<'en'>, (whole, cents, locale) => {
        const n = whole + (whole < 0 ? -cents : cents) / 100;
        const text = new Intl.NumberFormat(intl[locale], { minimumFractionDigits: 2 }).format(n);
        expect(valueOf(run(text, { kind: 'parseNumber', locale }))).toBeCloseTo(n, 6);
      }),
      RUNS,
    );
  });

  it('parseBoolean gives true, false or no value, or refuses', () => {
    fc.assert(
      fc.property(hostileValue, (v) => {
        const r = run(v, { kind: 'parseBoolean' });
        if (r.ok && !Array.isArray(v)) expect([true, false, null]).toContain(r.value);
      }),
      RUNS,
    );
  });

  it('defaultValue never leaves a value blank', () => {
    fc.assert(
      fc.property(hostileValue, (v) => {
        const out = valueOf(run(v, { kind: 'defaultValue', value: 'unknown' }));
        expect(out === null || (typeof out === 'string' && out.trim() === '')).toBe(false);
      }),
      RUNS,
    );
  });

  it('generateId: the same parts give the same identifier, different parts different ones', () => {
    fc.assert(
      fc.property(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 8 })), fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 8 })), ([a, b], [c, d]) => {
        const id = (x: string, y: string) => run(null, { kind: 'generateId', columns: ['X', 'Y'], hash: 24 }, { X: x, Y: y });
        const [p, q] = [id(a, b), id(c, d)];
        if (!p.ok || !q.ok) return; // a blank part is refused
        expect(id(a, b)).toEqual(p);
        if (a.trim() !== c.trim() || b.trim() !== d.trim()) expect(p.value).not.toBe(q.value);
      }),
      RUNS,
    );
  });

  it('normalizePhone: E.164 out, and idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.stringMatching(/^(\+|00)?[0-9 ()-]{6,18}$/)), fc.constantFrom('44', '1', '33', '972'), (s, countryCode) => {
        const out = valueOf(run(s, { kind: 'normalizePhone', countryCode }));
        if (out === null) return;
        expect(out).toMatch(/^\+[1-9]\d{7,14}$/);
        expect(valueOf(run(out, { kind: 'normalizePhone', countryCode }))).toBe(out);
      }),
      RUNS,
    );
  });

  it('normalizeEmail: one @, lower case, idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.emailAddress(), fc.emailAddress().map((e) => ` Name <${e.toUpperCase()}> `)), (s) => {
        const out = valueOf(run(s, { kind: 'normalizeEmail' }));
        if (out === null) return;
        expect((out as string).split('@')).toHaveLength(2);
        expect(out).toBe((out as string).toLowerCase());
        expect(valueOf(run(out, { kind: 'normalizeEmail' }))).toBe(out);
      }),
      RUNS,
    );
  });

  it('splitName: first, middle and last put back together give the name, word for word', () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿ'-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const name = words.join('  ');
        const parts = (['first', 'middle', 'last'] as const).map((part) => valueOf(run(name, { kind: 'splitName', part, order: 'firstLast' })));
        expect(parts.filter((p) => p !== null).join(' ')).toBe(words.join(' '));
      }),
      RUNS,
    );
  });

  it('when gives then, else, or the value unchanged', () => {
    fc.assert(
      fc.property(hostileText, fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 3 }), (s, values) => {
        const out = valueOf(run(s, { kind: 'when', op: 'in', values, then: 'T' }));
        expect(out === 'T' || out === s).toBe(true);
        expect(valueOf(run(s, { kind: 'when', op: 'in', values, then: 'T', else: 'E' }))).toMatch(/^[TE]$/);
      }),
      RUNS,
    );
  });

  it('expression: any text is a value or a typed reason, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.stringMatching(/^[a-z.()"+ 0-9[\]!=<>&|?:,]{0,40}$/)), (text) => {
        const r = run('v', { kind: 'expression', expression: text });
        if (!r.ok) expect(r.error).toMatch(/^(EXPRESSION_[A-Z]+|REGEX_INVALID): /);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(hostileText, (s) => {
        expect(valueOf(run(s, { kind: 'expression', expression: 'value + ""' }))).toBe(s);
      }),
      RUNS,
    );
  });
});

describe('date order from evidence', () => {
  it('one day above 12 proves day-first, one month position above 12 proves month-first; both or neither decide nothing', () => {
    expect(dateOrderEvidence(['03/04/2012', '25/12/2024', null, 7])).toMatchObject({ order: 'dmy', dayFirst: 1, monthFirst: 0, ambiguous: 1 });
    expect(dateOrderEvidence(['03/04/2012', '12/25/2024 00:00:00'])).toMatchObject({ order: 'mdy', monthFirst: 1 });
    expect(dateOrderEvidence(['25/12/2024', '12/25/2024'])).toMatchObject({ order: null, dayFirst: 1, monthFirst: 1 });
    expect(dateOrderEvidence(['03/04/2012', '05/06/2013'])).toMatchObject({ order: null, ambiguous: 2 });
    expect(dateOrderEvidence(['2024-09-03', '20240101'])).toMatchObject({ order: 'ymd', yearFirst: 2 });
    expect(dateOrderEvidence([])).toMatchObject({ order: null });
  });

  it('the order it finds reads every value of the column it came from', () => {
    fc.assert(
      fc.property(fc.array(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2049-12-31T00:00:00Z'), noInvalidDate: true }), { minLength: 1, maxLength: 30 }), fc.boolean(), (dates, dayFirst) => {
        const texts = dates.map((d) => {
          const [day, m, y] = [d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear()];
          return dayFirst ? `${day}/${m}/${y}` : `${m}/${day}/${y}`;
        });
        const { order } = dateOrderEvidence(texts);
        if (order === null) return;
        expect(order).toBe(dayFirst ? 'dmy' : 'mdy');
        for (const t of texts) expect(run(t, { kind: 'detectDate', order }).ok).toBe(true);
      }),
      RUNS,
    );
  });
});
