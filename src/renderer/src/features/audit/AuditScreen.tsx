import './audit.css';
import { useTranslation } from '../../i18n';
import { useEffect } from 'react';
import { NeedsProject } from '../../components/NeedsProject';
import { useAuditStore, useProjectStore } from '../../stores/StudioProvider';
import { AuditEntries } from './AuditEntries';
import { AuditVerifyCard } from './AuditVerifyCard';

export function AuditScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="screen-subtitle">{t('audit.subtitle')}</p>
        </div>
      </header>
      <NeedsProject what={t('audit.what')}>
        <AuditBody />
      </NeedsProject>
    </div>
  );
}

function AuditBody() {
  const projectPath = useProjectStore((s) => s.project?.path);
  const load = useAuditStore((s) => s.load);
  // Read afresh whenever the screen is shown (or another project opens): the trail has no events.
  useEffect(() => {
    void load();
  }, [load, projectPath]);

  return (
    <div className="audit-layout">
      <AuditVerifyCard />
      <AuditEntries />
    </div>
  );
}
