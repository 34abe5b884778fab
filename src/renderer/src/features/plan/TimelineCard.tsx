import { useEffect, useState } from 'react';
import { MANUAL_MILESTONES, type MilestoneName } from '../../../../shared/model/migration-plan';
import type { MigrationMilestone } from '../../../../shared/model/migration-progress';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

/**
 * The timeline: each milestone with its date and owner (edited in place and saved per row), its
 * status as the project shows it (Done, Late, Planned) and the estimate measured so far. Only
 * milestones no fact can prove (decommission) get a "Mark done" button.
 */
export function TimelineCard() {
  const { t } = useTranslation();
  const milestones = useProjectStore((s) => s.migration?.milestones ?? null);
  if (!milestones) return null;
  return (
    <Card title={t('plan.timeline')} testId="plan-timeline">
      <table className="table plan-timeline">
        <thead>
          <tr>
            <th scope="col">{t('plan.milestone')}</th>
            <th scope="col">{t('plan.due')}</th>
            <th scope="col">{t('plan.owner')}</th>
            <th scope="col">{t('plan.state')}</th>
            <th scope="col">{t('plan.estimate')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <MilestoneRow key={m.name} milestone={m} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function MilestoneRow({ milestone: m }: { milestone: MigrationMilestone }) {
  const { t } = useTranslation();
  const updatePlan = useProjectStore((s) => s.updatePlan);
  const busy = useProjectStore((s) => s.busy === 'plan');
  const [due, setDue] = useState(m.due ?? '');
  const [owner, setOwner] = useState(m.owner ?? '');
  useEffect(() => {
    setDue(m.due ?? '');
    setOwner(m.owner ?? '');
  }, [m.due, m.owner]);
  const name = m.name as MilestoneName;
  const changed = due !== (m.due ?? '') || owner !== (m.owner ?? '');
  const save = () => void updatePlan({ milestones: [{ name, due: due || null, owner: owner.trim() || null }] });
  const manual = MANUAL_MILESTONES.includes(name);
  return (
    <tr data-testid={`milestone-${m.name}`} className={`milestone-${m.status.toLowerCase()}`}>
      <th scope="row">{m.name}</th>
      <td>
        <input className="input input-date" type="date" aria-label={`${t('plan.due')} ${m.name}`} value={due} onChange={(e) => setDue(e.target.value)} />
      </td>
      <td>
        <input className="input" aria-label={`${t('plan.owner')} ${m.name}`} value={owner} maxLength={120} onChange={(e) => setOwner(e.target.value)} />
      </td>
      <td>
        <span className={`plan-milestone-status is-${m.status.toLowerCase()}`} data-testid={`milestone-status-${m.name}`}>
          {m.status}
        </span>
      </td>
      <td className="plan-estimate">
        {m.estimate && <div>{m.estimate}</div>}
        <div className="muted" dir="auto">
          {m.detail}
        </div>
      </td>
      <td>
        {changed && (
          <Button size="small" variant="primary" busy={busy} onClick={save} testId={`milestone-save-${m.name}`}>
            {t('plan.save')}
          </Button>
        )}
        {manual && !changed && (
          <Button size="small" disabled={busy} onClick={() => void updatePlan({ milestones: [{ name, done: m.status !== 'Done' }] })}>
            {m.status === 'Done' ? t('plan.markNotDone') : t('plan.markDone')}
          </Button>
        )}
      </td>
    </tr>
  );
}
