import { ShieldAlert } from 'lucide-react';
import { useId, type RefObject } from 'react';
import { DEFAULT_PORTS, lessSafeChoices, MYSQL_SSL_MODES, portProblem, POSTGRES_SSL_MODES, type DatabaseFields, type DatabaseKind } from './connection-form-model';

/**
 * The fields of a database server connection: host, port, database, user, password, and the
 * kind's own encryption options, with a warning whenever a choice makes the link less safe.
 * The password box is uncontrolled: its text is read once, on submit, and never kept in state.
 */
export function DatabaseFieldset(props: {
  kind: DatabaseKind;
  fields: DatabaseFields;
  onChange: (change: Partial<DatabaseFields>) => void;
  passwordRef: RefObject<HTMLInputElement | null>;
  onPasswordTyped: (hasText: boolean) => void;
}) {
  const { kind, fields, onChange, passwordRef, onPasswordTyped } = props;
  const ids = {
    host: useId(),
    port: useId(),
    portError: useId(),
    database: useId(),
    user: useId(),
    password: useId(),
    passwordHelp: useId(),
    ssl: useId(),
    instance: useId(),
    instanceHelp: useId(),
    auth: useId(),
    domain: useId(),
  };
  const portError = portProblem(fields.port);
  const named = kind === 'mssql' && (fields.instance.trim() !== '' || fields.host.includes('\\'));
  const warnings = lessSafeChoices(kind, fields);
  const sslModes = kind === 'postgres' ? POSTGRES_SSL_MODES : kind === 'mysql' ? MYSQL_SSL_MODES : null;

  return (
    <div className="form-section" data-testid="database-fields">
      <div className="field-row">
        <div className="field-grow">
          <label htmlFor={ids.host}>Server</label>
          <input
            id={ids.host}
            className="input mono"
            value={fields.host}
            onChange={(e) => onChange({ host: e.target.value })}
            placeholder={kind === 'mssql' ? 'sis-server or sis-server\\SQLEXPRESS' : 'db.school.local'}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
          />
        </div>
        <div className="field-port">
          <label htmlFor={ids.port}>Port</label>
          <input
            id={ids.port}
            className="input mono"
            inputMode="numeric"
            value={named ? '' : fields.port}
            placeholder={named ? 'auto' : String(DEFAULT_PORTS[kind])}
            disabled={named}
            onChange={(e) => onChange({ port: e.target.value })}
            aria-invalid={portError !== null}
            aria-describedby={portError ? ids.portError : undefined}
            dir="ltr"
          />
        </div>
      </div>
      {portError && (
        <p id={ids.portError} className="field-error">
          {portError}
        </p>
      )}
      {kind === 'mssql' && (
        <>
          <label htmlFor={ids.instance}>Named instance (optional)</label>
          <input
            id={ids.instance}
            className="input mono"
            value={fields.instance}
            onChange={(e) => onChange({ instance: e.target.value })}
            placeholder="SQLEXPRESS"
            aria-describedby={ids.instanceHelp}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
          />
          <p id={ids.instanceHelp} className="field-help">
            With a named instance the port is found through SQL Server Browser (UDP 1434).
          </p>
        </>
      )}
      <label htmlFor={ids.database}>Database</label>
      <input
        id={ids.database}
        className="input mono"
        value={fields.database}
        onChange={(e) => onChange({ database: e.target.value })}
        placeholder="school"
        spellCheck={false}
        autoComplete="off"
        dir="ltr"
      />
      {kind === 'mssql' && (
        <>
          <label htmlFor={ids.auth}>Sign in with</label>
          <select id={ids.auth} className="input" value={fields.authentication} onChange={(e) => onChange({ authentication: e.target.value as DatabaseFields['authentication'] })}>
            <option value="sql">A SQL Server login</option>
            <option value="ntlm">A Windows account (domain)</option>
          </select>
          {fields.authentication === 'ntlm' && (
            <>
              <label htmlFor={ids.domain}>Windows domain</label>
              <input id={ids.domain} className="input mono" value={fields.domain} onChange={(e) => onChange({ domain: e.target.value })} placeholder="SCHOOL" dir="ltr" />
            </>
          )}
        </>
      )}
      <div className="field-row">
        <div className="field-grow">
          <label htmlFor={ids.user}>User</label>
          <input
            id={ids.user}
            className="input mono"
            value={fields.user}
            onChange={(e) => onChange({ user: e.target.value })}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
          />
        </div>
        <div className="field-grow">
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            ref={passwordRef}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            dir="ltr"
            aria-describedby={ids.passwordHelp}
            onChange={(e) => onPasswordTyped(e.currentTarget.value !== '')}
          />
        </div>
      </div>
      <p id={ids.passwordHelp} className="field-help">
        The password goes to the project's encrypted vault; it is never shown again.
      </p>
      <fieldset className="plain-fieldset form-subsection">
        <legend className="field-label">Encryption</legend>
        {sslModes && (
          <>
            <label htmlFor={ids.ssl} className="visually-hidden">
              {kind === 'postgres' ? 'sslmode' : 'ssl-mode'}
            </label>
            <select id={ids.ssl} className="input input-small" value={fields.sslMode || sslModes[0].value} onChange={(e) => onChange({ sslMode: e.target.value === sslModes[0].value ? '' : e.target.value })}>
              {sslModes.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </>
        )}
        {kind === 'mssql' && (
          <label className="checkbox">
            <input type="checkbox" checked={fields.encrypt} onChange={(e) => onChange({ encrypt: e.target.checked })} />
            Encrypt the connection (encrypt)
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={fields.trustServerCertificate} onChange={(e) => onChange({ trustServerCertificate: e.target.checked })} />
          Trust the server certificate without checking it (trustServerCertificate)
        </label>
        {kind === 'mssql' && (
          <label className="checkbox">
            <input type="checkbox" checked={fields.allowLegacyTls} onChange={(e) => onChange({ allowLegacyTls: e.target.checked })} />
            Allow old TLS 1.0/1.1 for SQL Server 2008 R2 (allowLegacyTls)
          </label>
        )}
      </fieldset>
      {warnings.length > 0 && (
        <div className="warning-line tls-warning" data-testid="tls-warning" aria-live="polite">
          <ShieldAlert aria-hidden="true" size={14} />
          <div>
            <strong>Less safe: </strong>
            {warnings.join(' ')}
          </div>
        </div>
      )}
    </div>
  );
}
