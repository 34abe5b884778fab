import type { AssessmentResult, AssessmentSummary } from '../../../src/shared/model/assessment';
import type { DuplicatePair } from '../../../src/shared/model/duplicate-pair';

/**
 * A canned assessment of a small legacy school, shaped like the engine's: findings of each
 * severity with masked examples and fixes, per-table readiness, an inferred relationship with
 * orphans, and duplicate pairs in clusters (one across tables).
 */
export function demoAssessmentResult(): AssessmentResult {
  return {
    source: 'Legacy SIS (demo) (sqlite:/tmp/legacy.db)',
    assessedAt: '2025-01-10T10:05:00.000Z',
    readiness: {
      score: 64,
      complexity: 'Medium',
      effortDays: 6,
      pushEstimate: '2,013 students, 3,870 guardians at 600 requests/min in batches of 500 ≈ 1 min',
      explanation: [
        'Start at 100.',
        '−18: 2 error findings (ORPHAN_REFERENCE, IMPOSSIBLE_DATE) weighted by the share of rows they touch.',
        '−11: 5 warning findings.',
        '−5: 0.3 % of PUPILS rows are likely duplicates.',
        '−2: 7 of 2,013 pupils reference a form that does not exist.',
      ],
      perTable: [
        { table: 'PUPILS', score: 48, rows: 2013 },
        { table: 'CONTACTS', score: 71, rows: 3870 },
        { table: 'FORMS', score: 100, rows: 14 },
        { table: 'FEES', score: 86, rows: 5120 },
      ],
    },
    findings: [
      {
        code: 'ORPHAN_REFERENCE',
        severity: 'error',
        table: 'PUPILS',
        column: 'FORM_ID',
        count: 7,
        message: '7 pupils reference a form that does not exist in FORMS.',
        examples: [
          { row: 'P0012', value: 'F99' },
          { row: 'P0588', value: 'F12X' },
        ],
        fix: { kind: 'rule', description: 'Exclude these pupils from the first run, or map them to an "Unassigned" class.' },
      },
      {
        code: 'IMPOSSIBLE_DATE',
        severity: 'error',
        table: 'PUPILS',
        column: 'DOB',
        count: 3,
        message: '3 birth dates do not exist (31 February, 30 February).',
        examples: [
          { row: 'P0102', value: '3•/0•/2011' },
          { row: 'P1203', value: '3•/0•/2012' },
        ],
        fix: { kind: 'review', description: 'Ask the school office for the right dates; until then the rows are quarantined.' },
      },
      {
        code: 'SENTINEL_DATE',
        severity: 'warning',
        table: 'PUPILS',
        column: 'DOB',
        count: 12,
        message: '12 rows use 1900-01-01 for an unknown birth date.',
        examples: [{ row: 'P0040', value: '1900-01-01' }],
        fix: { kind: 'transform', description: 'Treat 1900-01-01 as empty (null-if transform).' },
      },
      {
        code: 'MOJIBAKE',
        severity: 'warning',
        table: 'PUPILS',
        column: 'SURNAME',
        count: 9,
        message: '9 surnames carry damaged characters (UTF-8 read as Windows-1252).',
        examples: [
          { row: 'P0044', value: 'MÃ¼•••' },
          { row: 'P0391', value: 'Ã–••••' },
        ],
        fix: { kind: 'transform', description: 'Repair the text encoding (fix-mojibake transform).' },
      },
      {
        code: 'UNTRIMMED_TEXT',
        severity: 'warning',
        table: 'CONTACTS',
        column: 'EMAIL',
        count: 41,
        message: '41 e-mail addresses start or end with spaces.',
        examples: [{ row: 'C0007', value: ' j•••@example.org' }],
        fix: { kind: 'transform', description: 'Trim spaces.' },
      },
      {
        code: 'DUPLICATE_PERSON',
        severity: 'warning',
        table: 'PUPILS',
        column: null,
        count: 3,
        message: '3 pairs of pupil records look like the same child.',
        examples: [{ left: 'P0007', right: 'P0193' }],
        fix: { kind: 'crosswalk', description: 'Review the pairs in the review queue; confirmed pairs become one student.' },
      },
      {
        code: 'LEADING_ZERO_ID',
        severity: 'info',
        table: 'PUPILS',
        column: 'UPN',
        count: 2013,
        message: 'Identifiers keep leading zeros; they are read as text.',
        examples: [],
        fix: null,
      },
      {
        code: 'EMPTY_COLUMN',
        severity: 'info',
        table: 'FEES',
        column: 'NOTES',
        count: 5120,
        message: 'NOTES is never filled.',
        examples: [],
        fix: { kind: 'exclusion', description: 'Leave the column out of the mapping.' },
      },
    ],
    duplicates: [
      { table: 'PUPILS', left: 'P0007', right: 'P0193', score: 0.96, reasons: ['same birth date', 'surname Jaro–Winkler 0.97', 'first name is a nickname (Kate / Katherine)'], cluster: 'PUPILS:P0007' },
      { table: 'PUPILS', left: 'P0193', right: 'P0401', score: 0.88, reasons: ['same birth date', 'same phonetic key'], cluster: 'PUPILS:P0007' },
      { table: 'PUPILS', left: 'P0020', right: 'P0311', score: 0.91, reasons: ['same birth date', 'forename and surname swapped'], cluster: 'PUPILS:P0020' },
      {
        table: 'STAFF',
        left: 'S004',
        right: 'C0091',
        leftTable: 'STAFF',
        rightTable: 'CONTACTS',
        score: 0.83,
        reasons: ['same e-mail', 'surname Levenshtein 1'],
        cluster: 'CONTACTS:C0091',
      },
    ],
    relationships: [
      {
        fromTable: 'PUPILS',
        fromColumns: ['FORM_ID'],
        toTable: 'FORMS',
        toColumns: ['FORM_ID'],
        declared: false,
        confidence: 0.97,
        orphans: 7,
        orphanExamples: ['F99', 'F12X'],
        referencingRows: 2013,
        containment: 0.9965,
        orphansExact: true,
        reasons: ['column names match', '99.7 % of values found in FORMS.FORM_ID'],
      },
      { fromTable: 'CONTACTS', fromColumns: ['PUPIL_ID'], toTable: 'PUPILS', toColumns: ['PUPIL_ID'], declared: true, confidence: 1, orphans: 0, orphanExamples: [] },
    ],
    profiles: [],
    notAssessed: [{ table: 'ARCHIVE_2009', column: null, reason: 'The table could not be read: the file is damaged at page 12.' }],
  };
}

/** The summary the engine lists for a completed assessment. */
export function completedSummary(assessmentId: string, partial: Partial<AssessmentSummary> = {}): AssessmentSummary {
  return {
    assessmentId,
    connectionId: 'c1',
    connectionName: 'Legacy SIS (demo)',
    status: 'Completed',
    startedAt: '2025-01-10T10:04:00.000Z',
    endedAt: '2025-01-10T10:05:00.000Z',
    score: 64,
    complexity: 'Medium',
    findings: { error: 2, warning: 4, info: 2 },
    ...partial,
  };
}

/**
 * The source records behind the demo result's pairs, unmasked, by `TABLE/left/right` (smaller
 * key first): `assessment.pair` in the fake masks their personal values unless revealed.
 */
export function demoDuplicatePairs(): Record<string, DuplicatePair> {
  const column = (name: string, personal: boolean, differs: boolean) => ({ name, personal, differs });
  return {
    'PUPILS/P0007/P0193': {
      table: 'PUPILS',
      left: {
        table: 'PUPILS',
        key: 'P0007',
        found: true,
        values: { PUPIL_ID: 'P0007', FORENAME: 'Kate', SURNAME: 'Morgan', DOB: '2012-03-04', FORM: '7B', PHONE: '', EMAIL: null, UPDATED: '2024-09-01' },
        facts: { filled: 6, updated: '2024-09-01' },
      },
      right: {
        table: 'PUPILS',
        key: 'P0193',
        found: true,
        values: { PUPIL_ID: 'P0193', FORENAME: 'Katherine', SURNAME: 'Morgan', DOB: '2012-03-04', FORM: '', PHONE: '07700 900123', EMAIL: 'k.morgan@example.org', UPDATED: '2025-01-05' },
        facts: { filled: 7, updated: '2025-01-05' },
      },
      columns: [
        column('PUPIL_ID', false, true),
        column('FORENAME', true, true),
        column('SURNAME', true, false),
        column('DOB', true, false),
        column('FORM', false, true),
        column('PHONE', true, true),
        column('EMAIL', true, true),
        column('UPDATED', false, true),
      ],
      revealed: true,
      merge: 'applies',
    },
    'STAFF/C0091/S004': {
      table: 'STAFF',
      left: { table: 'CONTACTS', key: 'C0091', found: true, values: { CONTACT_ID: 'C0091', NAME: 'Jo Baker', EMAIL: 'jo.baker@example.org' }, facts: { filled: 3 } },
      right: { table: 'STAFF', key: 'S004', found: true, values: { STAFF_ID: 'S004', NAME: 'Jo Bakker', EMAIL: 'jo.baker@example.org' }, facts: { filled: 3 } },
      columns: [column('CONTACT_ID', false, true), column('NAME', true, true), column('EMAIL', true, false), column('STAFF_ID', false, true)],
      revealed: true,
      merge: 'cross-table',
    },
  };
}
