import './plan.css';
import { ArrowRight, Check, FileCode, FileText, X } from 'lucide-react';
import { NeedsProject } from '../../components/NeedsProject';
import { useTranslation } from '../../i18n';
import { useNavigationStore, useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { saveFile } from '../../ui/download';
import { CutoverCard } from './CutoverCard';
import { ParallelSyncCard } from './ParallelSyncCard';
import { RecordCard } from './RecordCard';
import { RehearsalsCard } from './RehearsalsCard';
import { RolloverCard } from './RolloverCard';
import { TimelineCard } from './TimelineCard';

/**
 * The guided workflow: where the migration stands, what the next step is and where to do it,
 * the go/no-go checklist with a way to each fix, the record and strategy, the timeline and the
 * rehearsals. Every other screen stays reachable directly; this one says which to go to next.
 */
export function PlanScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('plan.title')}</h1>
          <p className="screen-subtitle">{t('plan.subtitle')}</p>
        </div>
        <NeedsProjectQuiet>
          <PlanExport />
        </NeedsProjectQuiet>
      </header>
      <NeedsProject what={t('plan.title')}>
        <PlanBody />
      </NeedsProject>
    </div>
  );
}

function NeedsProjectQuiet({ children }: { children: React.ReactNode }) {
  const hasProject = useProjectStore((s) => s.project !== null);
  return hasProject ? <>{children}</> : null;
}

function PlanBody() {
  const migration = useProjectStore((s) => s.migration);
  if (!migration) return null;
  return (
    <div className="plan-layout">
      <div className="stack">
        <WhereYouAre />
        <GoNoGo />
        <CutoverCard />
        <RehearsalsCard />
      </div>
      <div className="stack">
        <RecordCard />
        <ParallelSyncCard />
        <TimelineCard />
        <RolloverCard />
      </div>
    </div>
  );
}

function WhereYouAre() {
  const { t } = useTranslation();
  const migration = useProjectStore((s) => s.migration)!;
  const go = useNavigationStore((s) => s.go);
  const open = migration.stages.flatMap((s) => s.exit).find((c) => c.item === migration.stage);
  return (
    <Card title={t('plan.where')} testId="plan-where">
      <p className="plan-status" data-testid="plan-status">
        {t('plan.status', { status: migration.status })}
      </p>
      {open ? (
        <div className="plan-next">
          <p data-testid="plan-next">{t('plan.next', { detail: open.detail })}</p>
          <Button variant="primary" size="small" icon={<ArrowRight size={14} aria-hidden="true" />} onClick={() => go(open.where)} testId="plan-next-go">
            {t('plan.goTo', { screen: t(`plan.screens.${open.where}`) })}
          </Button>
        </div>
      ) : (
        <p>{t('plan.allDone')}</p>
      )}
    </Card>
  );
}

function GoNoGo() {
  const { t } = useTranslation();
  const migration = useProjectStore((s) => s.migration)!;
  const go = useNavigationStore((s) => s.go);
  return (
    <Card title={t('plan.goNoGo')} actions={<span className={`plan-verdict ${migration.go ? 'is-go' : 'is-no-go'}`}>{migration.go ? t('plan.go') : t('plan.noGo')}</span>} testId="plan-go-no-go">
      <ul className="plan-checklist">
        {migration.checklist.map((c) => (
          <li key={c.item} className={c.ok ? 'is-ok' : 'is-open'} data-testid={`check-${c.item}`}>
            {c.ok ? <Check size={16} aria-label="holds" /> : <X size={16} aria-label="open" />}
            <span dir="auto">{c.detail}</span>
            {!c.ok && (
              <Button size="small" variant="ghost" onClick={() => go(c.where)}>
                {t('plan.goTo', { screen: t(`plan.screens.${c.where}`) })}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function PlanExport() {
  const { t } = useTranslation();
  const planDocument = useProjectStore((s) => s.planDocument);
  const busy = useProjectStore((s) => s.busy === 'plan');
  const save = async (format: 'html' | 'pdf') => {
    const file = await planDocument(format);
    if (file) saveFile(file);
  };
  return (
    <div className="screen-actions">
      <Button size="small" icon={<FileCode size={14} aria-hidden="true" />} disabled={busy} onClick={() => void save('html')} testId="plan-export-html">
        {t('plan.exportHtml')}
      </Button>
      <Button size="small" icon={<FileText size={14} aria-hidden="true" />} disabled={busy} onClick={() => void save('pdf')} testId="plan-export-pdf">
        {t('plan.exportPdf')}
      </Button>
    </div>
  );
}
