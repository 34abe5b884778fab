import './sandbox-admin.css';
import { RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { SandboxAdminOverview } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { SectionTabs } from '../../components/SectionTabs';
import { useTranslation } from '../../i18n';
import { ClientsSection } from './ClientsSection';
import { EndpointsSection } from './EndpointsSection';
import { FaultsSection } from './FaultsSection';
import { MonitoringSection } from './MonitoringSection';
import { SandboxUnavailable } from './SandboxUnavailable';
import { ThrottlingSection } from './ThrottlingSection';
import { VersionsSection } from './VersionsSection';

type AdminTab = 'versions' | 'endpoints' | 'clients' | 'throttling' | 'monitoring' | 'faults';

/**
 * The sandbox's admin side (API_MANAGEMENT): read when first shown, since for the built-in
 * sandbox asking means starting it; then kept until refreshed.
 */
export function SandboxAdminPanel() {
  const overview = useSandboxAdminStore((s) => s.overview);
  const loaded = useSandboxAdminStore((s) => s.loaded);
  const loading = useSandboxAdminStore((s) => s.loading);
  const load = useSandboxAdminStore((s) => s.load);

  useEffect(() => {
    if (!loaded && !loading) void load();
  }, [loaded, loading, load]);

  if (!overview) {
    return loading || !loaded ? (
      <div className="panel-loading">
        <Spinner /> Asking the sandbox for its admin overview…
      </div>
    ) : (
      <div className="stack stack-tight">
        <p className="muted">The sandbox's admin overview could not be read (the message above says why).</p>
        <button type="button" className="btn" onClick={() => void load()}>
          <RefreshCw aria-hidden="true" size={16} /> Try again
        </button>
      </div>
    );
  }
  if (!overview.available) return <SandboxUnavailable overview={overview} />;
  return <SandboxAdminView overview={overview} />;
}

function SandboxAdminView({ overview }: { overview: SandboxAdminOverview }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<AdminTab>('versions');
  const loading = useSandboxAdminStore((s) => s.loading);
  const load = useSandboxAdminStore((s) => s.load);
  const info = overview.info;
  return (
    <div className="stack sandbox-admin" data-testid="sandbox-admin">
      <div className="admin-summary">
        <dl className="inline-facts admin-facts">
          <div>
            <dt>Sandbox</dt>
            <dd dir="auto">{info?.name ?? 'Academia Pro sandbox'}</dd>
          </div>
          {overview.baseUrl && (
            <div>
              <dt>Address</dt>
              <dd className="mono" dir="ltr">
                {overview.baseUrl}
              </dd>
            </div>
          )}
          {info && (
            <>
              <div>
                <dt>Running since</dt>
                <dd>
                  <RelativeTime iso={info.startedAt} />
                </dd>
              </div>
              <div>
                <dt>Production</dt>
                <dd>{info.productionVersion ?? 'none'}</dd>
              </div>
              <div>
                <dt>Faults</dt>
                <dd className="mono">{info.faults || 'none'}</dd>
              </div>
            </>
          )}
        </dl>
        <button type="button" className="btn" onClick={() => void load()} disabled={loading} aria-busy={loading} data-testid="sandbox-refresh">
          {loading ? <Spinner /> : <RefreshCw aria-hidden="true" size={16} />}
          Refresh
        </button>
      </div>
      <SectionTabs<AdminTab>
        label="Sandbox admin sections"
        current={tab}
        onChange={setTab}
        testIdPrefix="admin-tab"
        tabs={[
          { id: 'versions', label: 'Versions', count: overview.versions.length },
          { id: 'endpoints', label: 'Endpoints', count: overview.endpoints.length },
          { id: 'clients', label: 'API clients', count: overview.clients.length },
          { id: 'throttling', label: 'Throttling', count: overview.throttleRules.length + overview.throttleExceptions.length },
          { id: 'monitoring', label: 'Monitoring', count: overview.monitoring?.totals.calls, attention: (overview.monitoring?.totals.errors ?? 0) > 0 },
          { id: 'faults', label: t('sandboxFaults.tab') },
        ]}
      >
        {tab === 'versions' && <VersionsSection versions={overview.versions} />}
        {tab === 'endpoints' && <EndpointsSection endpoints={overview.endpoints} />}
        {tab === 'clients' && <ClientsSection clients={overview.clients} />}
        {tab === 'throttling' && <ThrottlingSection overview={overview} />}
        {tab === 'monitoring' && <MonitoringSection monitoring={overview.monitoring} />}
        {tab === 'faults' && <FaultsSection faults={overview.faults} />}
      </SectionTabs>
    </div>
  );
}
