import { ArrowRight, Check, Circle, Play, Undo2, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { CutoverStepState } from '../../../../shared/model/cutover';
import { formatDateTime } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useNavigationStore, useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Dialog } from '../../ui/Dialog';

/**
 * The cutover runbook (issue 22, point 6) run from the Plan screen: its ordered steps, each with
 * its status and the outcome the engine recorded, one button for the next step, and "Roll back"
 * at every step once something was done — its dialog says what undoing means from here. A step
 * that cannot pass (go/no-go without a clean rehearsal, a source changed after the freeze) shows
 * why, and a blocked go/no-go links to the screen that fixes each reason.
 */
export function CutoverCard() {
  const { t } = useTranslation();
  const cutover = useProjectStore((s) => s.cutover);
  const loadCutover = useProjectStore((s) => s.loadCutover);
  const runStep = useProjectStore((s) => s.cutoverStep);
  const rollback = useProjectStore((s) => s.cutoverRollback);
  const busy = useProjectStore((s) => s.busy === 'cutover');
  const path = useProjectStore((s) => s.project?.path);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void loadCutover();
  }, [loadCutover, path]);

  if (!cutover) return null;
  const nextBlocked = cutover.steps.find((s) => s.step === cutover.next)?.status === 'blocked';
  return (
    <Card title={t('plan.cutover.title')} testId="plan-cutover">
      <p className="muted">{t('plan.cutover.intro')}</p>
      <ol className="plan-runbook">
        {cutover.steps.map((s) => (
          <RunbookStep key={s.step} step={s} next={s.step === cutover.next} />
        ))}
      </ol>
      <div className="plan-runbook-actions">
        {cutover.next ? (
          <Button variant="primary" size="small" icon={<Play size={14} aria-hidden="true" />} busy={busy} onClick={() => void runStep()} testId="cutover-next">
            {nextBlocked ? t('plan.cutover.retry', { step: t(`plan.cutover.steps.${cutover.next}`) }) : t('plan.cutover.run', { step: t(`plan.cutover.steps.${cutover.next}`) })}
          </Button>
        ) : (
          <p className="plan-runbook-done" data-testid="cutover-done">
            {t('plan.cutover.complete')}
          </p>
        )}
        <Button variant="danger" size="small" icon={<Undo2 size={14} aria-hidden="true" />} disabled={busy || !cutover.rollbackPath} title={cutover.rollbackPath ? undefined : t('plan.cutover.nothingToUndo')} onClick={() => setConfirming(true)} testId="cutover-rollback">
          {t('plan.cutover.rollback')}
        </Button>
      </div>
      {cutover.rollbackPath && (
        <p className="plan-rollback-path" data-testid="cutover-rollback-path">
          {t('plan.cutover.wayBack', { path: cutover.rollbackPath })}
        </p>
      )}
      <Dialog
        open={confirming}
        title={t('plan.cutover.confirmTitle')}
        onClose={() => setConfirming(false)}
        testId="cutover-rollback-dialog"
        initialFocus="[data-testid=cutover-rollback-cancel]"
        footer={
          <>
            <Button onClick={() => setConfirming(false)} testId="cutover-rollback-cancel">
              {t('plan.cutover.cancel')}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirming(false);
                void rollback();
              }}
              testId="cutover-rollback-confirm"
            >
              {t('plan.cutover.confirm')}
            </Button>
          </>
        }
      >
        <p>{cutover.rollbackPath}</p>
      </Dialog>
    </Card>
  );
}

function RunbookStep({ step, next }: { step: CutoverStepState; next: boolean }) {
  const { t } = useTranslation();
  const go = useNavigationStore((s) => s.go);
  const fixes = step.status === 'blocked' ? (step.fixes ?? []) : [];
  const icon = step.status === 'done' ? <Check size={16} aria-hidden="true" /> : step.status === 'blocked' ? <X size={16} aria-hidden="true" /> : step.status === 'rolled-back' ? <Undo2 size={16} aria-hidden="true" /> : <Circle size={16} aria-hidden="true" />;
  return (
    <li className={`plan-runbook-step is-${step.status}${next ? ' is-next' : ''}`} data-testid={`cutover-step-${step.step}`} aria-current={next ? 'step' : undefined}>
      {icon}
      <div className="stack-tight">
        <div>
          <strong>{t(`plan.cutover.steps.${step.step}`)}</strong>{' '}
          <span className="plan-runbook-status" data-testid={`cutover-status-${step.step}`}>
            {t(`plan.cutover.statuses.${step.status}`)}
          </span>
          {step.at && <span className="muted"> · {formatDateTime(step.at)}</span>}
        </div>
        {fixes.length > 0 ? (
          // Each reason on its own line beside the way to its fix, rather than the outcome's one long sentence.
          <ul className="plan-runbook-fixes" data-testid={`cutover-outcome-${step.step}`}>
            {fixes.map((f) => (
              <li key={f.item}>
                <span dir="auto">{f.detail}</span>
                <Button size="small" variant="ghost" icon={<ArrowRight size={14} aria-hidden="true" />} onClick={() => go(f.where)} testId={`cutover-fix-${f.item}`}>
                  {t('plan.goTo', { screen: t(`plan.screens.${f.where}`) })}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          step.outcome && (
            <p className="plan-runbook-outcome" dir="auto" data-testid={`cutover-outcome-${step.step}`}>
              {step.outcome}
            </p>
          )
        )}
      </div>
    </li>
  );
}
