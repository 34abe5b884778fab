import { ArrowRight, RefreshCw } from 'lucide-react';
import { useTranslation } from '../../i18n';
import { useNavigationStore, useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

/**
 * A parallel run's sync (issue 22, point 2), offered in one action once the approach is a
 * parallel run: the engine defines the one-way Delta sync for every mapped entity (or brings it
 * up to the mappings); its schedule and gate are then the Syncs screen's. What it means for the
 * cutover is in the strategy's implications.
 */
export function ParallelSyncCard() {
  const { t } = useTranslation();
  const record = useProjectStore((s) => s.migration?.record ?? null);
  const create = useProjectStore((s) => s.createParallelSync);
  const busy = useProjectStore((s) => s.busy === 'plan');
  const go = useNavigationStore((s) => s.go);
  if (!record || record.approach !== 'parallel-run') return null;
  const sync = record.parallelSync ?? null;
  return (
    <Card title={t('plan.parallel.title')} testId="plan-parallel-sync">
      <p data-testid="plan-parallel-state" dir="auto">
        {sync
          ? t('plan.parallel.defined', { name: sync.name, entities: sync.entities.join(', '), schedule: sync.cron ? t('plan.parallel.schedule', { cron: sync.cron, timezone: sync.timezone }) : t('plan.parallel.unscheduled') })
          : t('plan.parallel.missing')}
      </p>
      <div className="plan-next">
        <Button variant={sync ? 'default' : 'primary'} size="small" icon={<RefreshCw size={14} aria-hidden="true" />} busy={busy} onClick={() => void create()} testId="plan-parallel-create">
          {sync ? t('plan.parallel.refresh') : t('plan.parallel.create')}
        </Button>
        {sync && (
          <Button size="small" variant="ghost" icon={<ArrowRight size={14} aria-hidden="true" />} onClick={() => go('syncs')}>
            {t('plan.goTo', { screen: t('plan.screens.syncs') })}
          </Button>
        )}
      </div>
    </Card>
  );
}
