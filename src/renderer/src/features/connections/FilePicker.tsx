import { ArrowUp, File, Folder, Home, Lock } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { FolderEntry, FolderListing } from '../../../../shared/api/services';
import { Spinner } from '../../components/Spinner';
import { formatDecimal } from '../../format/numbers';
import { useConnectionsStore } from '../../stores/StudioProvider';

/**
 * The browser host's file picker: browses the studio machine's folders through the engine (names,
 * kinds and sizes only) and, when the person chooses, grants the file or folder so the engine may
 * read it. The studio's own files are shown locked and cannot be chosen. Deliberately plain: the
 * mapping studio polishes it later.
 */
export function FilePicker({ kind, start, onPicked, onCancel }: { kind: 'file' | 'folder'; start?: string; onPicked(path: string): void; onCancel(): void }) {
  const browse = useConnectionsStore((s) => s.browse);
  const grant = useConnectionsStore((s) => s.grant);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [busy, setBusy] = useState(true);
  const titleId = useId();

  const open = async (path?: string) => {
    setBusy(true);
    const next = await browse(path);
    if (next) setListing(next);
    setBusy(false);
  };

  useEffect(() => {
    void open(start);
    // Opened once per dialog; later folders are opened by the person.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = async (path: string) => {
    setBusy(true);
    const granted = await grant(path);
    setBusy(false);
    if (granted) onPicked(granted.path);
  };

  const onEntry = (entry: FolderEntry) => {
    if (entry.protected || entry.kind === 'other') return;
    if (entry.kind === 'folder') void open(entry.path);
    else if (kind === 'file') void choose(entry.path);
  };

  return (
    <div className="file-picker-backdrop">
      <div className="card file-picker" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id={titleId} className="card-title">
          {kind === 'folder' ? 'Choose a folder' : 'Choose a file'}
        </h2>
        <div className="file-picker-bar">
          <button type="button" className="btn btn-small" onClick={() => listing?.parent && void open(listing.parent)} disabled={busy || !listing?.parent} aria-label="Up one folder">
            <ArrowUp aria-hidden="true" size={14} />
          </button>
          <button type="button" className="btn btn-small" onClick={() => void open(listing?.home)} disabled={busy} aria-label="Home folder">
            <Home aria-hidden="true" size={14} />
          </button>
          <code className="mono file-picker-path" data-testid="picker-path" dir="ltr">
            {listing?.path ?? '…'}
          </code>
          {busy && <Spinner />}
        </div>
        <ul className="file-picker-list" aria-label="Folder contents">
          {listing?.entries.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                className="file-picker-entry"
                disabled={busy || entry.protected || entry.kind === 'other' || (kind === 'folder' && entry.kind === 'file')}
                onClick={() => onEntry(entry)}
                title={entry.protected ? "The studio's own file: never readable as a source" : undefined}
              >
                {entry.protected ? <Lock aria-hidden="true" size={14} /> : entry.kind === 'folder' ? <Folder aria-hidden="true" size={14} /> : <File aria-hidden="true" size={14} />}
                <span dir="auto">{entry.name}</span>
                {entry.protected ? <span className="field-help">studio file</span> : entry.size !== null ? <span className="field-help">{formatSize(entry.size)}</span> : null}
              </button>
            </li>
          ))}
          {listing && listing.entries.length === 0 && <li className="field-help">This folder is empty.</li>}
        </ul>
        {listing?.truncated && <p className="field-help">Only the first {listing.entries.length} entries are shown.</p>}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          {kind === 'folder' && (
            <button type="button" className="btn btn-primary" disabled={busy || !listing} onClick={() => listing && void choose(listing.path)}>
              Choose this folder
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatDecimal(bytes / 1024)} KB`;
  return `${formatDecimal(bytes / (1024 * 1024))} MB`;
}
