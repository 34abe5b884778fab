import type { Severity } from '../../../../shared/model/assessment';

/**
 * Every finding code the assessment emits, with a short title for reports. Codes are stable:
 * scripts, saved decisions and the demo manifest match on them. Where a problem is one the demo
 * generator plants, the code is the manifest's code and the count follows the same rule
 * (docs/demo-school.md, docs/assessment.md).
 */
export const FINDING_CODES = {
  DUPLICATE_PERSON: { title: 'Same person registered twice', severity: 'warning' },
  ORPHAN_REFERENCE: { title: 'Reference to a missing row', severity: 'error' },
  DUPLICATE_KEY: { title: 'Key value used by more than one row', severity: 'error' },
  NO_PRIMARY_KEY: { title: 'No key identifies a row', severity: 'warning' },
  MISSING_VALUE: { title: 'Missing values', severity: 'warning' },
  MISSING_REQUIRED: { title: 'Required target field has no value', severity: 'error' },
  SENTINEL_DATE: { title: 'Placeholder date for "unknown"', severity: 'warning' },
  SENTINEL_VALUE: { title: 'Placeholder text for "unknown"', severity: 'warning' },
  MIXED_DATE_FORMATS: { title: 'Dates written in several formats', severity: 'warning' },
  AMBIGUOUS_DATE: { title: 'Day and month could be either way round', severity: 'warning' },
  TWO_DIGIT_YEAR: { title: 'Two-digit years', severity: 'warning' },
  IMPOSSIBLE_DATE: { title: 'Dates that do not exist', severity: 'error' },
  FUTURE_DATE: { title: 'Dates in the future', severity: 'warning' },
  MOJIBAKE: { title: 'Damaged accented or non-Latin text (mojibake)', severity: 'warning' },
  UNTRIMMED_TEXT: { title: 'Leading or trailing spaces', severity: 'warning' },
  ALL_CAPS_TEXT: { title: 'Names in capitals', severity: 'info' },
  CODE_NEEDS_CROSSWALK: { title: 'Codes the target does not know', severity: 'warning' },
  PACKED_LIST: { title: 'Several values packed in one field', severity: 'warning' },
  LEADING_ZERO_ID: { title: 'Identifiers with leading zeros', severity: 'info' },
  INVALID_EMAIL: { title: 'Unusable e-mail addresses', severity: 'warning' },
  NEGATIVE_AMOUNT: { title: 'Negative amounts', severity: 'warning' },
  IMPLAUSIBLE_AGE_FOR_GRADE: { title: 'Age does not fit the grade', severity: 'warning' },
  EMPTY_COLUMN: { title: 'Column never filled', severity: 'info' },
  BACKUP_TABLE: { title: 'Backup or copy of another table', severity: 'info' },
  SPREADSHEET_DATE: { title: 'Values a spreadsheet turned into dates', severity: 'warning' },
  BLANK_NOT_IN_ENUM: { title: "'' stored in an enum that does not allow it", severity: 'warning' },
  LOOKALIKE_CHARACTERS: { title: "Roman numerals typed with L's", severity: 'warning' },
  MIXED_CODE_STYLES: { title: 'Codes written in several styles', severity: 'info' },
  CODE_STATE_MISMATCH: { title: 'Code whose state contradicts its name', severity: 'warning' },
} as const satisfies Record<string, { title: string; severity: Severity }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Titles of the codes the relationship analysis emits on its own (relationships/relationship-findings.ts). */
const OTHER_TITLES: Record<string, string> = {
  CANDIDATE_KEY: 'Columns that can serve as the key',
  MISSING_KEY: 'Rows without a key value',
};

/** The report title of a code (unknown codes fall back to the code in words). */
export function findingTitle(code: string): string {
  return (FINDING_CODES as Record<string, { title: string }>)[code]?.title ?? OTHER_TITLES[code] ?? code.replace(/_/g, ' ').toLowerCase();
}
