import type { AssessmentResult } from '../../../../src/shared/model/assessment';

/** A small assessment with hostile text in every place data can reach the report. */
export function sampleResult(): AssessmentResult {
  const evil = '<script>alert("x")</script>';
  return {
    source: `sqlite:/tmp/${evil}.db`,
    assessedAt: '2025-03-21T12:00:00.000Z',
    readiness: {
      score: 72,
      complexity: 'Medium',
      effortDays: 6.5,
      pushEstimate: '2,000 students records at 600 requests/min in batches of 500 ≈ 1 min',
      explanation: ['Score 72 = …', `PUPILS: 61 = 100 × (1 − 0.100 X ${evil})`],
      perTable: [
        { table: 'PUPILS', score: 61, rows: 2000 },
        { table: `T${evil}`, score: 100, rows: 1 },
      ],
      pushMinutes: 1,
    },
    findings: [
      {
        code: 'MOJIBAKE',
        severity: 'warning',
        table: 'PUPILS',
        column: 'FORENAME',
        count: 117,
        message: `117 rows of PUPILS.FORENAME are damaged, e.g. ${evil}`,
        examples: [
          { row: '000001', value: 'J••Ã©' },
          { row: '000002', value: ' ש•• ' },
          { row: '000003', value: evil },
        ],
        fix: { kind: 'transform', description: 'fixMojibake, "quoted", a,b', transforms: [{ kind: 'fixMojibake' }] },
      },
      { code: 'SENTINEL_DATE', severity: 'error', table: 'PUPILS', column: 'DOB', count: 23, message: '=HYPERLINK("http://evil")', examples: [], fix: null },
      { code: 'LEADING_ZERO_ID', severity: 'info', table: 'PUPILS', column: 'PUPIL_NO', count: 2000, message: 'line one\nline two', examples: [], fix: { kind: 'rule', description: 'Keep as text' } },
    ],
    duplicates: [{ table: 'PUPILS', left: '000010', right: '000410', score: 0.97, reasons: ['same family', `name ${evil}`] }],
    relationships: [{ fromTable: 'CLASS_ENROL', fromColumns: ['PUPIL_NO'], toTable: 'PUPILS', toColumns: ['PUPIL_NO'], declared: false, confidence: 0.94, orphans: 13, orphanExamples: ['000043'] }],
    profiles: [
      {
        table: 'PUPILS',
        column: 'FORENAME',
        nativeType: 'TEXT',
        semanticType: 'person-name',
        rows: 2000,
        nulls: 0,
        blanks: 0,
        whitespaceOnly: 0,
        untrimmed: 59,
        distinct: 274,
        distinctExact: true,
        topValues: [{ value: 'محمد', count: 27 }, { value: evil, count: 3 }],
        patterns: [{ value: 'Aa+', count: 1552 }],
        sentinels: [],
        mojibake: 117,
        leadingZeros: 0,
      },
    ],
    notAssessed: [{ table: 'BLOBS', column: 'PHOTO', reason: `binary ${evil}` }],
  };
}
