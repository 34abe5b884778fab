import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { AUDIT_GENESIS_HASH, verifyAuditChain, type AuditEntry, type AuditVerifyOptions, type AuditVerifyResult } from './audit-chain';

export type AuditExportFormat = 'csv' | 'json';

export interface AuditExportResult {
  file: string;
  format: AuditExportFormat;
  entries: number;
  /** The chain check made while writing: an export of a broken trail says so. */
  verify: AuditVerifyResult;
}

export const AUDIT_EXPORT_FORMAT = 'academia-studio-audit';

const CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'object', 'summary', 'prev_hash', 'hash', 'mac', 'mac_key'] as const;

/**
 * Streams the entries to a file beside `file`, then renames it into place: a failed export never
 * leaves half a file under the chosen name. Entries are written as stored (summaries were masked
 * when they were appended), so the JSON export re-verifies byte for byte, and with the audit key
 * its MACs too (the JSON carries the project id they are bound to). The checkpoint compared, if
 * any, is part of `verify`.
 */
export function writeAuditExport(format: AuditExportFormat, file: string, entries: Iterable<AuditEntry>, head: { seq: number; hash: string } | null, options: AuditVerifyOptions = {}): AuditExportResult {
  if (format !== 'csv' && format !== 'json') {
    throw new StudioError('BAD_REQUEST', `"${String(format)}" is not an audit export format.`, 'Choose csv or json.');
  }
  const target = resolve(file);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o600);
  } catch (err) {
    throw exportFailed(target, err);
  }
  let verify: AuditVerifyResult;
  try {
    const out = (text: string) => writeSync(fd, text);
    const tee = function* (onEntry: (e: AuditEntry, first: boolean) => void): Generator<AuditEntry> {
      let first = true;
      for (const e of entries) {
        onEntry(e, first);
        first = false;
        yield e;
      }
    };
    if (format === 'csv') {
      // The BOM makes spreadsheet programs read the file as UTF-8.
      out(`\ufeff${CSV_COLUMNS.join(',')}\r\n`);
      verify = verifyAuditChain(tee((e) => out(`${[e.seq, e.at, e.actor, e.action, e.object, e.summary, e.prevHash, e.hash, e.mac ?? '', e.macKey ?? ''].map(csvCell).join(',')}\r\n`)), head, options);
    } else {
      out(
        `{"format":${JSON.stringify(AUDIT_EXPORT_FORMAT)},"version":1,"exportedAt":${JSON.stringify(new Date().toISOString())},"hashAlgorithm":"sha256","genesisHash":"${AUDIT_GENESIS_HASH}","macAlgorithm":"hmac-sha256","projectId":${JSON.stringify(options.projectId ?? null)},"entries":[`,
      );
      verify = verifyAuditChain(tee((e, first) => out(`${first ? '' : ','}\n${JSON.stringify(e)}`)), head, options);
      out(`\n],"head":${JSON.stringify(head)},"verify":${JSON.stringify(verify)}}\n`);
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was left behind
    }
    throw err instanceof StudioError ? err : exportFailed(target, err);
  }
  return { file: target, format, entries: verify.entries, verify };
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @ or a control
 * character) gets a leading apostrophe; the JSON export keeps every value exact.
 */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function exportFailed(file: string, err: unknown): StudioError {
  return new StudioError('AUDIT_EXPORT_FAILED', `The audit trail could not be written to ${file}.`, 'Check that the folder exists and that you may write to it, or choose another file.', { where: { file }, cause: err });
}
