import { GraduationCap } from 'lucide-react';
import { useProjectStore } from '../stores/StudioProvider';
import { MigrationStepper } from './MigrationStepper';
import { ThemeToggle } from './ThemeToggle';

export const PRODUCT_NAME = 'Academia Pro Migration & Sync Studio';

export function TopBar() {
  const project = useProjectStore((s) => s.project);
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <GraduationCap aria-hidden="true" size={22} className="brand-icon" />
        <span className="brand-name">{PRODUCT_NAME}</span>
      </div>
      <div className="topbar-project">
        <span className="topbar-project-label">Project</span>
        <span className="topbar-project-name" data-testid="project-name" dir="auto" title={project ? `${project.name} — ${project.path}` : undefined}>
          {project ? project.name : 'No project open'}
        </span>
        {project?.isDemo && <span className="tag">Demo</span>}
      </div>
      <MigrationStepper status={project?.migrationStatus ?? null} />
      <div className="topbar-actions">
        <ThemeToggle />
      </div>
    </header>
  );
}
