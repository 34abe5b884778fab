import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

/** An ISO instant as a datetime-local field's value, in this computer's zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * What go/no-go is measured against (`migration.setPlan`): the readiness score needed, the
 * share of rejected rows a clean rehearsal may have, and the data-freeze window. The checklist's
 * "freeze window" item links here. The engine checks the window (it must end after it starts);
 * a refusal is a toast and the form keeps what was typed.
 */
export function GoNoGoCard() {
  const { t } = useTranslation();
  const measures = useProjectStore((s) => s.migration?.measures ?? null);
  const save = useProjectStore((s) => s.setGoNoGo);
  const busy = useProjectStore((s) => s.busy === 'plan');
  const id = useId();
  const [draft, setDraft] = useState({ readiness: '', rejectPercent: '', from: '', to: '' });

  useEffect(() => {
    if (!measures) return;
    setDraft({
      readiness: String(measures.readinessThreshold),
      rejectPercent: String(Math.round(measures.rejectLimit * 100_000) / 1000),
      from: measures.freezeWindow ? toLocalInput(measures.freezeWindow.from) : '',
      to: measures.freezeWindow ? toLocalInput(measures.freezeWindow.to) : '',
    });
  }, [measures]);

  if (!measures) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const window = draft.from || draft.to ? { from: draft.from ? new Date(draft.from).toISOString() : '', to: draft.to ? new Date(draft.to).toISOString() : '' } : null;
    void save({ readinessThreshold: Number(draft.readiness), rejectLimit: Number(draft.rejectPercent) / 100, freezeWindow: window });
  };
  const set = (change: Partial<typeof draft>) => setDraft({ ...draft, ...change });
  return (
    <Card title={t('settings.goNoGo.title')} testId="go-no-go-measures">
      <form className="form" onSubmit={onSubmit} aria-label={t('settings.goNoGo.title')}>
        <p className="muted">{t('settings.goNoGo.intro')}</p>
        <label htmlFor={`${id}-readiness`}>{t('settings.goNoGo.readiness')}</label>
        <input id={`${id}-readiness`} className="input" type="number" min={0} max={100} step={1} required value={draft.readiness} onChange={(e) => set({ readiness: e.target.value })} data-testid="go-no-go-readiness" />
        <label htmlFor={`${id}-reject`}>{t('settings.goNoGo.rejectLimit')}</label>
        <input id={`${id}-reject`} className="input" type="number" min={0} max={100} step="any" required value={draft.rejectPercent} onChange={(e) => set({ rejectPercent: e.target.value })} data-testid="go-no-go-reject-limit" />
        <label htmlFor={`${id}-from`}>{t('settings.goNoGo.freezeFrom')}</label>
        <input id={`${id}-from`} className="input" type="datetime-local" value={draft.from} onChange={(e) => set({ from: e.target.value })} data-testid="go-no-go-freeze-from" />
        <label htmlFor={`${id}-to`}>{t('settings.goNoGo.freezeTo')}</label>
        <input id={`${id}-to`} className="input" type="datetime-local" value={draft.to} onChange={(e) => set({ to: e.target.value })} data-testid="go-no-go-freeze-to" />
        <p className="muted">{t('settings.goNoGo.freezeHelp')}</p>
        <div>
          <Button type="submit" variant="primary" size="small" busy={busy} testId="go-no-go-save">
            {t('settings.goNoGo.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
