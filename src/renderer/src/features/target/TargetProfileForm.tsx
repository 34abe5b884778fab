import { Save, ShieldAlert, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TargetProfile } from '../../../../shared/model/settings';
import { Spinner } from '../../components/Spinner';
import { useTargetStore } from '../../stores/StudioProvider';
import {
  AUTH_LABELS,
  fieldsFromProfile,
  forgetsSecret,
  isUnencryptedUrl,
  KIND_LABELS,
  needsClientId,
  profileChanged,
  TARGET_FIELD_ORDER,
  TARGET_LIMITS,
  toProfileInput,
  validateTargetForm,
  type TargetField,
  type TargetFormFields,
} from './target-form-model';

/**
 * The target profile, editable. Problems show beside their field once it has been left (or on
 * a save attempt), so nobody is scolded while still typing. The secret has its own card.
 */
export function TargetProfileForm({ profile }: { profile: TargetProfile }) {
  const save = useTargetStore((s) => s.save);
  const task = useTargetStore((s) => s.task);
  const [fields, setFields] = useState<TargetFormFields>(() => fieldsFromProfile(profile));
  const [touched, setTouched] = useState<Partial<Record<TargetField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const baseId = useId();
  const idOf = (field: TargetField) => `${baseId}-${field}`;

  // A saved (or reloaded) profile is the new starting point.
  useEffect(() => {
    setFields(fieldsFromProfile(profile));
    setTouched({});
    setSubmitted(false);
  }, [profile]);

  const errors = validateTargetForm(fields);
  const input = toProfileInput(fields);
  const changed = profileChanged(profile, input);
  const shown = (field: TargetField) => (submitted || touched[field] ? errors[field] : undefined);
  const change = (patch: Partial<TargetFormFields>) => setFields((f) => ({ ...f, ...patch }));
  const leave = (field: TargetField) => () => setTouched((t) => ({ ...t, [field]: true }));
  const remote = fields.kind === 'remote';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const firstBad = TARGET_FIELD_ORDER.find((f) => errors[f]);
    if (firstBad) {
      document.getElementById(idOf(firstBad))?.focus();
      return;
    }
    if (changed) await save(input);
  };

  const described = (field: TargetField, help?: string) => [help, shown(field) ? `${idOf(field)}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="card form target-form" onSubmit={onSubmit} aria-labelledby={`${baseId}-title`} noValidate data-testid="target-form">
      <h2 id={`${baseId}-title`} className="card-title">
        Profile
      </h2>

      <label htmlFor={idOf('name')}>Profile name</label>
      <input
        id={idOf('name')}
        className="input"
        value={fields.name}
        maxLength={TARGET_LIMITS.name + 50}
        onChange={(e) => change({ name: e.target.value })}
        onBlur={leave('name')}
        aria-invalid={shown('name') !== undefined}
        aria-describedby={described('name')}
        dir="auto"
      />
      <FieldError id={`${idOf('name')}-error`} message={shown('name')} />

      <fieldset className="plain-fieldset">
        <legend className="field-label">Where to push</legend>
        <div className="radio-group radio-group-stacked">
          {(Object.keys(KIND_LABELS) as TargetProfile['kind'][]).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name={`${baseId}-kind`} id={kind === fields.kind ? idOf('kind') : undefined} value={kind} checked={fields.kind === kind} onChange={() => change({ kind })} />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="field-help">
        {remote
          ? "The school's Academia Pro service. Rehearse against the built-in sandbox first."
          : 'A local Academia Pro stand-in that starts on demand, keeps its data beside the project file, and makes its own credentials.'}
      </p>

      {remote && (
        <>
          <label htmlFor={idOf('baseUrl')}>Service address</label>
          <input
            id={idOf('baseUrl')}
            className="input mono"
            value={fields.baseUrl}
            placeholder="https://school.academiapro.example"
            onChange={(e) => change({ baseUrl: e.target.value })}
            onBlur={leave('baseUrl')}
            aria-invalid={shown('baseUrl') !== undefined}
            aria-describedby={described('baseUrl', `${idOf('baseUrl')}-help`)}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
          />
          <FieldError id={`${idOf('baseUrl')}-error`} message={shown('baseUrl')} />
          {!errors.baseUrl && isUnencryptedUrl(fields.baseUrl) && (
            <p className="warning-line" role="note">
              <ShieldAlert aria-hidden="true" size={14} /> Not encrypted: the secret and pupils' data would cross the network readable. Use https:// unless this is a test server.
            </p>
          )}
          <p id={`${idOf('baseUrl')}-help`} className="field-help">
            The address without <code>/api/v1</code>; the studio adds the API version.
          </p>
        </>
      )}

      <div className="field-row">
        <Field label="API version" htmlFor={idOf('apiVersion')}>
          <select id={idOf('apiVersion')} className="input" value={fields.apiVersion} onChange={(e) => change({ apiVersion: e.target.value as TargetFormFields['apiVersion'] })}>
            <option value="v1">v1</option>
            <option value="v2">v2</option>
          </select>
        </Field>
        <Field label="Sign-in method" htmlFor={idOf('auth')}>
          <select id={idOf('auth')} className="input" value={fields.auth} onChange={(e) => change({ auth: e.target.value as TargetFormFields['auth'] })}>
            {(Object.keys(AUTH_LABELS) as TargetProfile['auth'][]).map((auth) => (
              <option key={auth} value={auth}>
                {AUTH_LABELS[auth]}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {remote && (
        <>
          <label htmlFor={idOf('clientId')}>Client id{needsClientId(fields) ? '' : ' (optional)'}</label>
          <input
            id={idOf('clientId')}
            className="input mono"
            value={fields.clientId}
            onChange={(e) => change({ clientId: e.target.value })}
            onBlur={leave('clientId')}
            aria-invalid={shown('clientId') !== undefined}
            aria-describedby={described('clientId')}
            spellCheck={false}
            autoComplete="off"
            dir="ltr"
          />
          <FieldError id={`${idOf('clientId')}-error`} message={shown('clientId')} />
        </>
      )}

      <label htmlFor={idOf('schoolId')}>School id</label>
      <input
        id={idOf('schoolId')}
        className="input mono"
        value={fields.schoolId}
        onChange={(e) => change({ schoolId: e.target.value })}
        onBlur={leave('schoolId')}
        aria-invalid={shown('schoolId') !== undefined}
        aria-describedby={described('schoolId', `${idOf('schoolId')}-help`)}
        spellCheck={false}
        autoComplete="off"
        dir="ltr"
      />
      <FieldError id={`${idOf('schoolId')}-error`} message={shown('schoolId')} />
      <p id={`${idOf('schoolId')}-help`} className="field-help">
        The school's external id in Academia Pro; every record is written under it.
      </p>

      {changed && forgetsSecret(profile, input) && (
        <p className="warning-line" role="note" data-testid="forgets-secret">
          <TriangleAlert aria-hidden="true" size={14} /> Saving forgets the stored secret: a new address, sign-in method or client id needs its own secret.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" disabled={!changed || task === 'save'} onClick={() => setFields(fieldsFromProfile(profile))}>
          Undo changes
        </button>
        <button type="submit" className="btn btn-primary" disabled={!changed || task === 'save'} aria-busy={task === 'save'}>
          {task === 'save' ? <Spinner /> : <Save aria-hidden="true" size={16} />}
          Save profile
        </button>
      </div>
    </form>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="field-grow">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}
