import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { CONNECTION_KINDS, type ConnectionKind } from '../../../../shared/model/connection';
import { Spinner } from '../../components/Spinner';
import { useConnectionsStore } from '../../stores/StudioProvider';
import { KIND_LABELS } from './kind-labels';


/** Adds a source from a connection string or a path; the kind is detected unless chosen. */
export function ConnectionForm() {
  const add = useConnectionsStore((s) => s.add);
  const adding = useConnectionsStore((s) => s.adding);
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [kind, setKind] = useState<ConnectionKind | ''>('');
  const ids = { name: useId(), location: useId(), kind: useId(), help: useId(), title: useId() };

  const canSubmit = name.trim() !== '' && location.trim() !== '' && !adding;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    const request = { name: name.trim(), location: location.trim(), ...(kind ? { kind } : {}) };
    if (await add(request)) {
      setName('');
      setLocation('');
      setKind('');
    }
  };

  return (
    <form className="card form" onSubmit={onSubmit} aria-labelledby={ids.title}>
      <h2 id={ids.title} className="card-title">
        Add a source
      </h2>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Old school MIS" dir="auto" required />
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
        A database URL (mysql://, postgres://, mssql://, sqlite:) or a file or folder path (.csv, .xlsx, .mdb, .dbf, .json, .xml, .zip). A password in it
        is kept in the project's encrypted vault, never in plain text; you can also enter or replace it later on the connection.
      </p>
      <label htmlFor={ids.kind}>Kind</label>
      <select id={ids.kind} className="input" value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind | '')}>
        <option value="">Detect automatically</option>
        {CONNECTION_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!canSubmit} aria-busy={adding}>
          {adding ? <Spinner /> : <Plus aria-hidden="true" size={16} />}
          Add source
        </button>
      </div>
    </form>
  );
}
