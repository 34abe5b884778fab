import './target.css';
import { useState } from 'react';
import { NeedsProject } from '../../components/NeedsProject';
import { Spinner } from '../../components/Spinner';
import { useTargetStore } from '../../stores/StudioProvider';
import { SandboxAdminPanel } from '../sandbox-admin/SandboxAdminPanel';
import { ApiInfoCard } from './ApiInfoCard';
import { ConnectionTestCard } from './ConnectionTestCard';
import { DeprecationBanner } from './DeprecationBanner';
import { HealthHistory } from './HealthHistory';
import { SectionTabs } from '../../components/SectionTabs';
import { TargetProfileForm } from './TargetProfileForm';
import { TargetSecretCard } from './TargetSecretCard';

type TargetTab = 'profile' | 'admin';

/** Where pushes go: the profile and its secret, connection tests and their history, and the sandbox's admin side. */
export function TargetScreen() {
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Target</h1>
          <p className="screen-subtitle">Where the migration pushes: the school's Academia Pro service, or the built-in sandbox for rehearsals.</p>
        </div>
      </header>
      <NeedsProject what="The target profile and its health history">
        <TargetBody />
      </NeedsProject>
    </div>
  );
}

function TargetBody() {
  const [tab, setTab] = useState<TargetTab>('profile');
  return (
    <div className="stack">
      <DeprecationBanner />
      <div className="target-tabs">
        <SectionTabs<TargetTab>
          label="Target"
          current={tab}
          onChange={setTab}
          testIdPrefix="target-tab"
          tabs={[
            { id: 'profile', label: 'Profile and health' },
            { id: 'admin', label: 'Sandbox admin' },
          ]}
        >
          {tab === 'profile' ? <ProfileAndHealth /> : <SandboxAdminPanel />}
        </SectionTabs>
      </div>
    </div>
  );
}

function ProfileAndHealth() {
  const profile = useTargetStore((s) => s.profile);
  if (!profile) {
    return (
      <div className="panel-loading">
        <Spinner /> Loading the target profile…
      </div>
    );
  }
  return (
    <div className="target-layout">
      <div className="stack">
        <TargetProfileForm profile={profile} />
        <TargetSecretCard profile={profile} />
      </div>
      <div className="stack">
        <ConnectionTestCard />
        <ApiInfoCard />
        <HealthHistory />
      </div>
    </div>
  );
}
