import { GraduationCap } from 'lucide-react';
import { i18n, useTranslation } from '../i18n';
import { useNavigationStore, useProjectStore } from '../stores/StudioProvider';
import { MigrationStepper } from './MigrationStepper';
import { ThemeToggle } from './ThemeToggle';

export const PRODUCT_NAME = i18n.t('app.productName');

export function TopBar() {
  const { t } = useTranslation();
  const project = useProjectStore((s) => s.project);
  const migration = useProjectStore((s) => s.migration);
  const go = useNavigationStore((s) => s.go);
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <GraduationCap aria-hidden="true" size={22} className="brand-icon" />
        <span className="brand-name">{t('app.productName')}</span>
      </div>
      <div className="topbar-project">
        <span className="topbar-project-label">{t('app.project')}</span>
        <span className="topbar-project-name" data-testid="project-name" dir="auto" title={project ? `${project.name} — ${project.path}` : undefined}>
          {project ? project.name : t('app.noProject')}
        </span>
        {project?.isDemo && <span className="tag">{t('app.demo')}</span>}
      </div>
      <MigrationStepper status={project?.migrationStatus ?? null} progress={migration} onOpen={project ? () => go('plan') : undefined} />
      <div className="topbar-actions">
        <ThemeToggle />
      </div>
    </header>
  );
}
