import { useTranslation } from '../i18n';
import { FolderOpen } from 'lucide-react';
import type { ReactNode } from 'react';
import { useNavigationStore, useProjectStore } from '../stores/StudioProvider';
import { EmptyState } from './EmptyState';
import { Spinner } from './Spinner';

/** Shows its children only while a project is open; otherwise points to the Projects screen. */
export function NeedsProject({ what, children }: { what: string; children: ReactNode }) {
  const { t } = useTranslation();
  const project = useProjectStore((s) => s.project);
  const loaded = useProjectStore((s) => s.loaded);
  const go = useNavigationStore((s) => s.go);
  if (project) return <>{children}</>;
  if (!loaded) {
    return (
      <div className="panel-loading">
        <Spinner /> {t('shell.needsProjectAsking')}
      </div>
    );
  }
  return (
    <EmptyState icon={<FolderOpen size={32} />} title={t('shell.needsProjectTitle')}>
      <p>{t('shell.needsProjectBody', { what })}</p>
      <button type="button" className="btn btn-primary" onClick={() => go('projects')}>
        {t('shell.goToProjects')}
      </button>
    </EmptyState>
  );
}
