import './reports.css';
import { FolderOpen } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_PERIODS, type ReportFormat, type ReportKind, type ReportPeriod, type ReportScheduleInfo } from '../../../../shared/model/report-schedule';
import { formatDateTime } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useProjectStore, useReportsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { saveFile } from '../../ui/download';
import { FilePicker } from '../connections/FilePicker';

/**
 * The Dashboard's Reports card (issue 20, item 5): export a report now, and keep schedules that
 * deliver one by themselves — each with its next time and how its last delivery went.
 */
export function ReportsCard() {
  const { t } = useTranslation();
  const projectPath = useProjectStore((s) => s.project?.path);
  const load = useReportsStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load, projectPath]);
  return (
    <Card title={t('reports.title')} testId="dashboard-reports">
      <p>{t('reports.intro')}</p>
      <ExportReport />
      <Schedules />
      <NewSchedule />
    </Card>
  );
}

function Choice<T extends string>({ label, value, options, optionLabel, onChange, testId }: { label: string; value: T; options: readonly T[]; optionLabel(v: T): string; onChange(v: T): void; testId: string }) {
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

function ExportReport() {
  const { t } = useTranslation();
  const exportReport = useReportsStore((s) => s.exportReport);
  const busy = useReportsStore((s) => s.busy === 'export');
  const [kind, setKind] = useState<ReportKind>('runs');
  const [period, setPeriod] = useState<ReportPeriod | 'all'>('week');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const run = async () => {
    const file = await exportReport({ report: kind, format, ...(period === 'all' ? {} : { period }) });
    if (file) saveFile(file);
  };
  return (
    <div className="reports-row" role="group" aria-label={t('reports.export')}>
      <Choice<ReportKind> label={t('reports.kind')} value={kind} options={REPORT_KINDS} optionLabel={(k) => t(`reports.kinds.${k}`)} onChange={setKind} testId="report-kind" />
      <Choice<ReportPeriod | 'all'> label={t('reports.period')} value={period} options={['all', ...REPORT_PERIODS] as const} optionLabel={(p) => t(`reports.periods.${p}`)} onChange={setPeriod} testId="report-period" />
      <Choice<ReportFormat> label={t('reports.format')} value={format} options={REPORT_FORMATS} optionLabel={(f) => f.toUpperCase()} onChange={setFormat} testId="report-format" />
      <Button busy={busy} onClick={() => void run()} testId="report-export">
        {t('reports.export')}
      </Button>
    </div>
  );
}

function Schedules() {
  const { t } = useTranslation();
  const schedules = useReportsStore((s) => s.schedules);
  const deliverNow = useReportsStore((s) => s.deliverNow);
  const removeSchedule = useReportsStore((s) => s.removeSchedule);
  const busy = useReportsStore((s) => s.busy !== null);
  return (
    <section aria-label={t('reports.schedules')}>
      <h3>{t('reports.schedules')}</h3>
      {schedules.length === 0 ? (
        <p>{t('reports.schedulesNone')}</p>
      ) : (
        <table className="dashboard-table" data-testid="report-schedules">
          <thead>
            <tr>
              <th scope="col">{t('reports.name')}</th>
              <th scope="col">{t('reports.kind')}</th>
              <th scope="col">{t('reports.when')}</th>
              <th scope="col">{t('reports.next')}</th>
              <th scope="col">{t('reports.to')}</th>
              <th scope="col">{t('reports.last')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('reports.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id} data-testid={`report-schedule-${s.id}`}>
                <td>{s.name}</td>
                <td>
                  {t(`reports.kinds.${s.kind}`)} · {t(`reports.periods.${s.period}`)} · {s.format.toUpperCase()}
                </td>
                <td>
                  <code dir="ltr">{s.cron}</code> ({s.timezone}){s.enabled ? '' : ` · ${t('reports.disabled')}`}
                </td>
                <td>{s.nextAt ? formatDateTime(s.nextAt) : t('dashboard.none')}</td>
                <td>{destinations(s, t)}</td>
                <td data-testid={`report-last-${s.id}`}>
                  {s.lastDeliveries.length === 0
                    ? t('reports.never')
                    : s.lastDeliveries.map((d) => (
                        <div key={d.id} className={d.status === 'ok' ? 'reports-ok' : 'reports-failed'}>
                          {formatDateTime(d.at)}: {d.status === 'ok' ? t('reports.ok', { destination: t(`reports.destinations.${d.destination}`) }) : t('reports.failed', { destination: t(`reports.destinations.${d.destination}`), reason: d.reason ?? '' })}
                        </div>
                      ))}
                </td>
                <td className="dashboard-actions">
                  <Button size="small" disabled={busy} onClick={() => void deliverNow(s.id)} testId={`report-deliver-${s.id}`}>
                    {t('reports.deliverNow')}
                  </Button>
                  <Button size="small" variant="ghost" disabled={busy} onClick={() => void removeSchedule(s.id)} testId={`report-remove-${s.id}`}>
                    {t('reports.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function destinations(s: ReportScheduleInfo, t: ReturnType<typeof useTranslation>['t']): string {
  const parts: string[] = [];
  if (s.folder) parts.push(s.folder);
  if (s.email) parts.push(`${t('reports.destinations.email')}${s.emailTo.length ? `: ${s.emailTo.join(', ')}` : ''}`);
  return parts.join(' · ');
}

function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function NewSchedule() {
  const { t } = useTranslation();
  const saveSchedule = useReportsStore((s) => s.saveSchedule);
  const busy = useReportsStore((s) => s.busy === 'save');
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ReportKind>('sla');
  const [period, setPeriod] = useState<ReportPeriod>('week');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [cron, setCron] = useState('0 7 * * 1');
  const [timezone, setTimezone] = useState(localZone);
  const [folder, setFolder] = useState('');
  const [email, setEmail] = useState(false);
  const [emailTo, setEmailTo] = useState('');
  const [picking, setPicking] = useState(false);

  // The studio writes only where a person picked: the desktop app's own dialog, or in the browser the engine-side picker.
  const browse = async () => {
    const native = typeof window === 'undefined' ? undefined : window.studioBridge?.pickPath;
    if (!native) {
      setPicking(true);
      return;
    }
    const result = await native({ kind: 'folder' });
    if ('path' in result) setFolder(result.path);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const recipients = emailTo
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const saved = await saveSchedule({ name: name.trim(), kind, period, format, cron: cron.trim(), timezone: timezone.trim(), folder: folder.trim() || null, email, emailTo: recipients });
    if (saved) setName('');
  };

  return (
    <details className="reports-new">
      <summary>{t('reports.newSchedule')}</summary>
      <form onSubmit={(e) => void onSubmit(e)} data-testid="report-schedule-form">
        <div className="reports-row">
          <label>
            {t('reports.name')}
            <input className="input" data-testid="schedule-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <Choice<ReportKind> label={t('reports.kind')} value={kind} options={REPORT_KINDS} optionLabel={(k) => t(`reports.kinds.${k}`)} onChange={setKind} testId="schedule-kind" />
          <Choice<ReportPeriod> label={t('reports.period')} value={period} options={REPORT_PERIODS} optionLabel={(p) => t(`reports.periods.${p}`)} onChange={setPeriod} testId="schedule-period" />
          <Choice<ReportFormat> label={t('reports.format')} value={format} options={REPORT_FORMATS} optionLabel={(f) => f.toUpperCase()} onChange={setFormat} testId="schedule-format" />
        </div>
        <div className="reports-row">
          <label>
            {t('reports.cron')}
            <input className="input mono" dir="ltr" data-testid="schedule-cron" value={cron} onChange={(e) => setCron(e.target.value)} required spellCheck={false} />
          </label>
          <label>
            {t('reports.timezone')}
            <input className="input" dir="ltr" data-testid="schedule-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} required spellCheck={false} />
          </label>
        </div>
        <div className="reports-row">
          <label htmlFor={`${id}-folder`}>{t('reports.folder')}</label>
          <input id={`${id}-folder`} className="input mono reports-folder" dir="ltr" data-testid="schedule-folder" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
          <Button icon={<FolderOpen size={16} aria-hidden="true" />} onClick={() => void browse()} testId="schedule-browse">
            {t('reports.browse')}
          </Button>
        </div>
        {picking && (
          <FilePicker
            kind="folder"
            onPicked={(chosen) => {
              setFolder(chosen);
              setPicking(false);
            }}
            onCancel={() => setPicking(false)}
          />
        )}
        <div className="reports-row">
          <label>
            <input type="checkbox" data-testid="schedule-email" checked={email} onChange={(e) => setEmail(e.target.checked)} /> {t('reports.email')}
          </label>
          {email && (
            <label>
              {t('reports.emailTo')}
              <input className="input" dir="ltr" data-testid="schedule-email-to" value={emailTo} onChange={(e) => setEmailTo(e.target.value)} />
            </label>
          )}
        </div>
        <Button type="submit" variant="primary" busy={busy} testId="schedule-save">
          {t('reports.save')}
        </Button>
      </form>
    </details>
  );
}
