import { FolderOpen, Plus } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { CONNECTION_KINDS, type ConnectionKind } from '../../../../shared/model/connection';
import { Spinner } from '../../components/Spinner';
import { useConnectionsStore, useToastStore } from '../../stores/StudioProvider';
import {
  buildDatabaseLocation,
  buildFileLocation,
  DATABASE_KINDS,
  DEFAULT_PORTS,
  emptyDatabaseFields,
  FILE_KINDS,
  isDatabaseKind,
  missingDatabaseFields,
  PATH_PLACEHOLDERS,
  portProblem,
  previewDatabaseLocation,
  type DatabaseFields,
} from './connection-form-model';
import { DatabaseFieldset } from './DatabaseFieldset';
import { FilePicker } from './FilePicker';
import { KIND_LABELS } from './kind-labels';

type Mode = 'fields' | 'string';

/**
 * Adds a source. By default a form that fits the chosen kind (server fields for databases, a path
 * for files); experts can type a connection string instead. Passwords are read from their box on
 * submit, sent inside the location (or to the vault for an Access file), and cleared: they are
 * never kept in a store or in React state.
 */
export function ConnectionForm() {
  const add = useConnectionsStore((s) => s.add);
  const setSecret = useConnectionsStore((s) => s.setSecret);
  const adding = useConnectionsStore((s) => s.adding);
  const showError = useToastStore((s) => s.showError);
  const [mode, setMode] = useState<Mode>('fields');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ConnectionKind | ''>('');
  const [fields, setFields] = useState<DatabaseFields>(() => emptyDatabaseFields('mysql'));
  const [path, setPath] = useState('');
  const [location, setLocation] = useState('');
  const [stringKind, setStringKind] = useState<ConnectionKind | ''>('');
  const [hasPassword, setHasPassword] = useState(false);
  const [picking, setPicking] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { name: useId(), kind: useId(), path: useId(), filePassword: useId(), location: useId(), stringKind: useId(), help: useId(), title: useId() };

  const database = kind !== '' && isDatabaseKind(kind) ? kind : null;
  const fileKind = kind !== '' && !isDatabaseKind(kind) ? kind : null;
  const missing = database ? missingDatabaseFields(database, fields) : [];
  const ready =
    mode === 'string'
      ? location.trim() !== ''
      : database
        ? missing.length === 0 && portProblem(fields.port) === null
        : fileKind !== null && path.trim() !== '';
  const canSubmit = name.trim() !== '' && ready && !adding;

  const chooseKind = (next: ConnectionKind | '') => {
    if (next !== '' && isDatabaseKind(next)) {
      // Host, database and user carry over between servers; the port follows the kind unless it was changed.
      const defaults = Object.values(DEFAULT_PORTS).map(String);
      setFields((f) => ({ ...emptyDatabaseFields(next), host: f.host, database: f.database, user: f.user, port: f.port === '' || defaults.includes(f.port) ? String(DEFAULT_PORTS[next]) : f.port }));
    }
    setKind(next);
  };

  // The studio reads only what a person picked: the desktop app's own dialog (main grants the
  // choice), or in the browser the engine-side picker below.
  const browseForPath = async () => {
    const pickKind = fileKind === 'folder' ? 'folder' : 'file';
    const native = typeof window === 'undefined' ? undefined : window.studioBridge?.pickPath;
    if (!native) {
      setPicking(true);
      return;
    }
    const result = await native({ kind: pickKind });
    if ('path' in result) setPath(result.path);
    else if ('error' in result) showError(result.error, 'Choosing the file');
  };

  const clearPassword = () => {
    if (passwordRef.current) passwordRef.current.value = '';
    setHasPassword(false);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    const trimmedName = name.trim();
    if (mode === 'string') {
      const added = await add({ name: trimmedName, location: location.trim(), ...(stringKind ? { kind: stringKind } : {}) });
      if (added) {
        setName('');
        setLocation('');
        setStringKind('');
      }
      return;
    }
    const password = passwordRef.current?.value ?? '';
    if (database) {
      const added = await add({ name: trimmedName, kind: database, location: buildDatabaseLocation(database, fields, password) });
      if (added) {
        clearPassword();
        setName('');
        setFields(emptyDatabaseFields(database));
      }
    } else if (fileKind) {
      const added = await add({ name: trimmedName, kind: fileKind, location: buildFileLocation(fileKind, path) });
      if (!added) return;
      // An Access file's password is not part of a path: it goes to the vault on its own.
      if (fileKind === 'access' && password) await setSecret(added.id, password);
      clearPassword();
      setName('');
      setPath('');
    }
  };

  return (
    <form className="card form connection-form" onSubmit={onSubmit} aria-labelledby={ids.title}>
      <h2 id={ids.title} className="card-title">
        Add a source
      </h2>
      <div className="segmented form-mode" role="radiogroup" aria-label="How to describe the source">
        <button type="button" role="radio" aria-checked={mode === 'fields'} className="segmented-item" onClick={() => setMode('fields')}>
          Fill in the fields
        </button>
        <button type="button" role="radio" aria-checked={mode === 'string'} className="segmented-item" onClick={() => setMode('string')}>
          Connection string
        </button>
      </div>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Old school MIS" dir="auto" required />
      {mode === 'fields' ? (
        <>
          <label htmlFor={ids.kind}>Kind</label>
          <select id={ids.kind} className="input" value={kind} onChange={(e) => chooseKind(e.target.value as ConnectionKind | '')} data-testid="connection-kind">
            <option value="" disabled>
              Choose the kind of source…
            </option>
            <optgroup label="Database servers">
              {DATABASE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </optgroup>
            <optgroup label="Files and folders">
              {FILE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </optgroup>
          </select>
          {database && (
            <DatabaseFieldset
              kind={database}
              fields={fields}
              onChange={(change) => setFields((f) => ({ ...f, ...change }))}
              passwordRef={passwordRef}
              onPasswordTyped={setHasPassword}
            />
          )}
          {fileKind && (
            <div className="form-section" data-testid="file-fields">
              <label htmlFor={ids.path}>{fileKind === 'folder' ? 'Folder' : 'File'} path</label>
              <div className="path-row">
                <input
                  id={ids.path}
                  className="input mono"
                  value={path}
                  onChange={(e) => setPath(e.target.value)}
                  placeholder={PATH_PLACEHOLDERS[fileKind]}
                  spellCheck={false}
                  autoComplete="off"
                  dir="ltr"
                />
                <button type="button" className="btn" onClick={() => void browseForPath()}>
                  <FolderOpen aria-hidden="true" size={16} />
                  Browse…
                </button>
              </div>
              <p className="field-help">
                The path as the studio engine sees it (on this computer, or on the server running the engine). Pick it with Browse…: the studio reads only files and
                folders a person chose.
              </p>
              {picking && (
                <FilePicker
                  kind={fileKind === 'folder' ? 'folder' : 'file'}
                  onPicked={(chosen) => {
                    setPath(chosen);
                    setPicking(false);
                  }}
                  onCancel={() => setPicking(false)}
                />
              )}
              {fileKind === 'access' && (
                <>
                  <label htmlFor={ids.filePassword}>Database password (if the file has one)</label>
                  <input
                    id={ids.filePassword}
                    ref={passwordRef}
                    className="input mono"
                    type="password"
                    autoComplete="off"
                    spellCheck={false}
                    dir="ltr"
                    onChange={(e) => setHasPassword(e.currentTarget.value !== '')}
                  />
                </>
              )}
            </div>
          )}
          {database && missing.length > 0 && <p className="field-help">Still needed: {missing.join(', ')}.</p>}
          {(database || (fileKind && path.trim())) && (
            <p className="location-preview field-help">
              Connection string:{' '}
              <code data-testid="location-preview" dir="ltr">
                {database ? previewDatabaseLocation(database, fields, hasPassword) : buildFileLocation(fileKind!, path)}
              </code>
            </p>
          )}
        </>
      ) : (
        <>
          <label htmlFor={ids.location}>Connection string or path</label>
          <input
            id={ids.location}
            className="input mono"
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            placeholder="mysql://user:password@host:3306/school"
            aria-describedby={ids.help}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
            required
          />
          <p id={ids.help} className="field-help">
            A database URL (mysql://, postgres://, mssql://…?instance=…&amp;encrypt=…, sqlite:) or a file or folder path (.csv, .xlsx, .mdb, .dbf, .json,
            .xml, .zip). A password in it is kept in the project's encrypted vault, never in plain text.
          </p>
          <label htmlFor={ids.stringKind}>Kind</label>
          <select id={ids.stringKind} className="input" value={stringKind} onChange={(e) => setStringKind(e.target.value as ConnectionKind | '')}>
            <option value="">Detect automatically</option>
            {CONNECTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!canSubmit} aria-busy={adding}>
          {adding ? <Spinner /> : <Plus aria-hidden="true" size={16} />}
          Add source
        </button>
      </div>
    </form>
  );
}
