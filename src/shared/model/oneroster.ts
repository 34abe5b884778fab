/**
 * A OneRoster 1.2 CSV bundle as the studio checks and writes it (docs/oneroster.md). A finding
 * names the file, the line (1 is the header), the column, what is wrong and what to do.
 */

/** error: a consumer following the spec cannot use the value; warning: off the spec's letter, but a tolerant reader recovers it unambiguously. */
export type BundleSeverity = 'error' | 'warning';

/** Every category a finding can have. Add, never rename. */
export const BUNDLE_FINDING_CODES = [
  // The bundle and its manifest.
  'NO_MANIFEST',
  'MANIFEST_PROPERTY_MISSING',
  'MANIFEST_VALUE_BLANK',
  'MANIFEST_FILE_UNLISTED',
  'VERSION_UNSUPPORTED',
  'FILE_MISSING',
  'FILE_UNDECLARED',
  'FILE_NAME_CASE',
  'FILE_UNKNOWN',
  'FILE_NOT_CHECKED',
  // Headers.
  'MISSING_COLUMN',
  'MISSING_OPTIONAL_COLUMN',
  'MISSPELT_COLUMN',
  'UNNAMED_COLUMN',
  'UNKNOWN_COLUMN',
  'COLUMN_ORDER',
  'DUPLICATE_COLUMN',
  // Rows and values.
  'ROW_LENGTH',
  'MISSING_VALUE',
  'DUPLICATE_ID',
  'BAD_ENUM',
  'ENUM_CASE',
  'ENUM_RETIRED',
  'BAD_DATE',
  'DATE_NOT_ISO',
  'DATETIME_AS_DATE',
  'DATETIME_NOT_UTC',
  'BAD_YEAR',
  'BAD_NUMBER',
  'GRADE_NOT_CEDS',
  'UNRESOLVED_REFERENCE',
  'CSV_SYNTAX',
] as const;

export type BundleFindingCode = (typeof BUNDLE_FINDING_CODES)[number];

export interface BundleFinding {
  severity: BundleSeverity;
  code: BundleFindingCode;
  /** The file's name in the bundle (`users.csv`), or null for the bundle as a whole. */
  file: string | null;
  /** 1-based line in the file (1 is the header), or null when the finding is about the file. */
  line: number | null;
  /** The column's name as the spec spells it (or as the file does, when it is not the spec's), or null. */
  column: string | null;
  message: string;
  /** What to do about it. */
  fix: string;
}

export interface BundleFileSummary {
  /** The file as the spec names it (`userProfiles`). */
  file: string;
  /** The name found in the bundle (`userprofiles.csv`), or null when missing. */
  name: string | null;
  /** bulk, delta or absent (from the manifest; absent when not listed or blank). */
  mode: 'bulk' | 'delta' | 'absent';
  /** Data rows read (0 when not read). */
  rows: number;
}

/** `oneroster validate --json` and `oneRoster.validate`. */
export interface BundleReport {
  dir: string;
  /** The manifest's oneroster.version, or null when there is none. */
  version: string | null;
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  errors: number;
  warnings: number;
  /** Count per category, largest first. */
  byCode: { code: BundleFindingCode; severity: BundleSeverity; count: number }[];
  files: BundleFileSummary[];
  /** The findings, at most `limit` (every one is counted above). */
  findings: BundleFinding[];
  truncated: boolean;
}

/** `oneroster export --json` and `oneRoster.export`. */
export interface BundleExport {
  dir: string;
  files: { file: string; rows: number; bytes: number }[];
  /** The written bundle checked by the same validator. */
  validation: BundleReport;
}
