import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Spinner } from './Spinner';

/**
 * A box for a password, client secret or token, and its Save button. Deliberately uncontrolled:
 * the typed text lives only in the input's own value (never in React state, a store or a `value`
 * attribute), and the box is wiped the moment it is submitted, so a refused secret does not sit in
 * the window either: the user types it again.
 */
export function SecretField({
  label,
  ariaLabel,
  help,
  submitLabel,
  busy,
  saving,
  small = false,
  autoFocus = false,
  className = 'secret-form',
  heading,
  extraButtons,
  onSubmit,
}: {
  label: ReactNode;
  /** The form's accessible name. */
  ariaLabel: string;
  help: ReactNode;
  submitLabel: string;
  /** Something else is going on: the button waits. */
  busy: boolean;
  /** This secret is being saved: the button shows a spinner. */
  saving: boolean;
  small?: boolean;
  autoFocus?: boolean;
  className?: string;
  heading?: ReactNode;
  extraButtons?: ReactNode;
  onSubmit(secret: string): Promise<unknown>;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);
  const ids = { input: useId(), help: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || input.value === '' || busy) return;
    const secret = input.value;
    input.value = '';
    setHasText(false);
    await onSubmit(secret);
  };

  return (
    <form className={className} onSubmit={submit} aria-label={ariaLabel}>
      {heading}
      <label htmlFor={ids.input} className="field-label">
        {label}
      </label>
      <div className="inline-field">
        <input
          ref={inputRef}
          id={ids.input}
          className={`input mono${small ? ' input-small' : ''}`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          aria-describedby={ids.help}
          onChange={(e) => setHasText(e.currentTarget.value !== '')}
          autoFocus={autoFocus}
        />
        <button type="submit" className={`btn btn-primary${small ? ' btn-small' : ''}`} disabled={!hasText || busy} aria-busy={saving}>
          {saving && <Spinner size={small ? 14 : undefined} />}
          {submitLabel}
        </button>
        {extraButtons}
      </div>
      <p id={ids.help} className="field-help">
        {help}
      </p>
    </form>
  );
}
