import './audit.css';
import { useEffect } from 'react';
import { NeedsProject } from '../../components/NeedsProject';
import { useAuditStore, useProjectStore } from '../../stores/StudioProvider';
import { AuditEntries } from './AuditEntries';
import { AuditVerifyCard } from './AuditVerifyCard';

export function AuditScreen() {
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Audit</h1>
          <p className="screen-subtitle">Every change made to this project, by whom and when. Entries cannot be edited, and any tampering shows when the chain is verified.</p>
        </div>
      </header>
      <NeedsProject what="Audit entries">
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
