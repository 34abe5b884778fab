import { FileWarning, FolderOpen, History } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';

export function RecentProjects() {
  const { t } = useTranslation();
  const recent = useProjectStore((s) => s.recent);
  const current = useProjectStore((s) => s.project?.path ?? null);
  const open = useProjectStore((s) => s.open);
  const busy = useProjectStore((s) => s.busy);
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title" className="card-title">
        <History aria-hidden="true" size={16} /> {t('projects.recent.title')}
      </h2>
      {recent.length === 0 ? (
        <EmptyState title={t('projects.recent.noneTitle')}>
          <p>{t('projects.recent.noneBody')}</p>
        </EmptyState>
      ) : (
        <ul className="recent-list">
          {recent.map((item) => {
            const isOpen = item.path === current;
            return (
              <li key={item.path} className="recent-item">
                <div className="recent-text">
                  <span className="recent-name" dir="auto">
                    {item.name}
                    {isOpen && <span className="tag">{t('projects.recent.isOpen')}</span>}
                    {!item.exists && (
                      <span className="tag tag-warning">
                        <FileWarning aria-hidden="true" size={12} /> {t('projects.recent.missing')}
                      </span>
                    )}
                  </span>
                  <span className="mono muted recent-path" dir="auto" title={item.path}>
                    {item.path}
                  </span>
                  <span className="muted recent-when">
                    {t('projects.recent.opened')} <RelativeTime iso={item.openedAt} />
                  </span>
                </div>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!item.exists || isOpen || busy !== null}
                  aria-label={t('projects.recent.openNamed', { name: item.name })}
                  title={item.exists ? undefined : t('projects.recent.missingHelp')}
                  onClick={() => void open(item.path)}
                >
                  <FolderOpen aria-hidden="true" size={14} /> {t('projects.recent.open')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
