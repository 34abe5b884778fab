import { useId } from 'react';
import type { FileReadOptions } from '../../../../shared/api/services';
import type { ConnectionKind } from '../../../../shared/model/connection';

/** What the form keeps while the options are typed (all text; turned into options on submit). */
export interface FileReadDraft {
  encoding: string;
  delimiter: string;
  quote: string;
  headerRow: string;
  recordPath: string;
}

export const EMPTY_READ_DRAFT: FileReadDraft = { encoding: '', delimiter: '', quote: '', headerRow: '', recordPath: '' };

/** The kinds whose reading can be steered here: CSV's dialect, a record path for XML and JSON. */
export function hasReadOptions(kind: ConnectionKind | null): boolean {
  return kind === 'csv' || kind === 'xml' || kind === 'json';
}

/** The options a draft stands for (empty boxes mean "detect"); the engine checks them. */
export function readOptionsOf(kind: ConnectionKind, draft: FileReadDraft): FileReadOptions | undefined {
  const options: FileReadOptions = {};
  if (kind === 'csv') {
    if (draft.encoding.trim()) options.encoding = draft.encoding.trim();
    if (draft.delimiter !== '') options.delimiter = draft.delimiter === '\\t' ? 'tab' : draft.delimiter;
    if (draft.quote !== '') options.quote = draft.quote;
    const row = Number(draft.headerRow);
    if (draft.headerRow.trim() !== '' && Number.isInteger(row) && row > 0) options.headerRow = row;
  } else if (draft.recordPath.trim()) options.recordPath = draft.recordPath.trim();
  return Object.keys(options).length ? options : undefined;
}

/**
 * Reading options of a file source (issue 16): a CSV's encoding, delimiter, quote and header row;
 * an XML or JSON file's record path. Left empty, each is detected, as before.
 */
export function FileReadFields({ kind, draft, onChange }: { kind: ConnectionKind; draft: FileReadDraft; onChange: (change: Partial<FileReadDraft>) => void }) {
  const ids = { encoding: useId(), delimiter: useId(), quote: useId(), headerRow: useId(), recordPath: useId() };
  if (kind !== 'csv') {
    return (
      <fieldset className="form-section" data-testid="read-options">
        <legend>Reading options</legend>
        <label htmlFor={ids.recordPath}>Record path (optional)</label>
        <input id={ids.recordPath} className="input mono" value={draft.recordPath} onChange={(e) => onChange({ recordPath: e.target.value })} placeholder={kind === 'xml' ? '/Schedule/Sections/Section' : '$.data.students'} spellCheck={false} autoComplete="off" dir="ltr" />
        <p className="field-help">Leave it empty to find the records; a file holding several kinds of record shows each kind as its own stream.</p>
      </fieldset>
    );
  }
  return (
    <fieldset className="form-section" data-testid="read-options">
      <legend>Reading options (leave empty to detect)</legend>
      <label htmlFor={ids.encoding}>Encoding</label>
      <input id={ids.encoding} className="input mono" value={draft.encoding} onChange={(e) => onChange({ encoding: e.target.value })} placeholder="utf-8, windows-1252…" list={`${ids.encoding}-list`} spellCheck={false} autoComplete="off" dir="ltr" />
      <datalist id={`${ids.encoding}-list`}>
        {['utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-2', 'utf-16le', 'gbk', 'big5', 'shift_jis'].map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <label htmlFor={ids.delimiter}>Delimiter</label>
      <select id={ids.delimiter} className="input" value={draft.delimiter} onChange={(e) => onChange({ delimiter: e.target.value })}>
        <option value="">Detect</option>
        <option value=",">Comma ,</option>
        <option value=";">Semicolon ;</option>
        <option value="\t">Tab</option>
        <option value="|">Pipe |</option>
      </select>
      <label htmlFor={ids.quote}>Quote character</label>
      <input id={ids.quote} className="input mono" value={draft.quote} maxLength={1} onChange={(e) => onChange({ quote: e.target.value })} placeholder={'"'} dir="ltr" />
      <label htmlFor={ids.headerRow}>Row holding the column names</label>
      <input id={ids.headerRow} className="input" type="number" min={1} value={draft.headerRow} onChange={(e) => onChange({ headerRow: e.target.value })} placeholder="1" />
      <p className="field-help">Rows above it (a title, a blank line) are skipped.</p>
    </fieldset>
  );
}
