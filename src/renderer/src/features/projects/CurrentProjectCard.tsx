import { Database, FileText, Play, Route, X } from 'lucide-react';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { useConnectionsStore, useNavigationStore, useProjectStore, useRunsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { Stat } from '../../ui/Stat';

/**
 * The open project: name, file, stage and what it holds. The counts of sources and runs come
 * from the live lists once they are loaded (the project's own counts are read when it opens,
 * and went stale: "1 Runs" after three runs).
 */
export function CurrentProjectCard() {
  const { t } = useTranslation();
  const project = useProjectStore((s) => s.project);
  const loaded = useProjectStore((s) => s.loaded);
  const busy = useProjectStore((s) => s.busy);
  const close = useProjectStore((s) => s.close);
  const go = useNavigationStore((s) => s.go);
  const liveConnections = useConnectionsStore((s) => (s.loaded ? s.connections.length : null));
  const liveRuns = useRunsStore((s) => (s.loaded ? s.runs.length : null));

  if (!project) {
    return (
      <Card title={t('projects.current.title')} titleId="current-project-title">
        {loaded ? (
          <EmptyState icon={<FileText size={28} />} title={t('projects.current.noneTitle')}>
            <p>{t('projects.current.noneBody')}</p>
          </EmptyState>
        ) : (
          <div className="panel-loading">
            <Spinner /> {t('projects.current.asking')}
          </div>
        )}
      </Card>
    );
  }

  const counts = [
    { key: 'sources', value: liveConnections ?? project.counts.connections, icon: Database, screen: 'sources' as const },
    { key: 'mappings', value: project.counts.mappings, icon: Route, screen: 'mapping' as const },
    { key: 'runs', value: liveRuns ?? project.counts.runs, icon: Play, screen: 'runs' as const },
  ];

  return (
    <Card
      title={t('projects.current.title')}
      titleId="current-project-title"
      actions={
        <Button variant="ghost" onClick={() => void close()} disabled={busy !== null} busy={busy === 'close'} icon={<X aria-hidden="true" size={16} />}>
          {t('projects.current.close')}
        </Button>
      }
    >
      <div className="project-summary">
        <p className="project-title" dir="auto">
          {project.name} {project.isDemo && <span className="tag">{t('app.demo')}</span>}
        </p>
        <p className="mono muted project-path" dir="auto" title={project.path}>
          {project.path}
        </p>
        <dl className="facts">
          <div>
            <dt>{t('projects.current.stage')}</dt>
            <dd>{project.migrationStatus}</dd>
          </div>
          <div>
            <dt>{t('projects.current.created')}</dt>
            <dd>
              <RelativeTime iso={project.createdAt} />
            </dd>
          </div>
          <div>
            <dt>{t('projects.current.fileFormat')}</dt>
            <dd>{t('projects.current.version', { version: project.schemaVersion })}</dd>
          </div>
        </dl>
        <ul className="count-tiles">
          {counts.map(({ key, value, icon: Icon, screen }) => {
            const label = t(`projects.current.${key}`);
            return (
              <li key={key}>
                <Stat
                  label={label}
                  value={formatCount(value)}
                  icon={<Icon size={18} />}
                  testId={`project-count-${key}`}
                  {...(screen
                    ? {
                        onClick: () => go(screen),
                        actionLabel: t('projects.current.open', { count: value, formatted: formatCount(value), what: label.toLowerCase(), screen: label }),
                      }
                    : {})}
                />
              </li>
            );
          })}
        </ul>
      </div>
    </Card>
  );
}
