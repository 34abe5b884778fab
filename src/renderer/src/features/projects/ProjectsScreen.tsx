import './projects.css';
import { FlaskConical } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';
import { CurrentProjectCard } from './CurrentProjectCard';
import { ExportProjectCard } from './ExportProjectCard';
import { OpenProjectForms } from './OpenProjectForms';
import { RecentProjects } from './RecentProjects';

export function ProjectsScreen() {
  const { t } = useTranslation();
  const openDemo = useProjectStore((s) => s.openDemo);
  const busy = useProjectStore((s) => s.busy);
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('projects.title')}</h1>
          <p className="screen-subtitle">{t('projects.subtitle')}</p>
        </div>
        <div className="screen-actions">
          <button type="button" className="btn btn-primary" onClick={() => void openDemo()} disabled={busy !== null} aria-busy={busy === 'demo'}>
            {busy === 'demo' ? <Spinner /> : <FlaskConical aria-hidden="true" size={16} />}
            {t('projects.openDemo')}
          </button>
        </div>
      </header>
      <div className="projects-layout">
        <div className="stack">
          <CurrentProjectCard />
          <ExportProjectCard />
          <OpenProjectForms />
        </div>
        <RecentProjects />
      </div>
    </div>
  );
}
