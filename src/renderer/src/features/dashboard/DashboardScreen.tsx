import './dashboard.css';
import { useEffect, useMemo } from 'react';
import type { MetricPeriod } from '../../../../shared/api/contracts/monitoring';
import { METRIC_PERIODS } from '../../../../shared/api/contracts/monitoring';
import { NeedsProject } from '../../components/NeedsProject';
import { formatCount, formatShare } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useMonitoringStore, useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Stat } from '../../ui/Stat';
import { ReportsCard } from './ReportsCard';
import { TimeSeriesChart, type ChartSeries } from './TimeSeriesChart';

/** How often a shown Dashboard reads the metrics again (alerts and finished runs also refresh it at once). */
export const DASHBOARD_REFRESH_MS = 30_000;

export function DashboardScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="screen-subtitle">{t('dashboard.subtitle')}</p>
        </div>
      </header>
      <NeedsProject what={t('dashboard.what')}>
        <DashboardBody />
      </NeedsProject>
    </div>
  );
}

const ms = (v: number) => `${Math.round(v).toLocaleString()} ms`;
const share = (v: number) => formatShare(v);
const count = (v: number) => formatCount(Math.round(v));

function DashboardBody() {
  const { t } = useTranslation();
  const projectPath = useProjectStore((s) => s.project?.path);
  const load = useMonitoringStore((s) => s.load);
  const metrics = useMonitoringStore((s) => s.metrics);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), DASHBOARD_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, projectPath]);

  const traffic: ChartSeries[] = useMemo(
    () => [
      { label: t('dashboard.series.calls'), value: (p) => p.calls, colorToken: '--accent', format: count },
      { label: t('dashboard.series.errors'), value: (p) => p.calls - Math.round((p.successRate ?? 1) * p.calls), colorToken: '--danger', format: count },
    ],
    [t],
  );
  const latency: ChartSeries[] = useMemo(
    () => [
      { label: 'p50', value: (p) => p.p50Ms, colorToken: '--ok', format: ms },
      { label: 'p95', value: (p) => p.p95Ms, colorToken: '--warning', format: ms },
      { label: 'p99', value: (p) => p.p99Ms, colorToken: '--danger', format: ms },
    ],
    [],
  );
  const uptime: ChartSeries[] = useMemo(() => [{ label: t('dashboard.series.uptime'), value: (p) => p.uptime, colorToken: '--ok', format: share }], [t]);

  return (
    <div className="dashboard-layout">
      <DashboardFilters />
      {metrics && <Gauges />}
      {metrics && (
        <div className="dashboard-charts">
          <TimeSeriesChart title={t('dashboard.charts.traffic')} points={metrics.points} series={traffic} testId="chart-traffic" />
          <TimeSeriesChart title={t('dashboard.charts.latency')} points={metrics.points} series={latency} testId="chart-latency" />
          <TimeSeriesChart title={t('dashboard.charts.uptime')} points={metrics.points} series={uptime} testId="chart-uptime" />
        </div>
      )}
      <AlertsCard />
      <IntegrationsCard />
      <ReportsCard />
    </div>
  );
}

function DashboardFilters() {
  const { t } = useTranslation();
  const filter = useMonitoringStore((s) => s.filter);
  const setFilter = useMonitoringStore((s) => s.setFilter);
  const integrations = useMonitoringStore((s) => s.integrations);
  const entities = useMonitoringStore((s) => s.entities);
  return (
    <div className="dashboard-filters" role="group" aria-label={t('dashboard.filters.label')}>
      <label>
        {t('dashboard.filters.period')}
        <select data-testid="filter-period" value={filter.period} onChange={(e) => void setFilter({ period: e.target.value as MetricPeriod })}>
          {METRIC_PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`dashboard.periods.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dashboard.filters.integration')}
        <select data-testid="filter-integration" value={filter.integration} onChange={(e) => void setFilter({ integration: e.target.value })}>
          <option value="">{t('dashboard.filters.all')}</option>
          {integrations
            .filter((i) => i.kind === 'target' || i.kind === 'source')
            .map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('dashboard.filters.entity')}
        <select data-testid="filter-entity" value={filter.entity} onChange={(e) => void setFilter({ entity: e.target.value })}>
          <option value="">{t('dashboard.filters.all')}</option>
          {entities.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Gauges() {
  const { t } = useTranslation();
  const total = useMonitoringStore((s) => s.metrics?.total);
  if (!total) return null;
  const none = t('dashboard.none');
  return (
    <div className="dashboard-gauges">
      <Gauge label={t('dashboard.gauges.success')} value={total.successRate} testId="gauge-success" none={none} />
      <Gauge label={t('dashboard.gauges.uptime')} value={total.uptime} testId="gauge-uptime" none={none} hint={t('dashboard.gauges.coverage', { share: formatShare(total.coverage) })} />
      <Stat label={t('dashboard.gauges.p95')} value={total.p95Ms === null ? none : ms(total.p95Ms)} testId="stat-p95" />
      <Stat label={t('dashboard.gauges.calls')} value={formatCount(total.calls)} testId="stat-calls" />
      <Stat label={t('dashboard.gauges.records')} value={formatCount(total.records)} testId="stat-records" />
      <Stat label={t('dashboard.gauges.runs')} value={formatCount(total.runs)} hint={t('dashboard.gauges.runsFailed', { count: total.runsFailed })} testId="stat-runs" />
    </div>
  );
}

/** A 0–1 measure as a gauge (a native meter: its value is read out by screen readers). */
function Gauge({ label, value, testId, none, hint }: { label: string; value: number | null; testId: string; none: string; hint?: string }) {
  return (
    <div className="dashboard-gauge" data-testid={testId}>
      <span className="dashboard-gauge-label">{label}</span>
      <meter min={0} max={1} low={0.95} high={0.99} optimum={1} value={value ?? 0} aria-label={label} />
      <strong>{value === null ? none : formatShare(value)}</strong>
      {hint && <span className="dashboard-gauge-hint">{hint}</span>}
    </div>
  );
}

function AlertsCard() {
  const { t } = useTranslation();
  const alerts = useMonitoringStore((s) => s.alerts);
  const acknowledge = useMonitoringStore((s) => s.acknowledge);
  const resolve = useMonitoringStore((s) => s.resolve);
  return (
    <Card title={t('dashboard.alerts.title')} testId="dashboard-alerts">
      {alerts.length === 0 ? (
        <p>{t('dashboard.alerts.none')}</p>
      ) : (
        <table className="dashboard-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.alerts.severity')}</th>
              <th scope="col">{t('dashboard.alerts.what')}</th>
              <th scope="col">{t('dashboard.alerts.since')}</th>
              <th scope="col">{t('dashboard.alerts.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('dashboard.alerts.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id} data-testid={`alert-${a.id}`} className={`dashboard-alert-${a.severity}`}>
                <td>{t(`dashboard.severity.${a.severity}`)}</td>
                <td>{a.message}</td>
                <td>{formatDateTime(a.firedAt)}</td>
                <td>{a.state === 'acknowledged' ? t('dashboard.alerts.acknowledgedBy', { who: a.acknowledgedBy ?? '' }) : t('dashboard.alerts.firing')}</td>
                <td className="dashboard-actions">
                  {a.state === 'firing' && (
                    <Button size="small" onClick={() => void acknowledge(a.id)} testId={`ack-${a.id}`}>
                      {t('dashboard.alerts.acknowledge')}
                    </Button>
                  )}
                  <Button size="small" variant="ghost" onClick={() => void resolve(a.id)} testId={`resolve-${a.id}`}>
                    {t('dashboard.alerts.resolve')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function IntegrationsCard() {
  const { t } = useTranslation();
  const integrations = useMonitoringStore((s) => s.integrations);
  const none = t('dashboard.none');
  return (
    <Card title={t('dashboard.integrations.title')} testId="dashboard-integrations">
      <table className="dashboard-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.integrations.name')}</th>
            <th scope="col">{t('dashboard.integrations.kind')}</th>
            <th scope="col">{t('dashboard.integrations.status')}</th>
            <th scope="col">{t('dashboard.integrations.successRate')}</th>
            <th scope="col">p95</th>
            <th scope="col">{t('dashboard.integrations.errors')}</th>
            <th scope="col">{t('dashboard.integrations.lastSync')}</th>
            <th scope="col">{t('dashboard.integrations.nextSync')}</th>
            <th scope="col">{t('dashboard.integrations.lastCheck')}</th>
          </tr>
        </thead>
        <tbody>
          {integrations.map((i) => (
            <tr key={i.id} data-testid={`integration-${i.id}`}>
              <td>{i.name}</td>
              <td>{t(`dashboard.kinds.${i.kind}`)}</td>
              <td>
                <span className={`dashboard-status dashboard-status-${i.status.toLowerCase()}`}>{t(`dashboard.statuses.${i.status}`)}</span>
              </td>
              <td>{i.successRate === null ? none : formatShare(i.successRate)}</td>
              <td>{i.p95Ms === null ? none : ms(i.p95Ms)}</td>
              <td>{formatCount(i.errorCount)}</td>
              <td>{i.lastSync ? formatDateTime(i.lastSync) : none}</td>
              <td>{i.nextSync ? formatDateTime(i.nextSync) : none}</td>
              <td data-testid={`integration-check-${i.id}`} title={i.lastCheck?.message ?? undefined}>
                {i.lastCheck
                  ? `${t(i.lastCheck.ok ? 'dashboard.integrations.checkPassed' : 'dashboard.integrations.checkFailed', { when: formatDateTime(i.lastCheck.at) })} (${t(`dashboard.integrations.checkBy.${i.lastCheck.trigger}`)})${i.lastCheck.message ? `: ${i.lastCheck.message}` : ''}`
                  : none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
