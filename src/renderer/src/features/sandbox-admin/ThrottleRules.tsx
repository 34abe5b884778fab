import { Save } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SandboxThrottleRule } from '../../../../shared/model/target';
import { Spinner } from '../../components/Spinner';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { limitsProblems, MAX_PER_HOUR, MAX_PER_MINUTE } from './admin-form-model';

/** The standing limits: the default rule and any client's own, each editable in place. */
export function ThrottleRules({ rules }: { rules: SandboxThrottleRule[] }) {
  // The default rule first: it is the one most people change.
  const ordered = [...rules].sort((a, b) => (a.clientId === null ? -1 : b.clientId === null ? 1 : a.clientId.localeCompare(b.clientId)));
  return (
    <ul className="rule-list" data-testid="admin-rules">
      {ordered.map((r) => (
        <RuleItem key={r.id} rule={r} />
      ))}
    </ul>
  );
}

function RuleItem({ rule }: { rule: SandboxThrottleRule }) {
  const update = useSandboxAdminStore((s) => s.updateThrottleRule);
  const busy = useSandboxAdminStore((s) => s.busy[`rule:${rule.id}`] === true);
  const [perMinute, setPerMinute] = useState(String(rule.perMinute));
  const [perHour, setPerHour] = useState(String(rule.perHour));
  const ids = { minute: useId(), hour: useId(), errors: useId() };

  useEffect(() => {
    setPerMinute(String(rule.perMinute));
    setPerHour(String(rule.perHour));
  }, [rule.perMinute, rule.perHour]);

  const problems = limitsProblems(perMinute, perHour);
  const valid = !problems.perMinute && !problems.perHour;
  const changed = Number(perMinute) !== rule.perMinute || Number(perHour) !== rule.perHour;
  const who = rule.clientId === null ? 'Default (every client without its own rule)' : `Client ${rule.clientId}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && changed && !busy) void update({ id: rule.id, perMinute: Number(perMinute), perHour: Number(perHour) });
  };

  return (
    <li className="rule-item" data-testid={`rule-${rule.id}`}>
      <form onSubmit={onSubmit} aria-label={`Throttle rule: ${who}`} className="rule-form">
        <div className="rule-who">
          <strong>{who}</strong>
          {rule.description && (
            <div className="muted" dir="auto">
              {rule.description}
            </div>
          )}
        </div>
        <div className="rule-field">
          <label htmlFor={ids.minute}>Per minute</label>
          <input id={ids.minute} className="input input-small input-number" type="number" min={1} max={MAX_PER_MINUTE} step={1} value={perMinute} onChange={(e) => setPerMinute(e.target.value)} aria-invalid={problems.perMinute !== undefined} aria-describedby={valid ? undefined : ids.errors} />
        </div>
        <div className="rule-field">
          <label htmlFor={ids.hour}>Per hour</label>
          <input id={ids.hour} className="input input-small input-number" type="number" min={1} max={MAX_PER_HOUR} step={1} value={perHour} onChange={(e) => setPerHour(e.target.value)} aria-invalid={problems.perHour !== undefined} aria-describedby={valid ? undefined : ids.errors} />
        </div>
        <button type="submit" className="btn btn-small" disabled={!valid || !changed || busy} aria-busy={busy}>
          {busy ? <Spinner size={14} /> : <Save aria-hidden="true" size={14} />} Save
        </button>
      </form>
      {!valid && (
        <p id={ids.errors} className="field-error">
          {[problems.perMinute, problems.perHour].filter(Boolean).join(' ')}
        </p>
      )}
    </li>
  );
}
