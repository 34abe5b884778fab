import type { ColumnInfo, ForeignKeyInfo, OneRosterFileInfo } from '../../../../../shared/model/connection';
import type { Row } from '../../connector';
import { oneRosterColumn, oneRosterFileName } from './oneroster-spec';

/** What a bundle's manifest.csv says. */
export interface OneRosterManifest {
  version: string;
  /** `file.<name>` → bulk / delta / absent, keyed by the spec's file name. */
  modes: Map<string, string>;
}

/** Reads manifest.csv rows (`propertyName`, `value`); null when it is not a OneRoster manifest. */
export function readManifest(rows: Row[]): OneRosterManifest | null {
  const props = new Map<string, string>();
  for (const row of rows) {
    const name = row.propertyName;
    if (typeof name === 'string') props.set(name.trim(), typeof row.value === 'string' ? row.value.trim() : '');
  }
  const version = props.get('oneroster.version');
  if (!version) return null;
  const modes = new Map<string, string>();
  for (const [key, value] of props) {
    if (!key.startsWith('file.')) continue;
    const file = oneRosterFileName(key.slice(5));
    if (file && value) modes.set(file, value);
  }
  return { version, modes };
}

/** The OneRoster identity of a file of a bundle, from its name. */
export function oneRosterInfo(stem: string, manifest: OneRosterManifest): OneRosterFileInfo {
  const file = oneRosterFileName(stem);
  const info: OneRosterFileInfo = { version: manifest.version, file };
  const mode = file ? manifest.modes.get(file) : undefined;
  if (mode) info.mode = mode;
  return info;
}

/**
 * Types the columns the spec names (others keep the types guessed from the data) and declares the
 * spec's single-GUID references as foreign keys to the bundle's other files. `sourcedId` is
 * marked not nullable; it is not offered as a primary key because a file is read in its own order,
 * not sorted by key.
 */
export function applyOneRosterSpec(info: OneRosterFileInfo, columns: ColumnInfo[], streamOfFile: (file: string) => string | null): { columns: ColumnInfo[]; foreignKeys: ForeignKeyInfo[] } {
  if (!info.file) return { columns, foreignKeys: [] };
  const file = info.file;
  const foreignKeys: ForeignKeyInfo[] = [];
  const typed = columns.map((column) => {
    const spec = oneRosterColumn(file, column.name, info.version);
    if (!spec) return column;
    if (spec.ref) {
      const refStream = streamOfFile(spec.ref);
      if (refStream && !(spec.ref === file && column.name === 'sourcedId')) foreignKeys.push({ columns: [column.name], refStream, refColumns: ['sourcedId'], declared: true });
    }
    return { ...column, type: spec.type, nativeType: spec.nativeType, nullable: !spec.required };
  });
  return { columns: typed, foreignKeys };
}
