import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { BundleFileSummary, BundleFinding, BundleFindingCode, BundleReport, BundleSeverity } from '../../../shared/model/oneroster';
import { fileRule, MANIFEST_FILES, MANIFEST_MODES, MANIFEST_PROPERTIES, type ColumnRule, type FileRule } from './column-rules';
import { parseCsv, type CsvRecord } from './csv-text';
import { listItems, valueProblem } from './value-checks';

/** One file of a bundle: its name in the folder and its text. */
export interface BundleEntry {
  name: string;
  text: string;
}

const DEFAULT_LIMIT = 1000;

/** Collects findings: every one counted, the first `limit` kept. */
class Findings {
  readonly kept: BundleFinding[] = [];
  readonly counts = new Map<BundleFindingCode, { severity: BundleSeverity; count: number }>();
  errors = 0;
  warnings = 0;
  constructor(private readonly limit: number) {}
  add(severity: BundleSeverity, code: BundleFindingCode, where: { file: string | null; line?: number | null; column?: string | null }, message: string, fix: string): void {
    if (severity === 'error') this.errors++;
    else this.warnings++;
    const c = this.counts.get(code) ?? { severity, count: 0 };
    c.count++;
    this.counts.set(code, c);
    if (this.kept.length < this.limit) this.kept.push({ severity, code, file: where.file, line: where.line ?? null, column: where.column ?? null, message, fix });
  }
}

/** A reference to another file's row, resolved once every file is read. */
interface PendingRef {
  file: string;
  line: number;
  column: string;
  target: string;
  id: string;
}

/** Reads a bundle folder and checks it (docs/oneroster.md). A folder that is not there is FILE_NOT_FOUND-like SOURCE_NOT_FOUND. */
export function validateBundleDir(dir: string, options: { limit?: number } = {}): BundleReport {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new StudioError('SOURCE_NOT_FOUND', `There is no folder at ${dir}.`, 'Give the folder that holds manifest.csv and the other CSV files of the bundle (unzip a .zip first).', { where: { file: dir } });
  }
  const entries: BundleEntry[] = readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.csv') && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  return validateBundle(entries, dir, options);
}

/**
 * Checks a OneRoster 1.2 CSV bundle against the column rules (`column-rules.ts`): the manifest,
 * each declared file's header and every value, then the references between files. Errors are what
 * a reader following the spec cannot use; warnings are departures from the spec's letter that a
 * tolerant reader still recovers unambiguously (a misspelt header, an enum value in another case,
 * a date that is readable but not ISO 8601). A bundle is valid when it has no error.
 */
export function validateBundle(entries: BundleEntry[], dir: string, options: { limit?: number } = {}): BundleReport {
  const findings = new Findings(options.limit ?? DEFAULT_LIMIT);
  const byStem = new Map<string, BundleEntry>();
  for (const e of entries) byStem.set(e.name.replace(/\.csv$/i, '').toLowerCase(), e);
  const manifestEntry = byStem.get('manifest');
  const files: BundleFileSummary[] = [];
  let version: string | null = null;
  if (!manifestEntry) {
    findings.add('error', 'NO_MANIFEST', { file: null }, `${dir} has no manifest.csv, so it is not a OneRoster CSV bundle.`, 'Add manifest.csv with manifest.version 1.0, oneroster.version 1.2 and a file.<name> line for each file (bulk, delta or absent).');
  } else {
    const manifest = readManifest(manifestEntry, findings);
    version = manifest.version;
    if (version !== null && version !== MANIFEST_PROPERTIES['oneroster.version']) {
      findings.add('error', 'VERSION_UNSUPPORTED', { file: manifestEntry.name, line: manifest.versionLine, column: 'value' }, `The manifest says oneroster.version ${version}; these rules are OneRoster 1.2's.`, version.startsWith('1.1') || version.startsWith('1.0') ? 'Export the bundle as OneRoster 1.2 (1.1 differs: users.csv carries role and orgSourcedIds, roles.csv does not exist).' : 'Set oneroster.version to 1.2 if the files follow the 1.2 binding.');
    } else {
      const ids = new Map<string, Set<string>>();
      const refs: PendingRef[] = [];
      for (const file of MANIFEST_FILES) {
        const mode = manifest.modes.get(file) ?? 'absent';
        const entry = byStem.get(file.toLowerCase()) ?? null;
        const summary: BundleFileSummary = { file, name: entry?.name ?? null, mode, rows: 0 };
        files.push(summary);
        if (!entry) {
          if (mode !== 'absent') findings.add('error', 'FILE_MISSING', { file: `${file}.csv` }, `The manifest declares ${file} as ${mode}, but the bundle has no ${file}.csv.`, `Add ${file}.csv, or set file.${file} to absent in manifest.csv.`);
          continue;
        }
        if (mode === 'absent') {
          findings.add('warning', 'FILE_UNDECLARED', { file: entry.name }, `${entry.name} is in the bundle, but the manifest marks ${file} absent${manifest.blank.has(file) ? ' (its value is blank)' : ''}, so a reader ignores it; it was not checked.`, `Set file.${file} to bulk or delta in manifest.csv if the file should be read, or remove it.`);
          continue;
        }
        if (entry.name !== `${file}.csv`) findings.add('warning', 'FILE_NAME_CASE', { file: entry.name }, `${entry.name} is named ${file}.csv by the spec (file names are case-sensitive on most systems).`, `Rename it to ${file}.csv.`);
        const rule = fileRule(file);
        if (!rule) {
          findings.add('warning', 'FILE_NOT_CHECKED', { file: entry.name }, `${entry.name} is a gradebook file whose columns these rules do not cover; it was not checked.`, 'Check it with the 1EdTech conformance tools if a consumer reads it.');
          continue;
        }
        summary.rows = checkFile(entry, rule, mode as 'bulk' | 'delta', findings, ids, refs);
      }
      for (const e of entries) {
        const stem = e.name.replace(/\.csv$/i, '');
        if (stem.toLowerCase() !== 'manifest' && !MANIFEST_FILES.some((f) => f.toLowerCase() === stem.toLowerCase())) {
          findings.add('warning', 'FILE_UNKNOWN', { file: e.name }, `${e.name} is not a file of the OneRoster 1.2 CSV binding; a reader ignores it.`, 'Remove it from the bundle, or rename it to the spec file it holds.');
        }
      }
      for (const r of refs) {
        const known = ids.get(r.target);
        if (known && !known.has(r.id)) {
          findings.add('warning', 'UNRESOLVED_REFERENCE', { file: r.file, line: r.line, column: r.column }, `${r.column} names ${r.id}, which ${r.target}.csv does not hold.`, `Add the ${r.target} row ${r.id} to the bundle, or correct the reference (a reader that does not already hold ${r.id} will skip this row).`);
        }
      }
    }
  }
  const byCode = [...findings.counts.entries()].map(([code, c]) => ({ code, severity: c.severity, count: c.count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { dir, version, valid: findings.errors === 0, errors: findings.errors, warnings: findings.warnings, byCode, files, findings: findings.kept, truncated: findings.kept.length < findings.errors + findings.warnings };
}

interface Manifest {
  version: string | null;
  versionLine: number | null;
  modes: Map<string, 'bulk' | 'delta' | 'absent'>;
  /** Files listed with a blank value (read as absent). */
  blank: Set<string>;
}

function readManifest(entry: BundleEntry, findings: Findings): Manifest {
  const file = entry.name;
  const { records, unterminatedAt } = parseCsv(entry.text);
  if (unterminatedAt !== null) findings.add('error', 'CSV_SYNTAX', { file, line: unterminatedAt }, `A quoted value opened on line ${unterminatedAt} is never closed.`, 'Close the quote (a quote inside a value is written twice: "").');
  const [header, ...rows] = records;
  if (!header || header.fields[0] !== 'propertyName' || header.fields[1] !== 'value') {
    findings.add('error', 'MISSING_COLUMN', { file, line: 1 }, `${file} must start with the header propertyName,value.`, 'Make the first line of manifest.csv exactly: propertyName,value');
  }
  const props = new Map<string, { value: string; line: number }>();
  for (const r of rows) if (r.fields[0]?.trim()) props.set(r.fields[0].trim(), { value: (r.fields[1] ?? '').trim(), line: r.line });
  for (const [prop, wanted] of Object.entries(MANIFEST_PROPERTIES)) {
    const p = props.get(prop);
    if (!p) findings.add('error', 'MANIFEST_PROPERTY_MISSING', { file }, `manifest.csv has no ${prop} line.`, `Add the line ${prop},${wanted}.`);
    else if (prop === 'manifest.version' && p.value !== wanted) findings.add('error', 'BAD_ENUM', { file, line: p.line, column: 'value' }, `manifest.version is "${p.value}"; it must be ${wanted}.`, `Write manifest.version,${wanted}.`);
  }
  const version = props.get('oneroster.version');
  const modes = new Map<string, 'bulk' | 'delta' | 'absent'>();
  const blank = new Set<string>();
  // Another version's file list is not 1.2's: only the version finding is said then.
  const files = version?.value === MANIFEST_PROPERTIES['oneroster.version'] ? MANIFEST_FILES : [];
  for (const f of files) {
    const p = props.get(`file.${f}`);
    if (!p) {
      findings.add('warning', 'MANIFEST_FILE_UNLISTED', { file }, `manifest.csv has no file.${f} line; it is read as absent.`, `Add the line file.${f},absent (or bulk/delta when the file is sent).`);
      continue;
    }
    if (p.value === '') {
      blank.add(f);
      findings.add('warning', 'MANIFEST_VALUE_BLANK', { file, line: p.line, column: 'value' }, `file.${f} has no value; it is read as absent.`, `Write file.${f},absent (or bulk/delta when the file is sent).`);
      continue;
    }
    if ((MANIFEST_MODES as readonly string[]).includes(p.value)) modes.set(f, p.value as 'bulk' | 'delta' | 'absent');
    else {
      const cased = MANIFEST_MODES.find((m) => m === p.value.toLowerCase());
      if (cased) {
        modes.set(f, cased);
        findings.add('warning', 'ENUM_CASE', { file, line: p.line, column: 'value' }, `file.${f} is "${p.value}"; the spec's value is "${cased}".`, `Write file.${f},${cased}.`);
      } else findings.add('error', 'BAD_ENUM', { file, line: p.line, column: 'value' }, `file.${f} is "${p.value}", not bulk, delta or absent.`, `Write file.${f},bulk (or delta, or absent).`);
    }
  }
  return { version: version?.value || null, versionLine: version?.line ?? null, modes, blank };
}

/** Levenshtein distance, for telling a misspelt header from a foreign one. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = keep;
    }
  }
  return prev[b.length];
}

/** Which spec column each header position holds, after the header's findings. */
function mapHeader(file: string, header: CsvRecord, rule: FileRule, findings: Findings): Map<number, ColumnRule> {
  const at = new Map<number, ColumnRule>();
  const unknown: number[] = [];
  const seen = new Set<string>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      findings.add('warning', 'UNNAMED_COLUMN', { file, line: 1, column: `#${i + 1}` }, `Column ${i + 1} of ${file} has no name; its values are ignored.`, 'Remove the empty column (often a trailing comma on the header line).');
      return;
    }
    if (seen.has(name)) {
      findings.add('error', 'DUPLICATE_COLUMN', { file, line: 1, column: name }, `${file} has the column ${name} twice.`, 'Keep one of them.');
      return;
    }
    seen.add(name);
    const spec = rule.columns.find((c) => c.name === name);
    if (spec) at.set(i, spec);
    else if (!name.startsWith('metadata.')) unknown.push(i);
  });
  const found = new Set([...at.values()].map((c) => c.name));
  for (const spec of rule.columns) {
    if (found.has(spec.name)) continue;
    const near = unknown.find((i) => {
      const name = header.fields[i].trim();
      return name.toLowerCase() === spec.name.toLowerCase() || distance(name.toLowerCase(), spec.name.toLowerCase()) <= 2;
    });
    if (near !== undefined) {
      unknown.splice(unknown.indexOf(near), 1);
      at.set(near, spec);
      findings.add('warning', 'MISSPELT_COLUMN', { file, line: 1, column: header.fields[near].trim() }, `${file} has a column "${header.fields[near].trim()}" where the spec names ${spec.name}; it was read as ${spec.name}.`, `Rename the header to ${spec.name} (header names are case-sensitive).`);
    } else if (spec.required) {
      findings.add('error', 'MISSING_COLUMN', { file, line: 1, column: spec.name }, `${file} has no ${spec.name} column, which the spec requires.`, `Add the column ${spec.name} in its place in the header (after ${previousName(rule, spec)}) and fill it in each row.`);
    } else {
      findings.add('warning', 'MISSING_OPTIONAL_COLUMN', { file, line: 1, column: spec.name }, `${file} has no ${spec.name} column; the spec lists every column in the header, also optional ones.`, `Add the column ${spec.name} (it may be left empty in every row).`);
    }
  }
  for (const i of unknown) {
    const name = header.fields[i].trim();
    findings.add('warning', 'UNKNOWN_COLUMN', { file, line: 1, column: name }, `${file} has a column ${name} that OneRoster 1.2 does not define; a reader ignores it.`, `Remove it, or name it metadata.${name} (the spec's form for extension columns).`);
  }
  const order = [...at.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => rule.columns.indexOf(c));
  if (order.some((v, k) => k > 0 && v < order[k - 1])) {
    findings.add('warning', 'COLUMN_ORDER', { file, line: 1 }, `${file}'s columns are not in the spec's order.`, `Order the header as the spec does: ${rule.columns.map((c) => c.name).join(',')}.`);
  }
  return at;
}

function previousName(rule: FileRule, spec: ColumnRule): string {
  const i = rule.columns.indexOf(spec);
  return i > 0 ? rule.columns[i - 1].name : 'the start';
}

/** Checks one declared file; answers the number of data rows. */
function checkFile(entry: BundleEntry, rule: FileRule, mode: 'bulk' | 'delta', findings: Findings, ids: Map<string, Set<string>>, refs: PendingRef[]): number {
  const file = entry.name;
  const { records, unterminatedAt } = parseCsv(entry.text);
  if (unterminatedAt !== null) findings.add('error', 'CSV_SYNTAX', { file, line: unterminatedAt }, `A quoted value opened on line ${unterminatedAt} is never closed; the rest of the file is one value.`, 'Close the quote (a quote inside a value is written twice: "").');
  const [header, ...rows] = records;
  const own = new Set<string>();
  ids.set(rule.file, own);
  if (!header) {
    findings.add('error', 'MISSING_COLUMN', { file, line: 1 }, `${file} is empty: it has no header.`, `Write the header: ${rule.columns.map((c) => c.name).join(',')}.`);
    return 0;
  }
  const at = mapHeader(file, header, rule, findings);
  let count = 0;
  for (const row of rows) {
    if (row.fields.length === 1 && row.fields[0] === '') continue;
    count++;
    if (row.fields.length !== header.fields.length) {
      const missingNamed = [...at.keys()].filter((i) => i >= row.fields.length).map((i) => at.get(i)!.name);
      const extra = row.fields.slice(header.fields.length).some((v) => v !== '');
      const severity: BundleSeverity = missingNamed.length || extra ? 'error' : 'warning';
      findings.add(
        severity,
        'ROW_LENGTH',
        { file, line: row.line },
        `Line ${row.line} has ${row.fields.length} values for ${header.fields.length} columns${missingNamed.length ? `: ${missingNamed.join(', ')} ${missingNamed.length === 1 ? 'has' : 'have'} no value` : extra ? ': values past the last column would be lost' : ' (only unnamed columns are short)'}.`,
        'Give every row exactly one value per header column (empty values still need their commas).',
      );
    }
    for (const [i, spec] of at) {
      const value = (row.fields[i] ?? '').trim();
      if (value === '') {
        if (spec.required === true || (spec.required === 'delta' && mode === 'delta')) {
          findings.add('error', 'MISSING_VALUE', { file, line: row.line, column: spec.name }, `${spec.name} is empty on line ${row.line}${spec.required === 'delta' ? ' of a delta file' : ''}, and the spec requires it.`, spec.required === 'delta' ? `Fill ${spec.name} in every row of a delta file (or declare the file bulk in manifest.csv).` : `Fill ${spec.name}.`);
        }
        continue;
      }
      if (spec.format === 'id') {
        if (own.has(value)) findings.add('error', 'DUPLICATE_ID', { file, line: row.line, column: spec.name }, `sourcedId ${value} appears more than once in ${file}.`, 'Give every row its own sourcedId (a reader keeps only one of them).');
        own.add(value);
        continue;
      }
      if (spec.format.startsWith('ref:') || spec.format.startsWith('refs:')) {
        const target = spec.format.slice(spec.format.indexOf(':') + 1);
        const list = spec.format.startsWith('refs:') ? listItems(value).filter(Boolean) : [value];
        for (const id of list) refs.push({ file, line: row.line, column: spec.name, target, id });
        continue;
      }
      const problem = valueProblem(spec, value);
      if (problem) findings.add(problem.severity, problem.code, { file, line: row.line, column: spec.name }, `Line ${row.line}: ${problem.message}`, problem.fix);
    }
  }
  return count;
}
