import { Undo2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { isFinished } from '../../../../shared/model/counters';
import type { RunInfo } from '../../../../shared/model/run';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

/**
 * A real Migration run that has ended wrote records a rollback can put back: a dry run wrote
 * nothing, a run still going is not undone under its feet, and a Rollback run is not rolled back.
 */
export function canRollBack(run: RunInfo): boolean {
  return run.operation === 'Migration' && !run.dryRun && ['Completed', 'Failed', 'Cancelled', 'Interrupted'].includes(run.status);
}

const WHOLE = '';

/**
 * The "Roll back…" button of an eligible run and its confirmation: what a rollback does, said
 * plainly before anything is written, and the choice of the whole run or one of its entities.
 * Confirming starts the Rollback run and opens it.
 */
export function RollbackRun({ run }: { run: RunInfo }) {
  const { t } = useTranslation();
  const rollback = useRunsStore((s) => s.rollback);
  const busy = useRunsStore((s) => s.rollingBack[run.runId] === true);
  // The engine runs one run at a time: a rollback waits like any other start.
  const activeRun = useRunsStore((s) => s.runs.some((r) => !isFinished(r.status)));
  const [open, setOpen] = useState(false);
  const [entity, setEntity] = useState(WHOLE);
  const ids = { scope: useId(), entity: useId() };

  if (!canRollBack(run)) return null;
  const entities = run.steps.map((s) => s.entity);
  const close = () => {
    setOpen(false);
    setEntity(WHOLE);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close();
    void rollback(run.runId, entity === WHOLE ? undefined : entity);
  };

  return (
    <>
      <Button variant="danger" icon={<Undo2 aria-hidden="true" size={14} />} busy={busy} disabled={activeRun} title={activeRun ? t('runs.rollback.busy') : undefined} onClick={() => setOpen(true)} testId="rollback-open">
        {t('runs.rollback.open')}
      </Button>
      <Dialog
        open={open}
        title={t('runs.rollback.title', { run: run.label ?? run.runId })}
        onClose={close}
        testId="rollback-dialog"
        initialFocus="[data-testid=rollback-cancel]"
        footer={
          <>
            <Button onClick={close} testId="rollback-cancel">
              {t('runs.rollback.cancel')}
            </Button>
            <Button variant="danger" type="submit" form={ids.scope} testId="rollback-confirm">
              {entity === WHOLE ? t('runs.rollback.confirm') : t('runs.rollback.confirmEntity', { entity })}
            </Button>
          </>
        }
      >
        <form id={ids.scope} className="stack rollback-form" onSubmit={submit}>
          <p>{t('runs.rollback.intro')}</p>
          <ul className="rollback-effects" data-testid="rollback-effects">
            <li>{t('runs.rollback.deletes')}</li>
            <li>{t('runs.rollback.restores')}</li>
            <li>{t('runs.rollback.conflicts')}</li>
          </ul>
          <fieldset className="plain-fieldset">
            <legend>{t('runs.rollback.scope')}</legend>
            <div className="stack">
              <label className="radio">
                <input type="radio" name={`${ids.scope}-scope`} checked={entity === WHOLE} onChange={() => setEntity(WHOLE)} data-testid="rollback-whole" />
                <span>
                  {t('runs.rollback.wholeRun')} <span className="muted">{t('runs.rollback.wholeRunHelp')}</span>
                </span>
              </label>
              <label className="radio">
                <input type="radio" name={`${ids.scope}-scope`} checked={entity !== WHOLE} disabled={entities.length === 0} onChange={() => setEntity(entities[0] ?? WHOLE)} data-testid="rollback-one" />
                {t('runs.rollback.oneEntity')}
              </label>
              {entity !== WHOLE && (
                <div className="transform-field rollback-entity">
                  <label htmlFor={ids.entity}>{t('runs.rollback.entity')}</label>
                  <select id={ids.entity} value={entity} onChange={(e) => setEntity(e.target.value)} data-testid="rollback-entity">
                    {run.steps.map((s) => (
                      <option key={s.entity} value={s.entity}>
                        {t('runs.rollback.entityChoice', { entity: s.entity, created: s.counters.created, updated: s.counters.updated })}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          </fieldset>
        </form>
      </Dialog>
    </>
  );
}
