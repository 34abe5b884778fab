import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Spinner } from '../../components/Spinner';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { defaultExceptionFields, MAX_PER_HOUR, MAX_PER_MINUTE, MAX_REASON, toExceptionRequest, validateException, type ExceptionFields } from './admin-form-model';

/** Adds a throttle exception: which client, what limits, from when to when, and why. */
export function ThrottleExceptionForm({ clients, defaultLimits, now = Date.now }: { clients: string[]; defaultLimits: { perMinute: number; perHour: number } | null; now?: () => number }) {
  const create = useSandboxAdminStore((s) => s.createThrottleException);
  const busy = useSandboxAdminStore((s) => s.busy['exception:new'] === true);
  const [fields, setFields] = useState<ExceptionFields>(() => defaultExceptionFields(now(), clients[0] ?? '', defaultLimits));
  const [submitted, setSubmitted] = useState(false);
  const baseId = useId();
  const idOf = (f: keyof ExceptionFields) => `${baseId}-${f}`;
  const errors = validateException(fields, now());
  const shown = (f: keyof ExceptionFields) => (submitted ? errors[f] : undefined);
  const change = (patch: Partial<ExceptionFields>) => setFields((f) => ({ ...f, ...patch }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || busy) return;
    if (await create(toExceptionRequest(fields))) {
      setSubmitted(false);
      setFields(defaultExceptionFields(now(), fields.clientId, defaultLimits));
    }
  };

  const input = (f: keyof ExceptionFields, label: string, props: Record<string, unknown>) => (
    <div className="field-grow">
      <label htmlFor={idOf(f)}>{label}</label>
      <input
        id={idOf(f)}
        className="input"
        value={fields[f]}
        onChange={(e) => change({ [f]: e.target.value })}
        aria-invalid={shown(f) !== undefined}
        aria-describedby={shown(f) ? `${idOf(f)}-error` : undefined}
        {...props}
      />
      {shown(f) && (
        <p id={`${idOf(f)}-error`} className="field-error">
          {shown(f)}
        </p>
      )}
    </div>
  );

  if (clients.length === 0) return <p className="muted">An exception needs an active API client; the sandbox has none.</p>;

  return (
    <form className="form exception-form" onSubmit={onSubmit} aria-label="Add a throttle exception" noValidate data-testid="exception-form">
      <h4 className="form-subtitle">Add an exception</h4>
      <div className="field-row">
        <div className="field-grow">
          <label htmlFor={idOf('clientId')}>Client</label>
          <select id={idOf('clientId')} className="input mono" value={fields.clientId} onChange={(e) => change({ clientId: e.target.value })}>
            {clients.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {input('perMinute', 'Per minute', { type: 'number', min: 1, max: MAX_PER_MINUTE, step: 1 })}
        {input('perHour', 'Per hour', { type: 'number', min: 1, max: MAX_PER_HOUR, step: 1 })}
      </div>
      <div className="field-row">
        {input('startsAt', 'Starts', { type: 'datetime-local' })}
        {input('endsAt', 'Ends', { type: 'datetime-local' })}
      </div>
      {input('reason', 'Reason (optional)', { maxLength: MAX_REASON + 50, placeholder: 'Migration weekend: initial load of 2,000 pupils', dir: 'auto' })}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
          {busy ? <Spinner /> : <Plus aria-hidden="true" size={16} />} Add exception
        </button>
      </div>
    </form>
  );
}
