import { HeartPulse, Zap } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SandboxFaultProfile } from '../../../../shared/model/target';
import { useTranslation } from '../../i18n';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { faultProblems, fieldsOf, HEALTHY, MAX_LATENCY_MS, PERCENT_FIELDS, requestOf, type FaultFields } from './fault-form-model';

/**
 * The sandbox's injected faults as a control (issue 20): a person makes the target fail — down,
 * 503s, timeouts, dropped connections, 429 bursts, latency — watches runs retry and an alert
 * fire, then makes it healthy again. Before, only `--faults` at start could.
 */
export function FaultsSection({ faults }: { faults: SandboxFaultProfile | null | undefined }) {
  const { t } = useTranslation();
  if (!faults) return <p className="muted">{t('sandboxFaults.unknown')}</p>;
  return <FaultsForm faults={faults} />;
}

function FaultsForm({ faults }: { faults: SandboxFaultProfile }) {
  const { t } = useTranslation();
  const setFaults = useSandboxAdminStore((s) => s.setFaults);
  const busy = useSandboxAdminStore((s) => s.busy.faults === true);
  const [fields, setFields] = useState<FaultFields>(() => fieldsOf(faults));
  const ids = { down: useId(), errors: useId(), latency: useId(), serverError: useId(), timeout: useId(), reset: useId(), burst429: useId() };

  useEffect(() => setFields(fieldsOf(faults)), [faults]);

  const problems = faultProblems(fields);
  const valid = problems.percent.length === 0 && !problems.latency;
  const messages = [...problems.percent.map((k) => t('sandboxFaults.percentProblem', { what: t(`sandboxFaults.${k}`) })), ...(problems.latency ? [t('sandboxFaults.latencyProblem')] : [])];
  const healthy = !faults.down && !faults.spec;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && !busy) void setFaults(requestOf(fields));
  };

  return (
    <section className="stack stack-tight" aria-labelledby="faults-title" data-testid="admin-faults">
      <h3 id="faults-title" className="section-title">
        {t('sandboxFaults.title')}
      </h3>
      <p className="muted">{t('sandboxFaults.intro')}</p>
      <p className="mono" data-testid="faults-now">
        {faults.spec ? t('sandboxFaults.now', { spec: faults.spec }) : t('sandboxFaults.none')}
      </p>
      <form className="fault-form" onSubmit={onSubmit} aria-describedby={valid ? undefined : ids.errors}>
        <div className="fault-down">
          <input id={ids.down} type="checkbox" checked={fields.down} onChange={(e) => setFields({ ...fields, down: e.target.checked })} data-testid="fault-down" />
          <label htmlFor={ids.down}>{t('sandboxFaults.down')}</label>
        </div>
        {PERCENT_FIELDS.map((k) => (
          <div className="rule-field" key={k}>
            <label htmlFor={ids[k]}>{t(`sandboxFaults.${k}`)}</label>
            <input
              id={ids[k]}
              className="input input-small input-number"
              type="number"
              min={0}
              max={100}
              step="any"
              value={fields[k]}
              disabled={fields.down}
              onChange={(e) => setFields({ ...fields, [k]: e.target.value })}
              aria-invalid={problems.percent.includes(k)}
              data-testid={`fault-${k}`}
            />
          </div>
        ))}
        <div className="rule-field">
          <label htmlFor={ids.latency}>{t('sandboxFaults.latency')}</label>
          <input
            id={ids.latency}
            className="input input-small input-number"
            type="number"
            min={0}
            max={MAX_LATENCY_MS}
            step={1}
            value={fields.latencyMs}
            disabled={fields.down}
            onChange={(e) => setFields({ ...fields, latencyMs: e.target.value })}
            aria-invalid={problems.latency}
            data-testid="fault-latencyMs"
          />
        </div>
        <div className="fault-actions">
          <Button type="submit" variant="primary" size="small" icon={<Zap aria-hidden="true" size={14} />} busy={busy} disabled={!valid} testId="faults-apply">
            {t('sandboxFaults.save')}
          </Button>
          <Button size="small" icon={<HeartPulse aria-hidden="true" size={14} />} disabled={busy || healthy} onClick={() => void setFaults(HEALTHY)} testId="faults-healthy">
            {t('sandboxFaults.healthy')}
          </Button>
        </div>
      </form>
      {!valid && (
        <p id={ids.errors} className="field-error">
          {messages.join(' ')}
        </p>
      )}
    </section>
  );
}
