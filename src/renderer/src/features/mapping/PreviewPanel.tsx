import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import type { MappingPreviewRow, PreviewOutcome } from '../../../../shared/model/mapping-api';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { useMappingStore } from '../../stores/StudioProvider';
import { Card } from '../../ui/Card';
import { DataTable, type DataColumn } from '../../ui/DataTable';

type PreviewFilter = 'sample' | 'rejected' | 'key';

const OUTCOME_ICONS: Record<PreviewOutcome, typeof CircleCheck> = { valid: CircleCheck, warnings: TriangleAlert, rejected: CircleX };

/** A value as sent: null apart from empty text, objects as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The rows a filter keeps: all, the rejected ones, or the one whose externalId is typed. */
export function filterPreviewRows(rows: readonly MappingPreviewRow[], filter: PreviewFilter, key: string): MappingPreviewRow[] {
  if (filter === 'rejected') return rows.filter((r) => r.outcome === 'rejected');
  if (filter === 'key') return key.trim() === '' ? [] : rows.filter((r) => (r.externalId ?? '').toLowerCase() === key.trim().toLowerCase());
  return [...rows];
}

function OutcomeBadge({ outcome }: { outcome: PreviewOutcome }) {
  const { t } = useTranslation();
  const Icon = OUTCOME_ICONS[outcome];
  const label = outcome === 'valid' ? t('mapping.preview.valid') : outcome === 'warnings' ? t('mapping.preview.warnings') : t('mapping.preview.rejectedOutcome');
  return (
    <span className={`outcome outcome-${outcome}`} data-testid="preview-outcome">
      <Icon size={14} aria-hidden="true" /> {label}
    </span>
  );
}

/**
 * The edited (unsaved) mapping's first rows through the real plan: each record's values as they
 * would be sent and its outcome, with the reasons for a rejection or a warning. It follows every
 * edit (debounced in the store). Personal fields come masked from the engine when Settings say so.
 */
export function PreviewPanel() {
  const { t } = useTranslation();
  const preview = useMappingStore((s) => s.preview);
  const previewing = useMappingStore((s) => s.previewing);
  const error = useMappingStore((s) => s.previewError);
  const hasDraft = useMappingStore((s) => s.draft !== null);
  const [filter, setFilter] = useState<PreviewFilter>('sample');
  const [key, setKey] = useState('');
  const filterId = useId();
  const keyId = useId();

  const fields = useMemo(() => {
    const names = new Set<string>();
    for (const row of preview?.rows ?? []) for (const name of Object.keys(row.fields)) if (name !== 'externalId') names.add(name);
    return [...names];
  }, [preview]);

  const columns = useMemo<DataColumn<MappingPreviewRow>[]>(
    () => [
      { id: 'row', header: t('mapping.preview.row'), cell: (r) => r.sourceRow ?? '', sortValue: (r) => r.sourceRow, numeric: true },
      { id: 'externalId', header: t('mapping.preview.externalId'), cell: (r) => r.externalId ?? '—', sortValue: (r) => r.externalId, source: true, rowHeader: true },
      { id: 'outcome', header: t('mapping.preview.outcome'), cell: (r) => <OutcomeBadge outcome={r.outcome} />, sortValue: (r) => r.outcome },
      {
        id: 'reasons',
        header: t('mapping.preview.reasons'),
        cell: (r) => (
          <span data-testid="preview-reasons">
            {[...r.reasons.map((x) => (x.field ? `${x.field}: ${x.message}` : x.message)), ...r.warnings.map((w) => `${w.field}: ${w.message}`)].join(' · ')}
          </span>
        ),
      },
      ...fields.map<DataColumn<MappingPreviewRow>>((name) => ({ id: `f:${name}`, header: name, cell: (r) => cellText(r.fields[name]), source: true, title: (r) => cellText(r.fields[name]) })),
    ],
    [fields, t],
  );

  if (!hasDraft) return null;
  const rows = preview ? filterPreviewRows(preview.rows, filter, key) : [];
  const count = (o: PreviewOutcome) => formatCount(preview?.rows.filter((r) => r.outcome === o).length ?? 0);

  return (
    <Card title={t('mapping.preview.title')} testId="mapping-preview" className="mapping-preview">
      <p className="field-help">{t('mapping.preview.help')}</p>
      <div className="mapping-preview-toolbar">
        <label htmlFor={filterId}>{t('mapping.preview.filter')}</label>
        <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value as PreviewFilter)} data-testid="preview-filter">
          <option value="sample">{t('mapping.preview.sample')}</option>
          <option value="rejected">{t('mapping.preview.rejected')}</option>
          <option value="key">{t('mapping.preview.byKey')}</option>
        </select>
        {filter === 'key' && (
          <>
            <label htmlFor={keyId} className="visually-hidden">
              {t('mapping.preview.byKey')}
            </label>
            <input id={keyId} type="search" value={key} placeholder={t('mapping.preview.keyPlaceholder')} onChange={(e) => setKey(e.target.value)} data-testid="preview-key" />
          </>
        )}
        <span className="muted" aria-live="polite" data-testid="preview-status">
          {previewing
            ? t('mapping.preview.updating')
            : preview
              ? t('mapping.preview.summary', { valid: count('valid'), warnings: count('warnings'), rejected: count('rejected'), skipped: formatCount(preview.skipped) })
              : ''}
        </span>
      </div>
      {preview?.masked && <p className="field-help">{t('mapping.preview.masked')}</p>}
      {error ? (
        <p className="remark remark-error" role="status" data-testid="preview-error">
          {t('mapping.preview.failed', { message: error })}
        </p>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(r) => `${r.sourceRow ?? ''}:${r.externalId ?? ''}`}
          label={t('mapping.preview.label')}
          testId="preview-table"
          scrollClassName="mapping-preview-scroll"
          rowProps={(r) => ({ className: `preview-row-${r.outcome}`, testId: `preview-row-${r.externalId ?? r.sourceRow}` })}
          empty={t('mapping.preview.noRows')}
        />
      )}
    </Card>
  );
}
