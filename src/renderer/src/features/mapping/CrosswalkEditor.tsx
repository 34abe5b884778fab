import { Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ValueCount } from '../../../../shared/model/assessment';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { saveFile } from '../../ui/download';
import { CrosswalkCsvError, formatCrosswalkCsv, parseCrosswalkCsv } from './crosswalk-csv';

/** The source column a crosswalk translates (its values are looked up in the latest assessment). */
export interface CrosswalkSource {
  connectionId: string;
  stream: string;
  column: string;
}

interface CodeRow {
  id: number;
  code: string;
  value: string;
}

/** A picked file's text (FileReader: also where `Blob.text` is missing). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

/** Codes typed twice (the table keeps one per code, so Save waits until they differ). */
export function duplicateCodes(rows: readonly { code: string }[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of rows) (seen.has(r.code) ? twice : seen).add(r.code);
  return [...twice];
}

/**
 * A named crosswalk in the data table: each legacy code and what it becomes, the source's values
 * the table does not cover yet (from the latest assessment's profile, so none is forgotten),
 * CSV import and export, and Save (`mappings.putCrosswalk`).
 */
export function CrosswalkEditor({ name, source, onClose }: { name: string; source: CrosswalkSource | null; onClose(): void }) {
  const connectionId = source?.connectionId;
  const stream = source?.stream;
  const column = source?.column;
  const { t } = useTranslation();
  const readCrosswalk = useMappingStore((s) => s.readCrosswalk);
  const saveCrosswalk = useMappingStore((s) => s.saveCrosswalk);
  const sourceValues = useMappingStore((s) => s.sourceValues);
  const [rows, setRows] = useState<CodeRow[]>([]);
  const [description, setDescription] = useState<string | undefined>(undefined);
  const [values, setValues] = useState<ValueCount[] | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nextId = useRef(1);
  const fileRef = useRef<HTMLInputElement>(null);
  const toRows = (table: Record<string, string>) => Object.entries(table).map(([code, value]) => ({ id: nextId.current++, code, value }));

  useEffect(() => {
    let live = true;
    void readCrosswalk(name).then((c) => {
      if (!live) return;
      setRows(c ? toRows(c.table) : []);
      setDescription(c?.description);
    });
    if (connectionId && stream && column) void sourceValues(connectionId, stream, column).then((v) => live && setValues(v));
    return () => {
      live = false;
    };
  }, [name, connectionId, stream, column, readCrosswalk, sourceValues]);

  const counts = useMemo(() => new Map((values ?? []).map((v) => [v.value, v.count])), [values]);
  const unmapped = (values ?? []).filter((v) => !rows.some((r) => r.code === v.value));
  const twice = duplicateCodes(rows);
  const update = (id: number, change: Partial<CodeRow>) => setRows((all) => all.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const addCodes = (codes: string[]) => setRows((all) => [...all, ...codes.map((code) => ({ id: nextId.current++, code, value: '' }))]);

  const columns: DataColumn<CodeRow>[] = [
    {
      id: 'code',
      header: t('mapping.crosswalk.code'),
      sortValue: (r) => r.code,
      cell: (r) => <input value={r.code} aria-label={t('mapping.crosswalk.codeOf', { index: rows.indexOf(r) + 1 })} dir="auto" onChange={(e) => update(r.id, { code: e.target.value })} />,
    },
    {
      id: 'value',
      header: t('mapping.crosswalk.value'),
      sortValue: (r) => r.value,
      cell: (r) => <input value={r.value} aria-label={t('mapping.crosswalk.valueOf', { code: r.code || t('mapping.crosswalk.blank') })} dir="auto" onChange={(e) => update(r.id, { value: e.target.value })} />,
    },
    { id: 'seen', header: t('mapping.crosswalk.seen'), numeric: true, sortValue: (r) => counts.get(r.code) ?? null, cell: (r) => (counts.has(r.code) ? formatCount(counts.get(r.code)!) : '') },
    {
      id: 'remove',
      header: '',
      cell: (r) => (
        <Button size="small" variant="ghost" icon={<Trash2 size={14} aria-hidden="true" />} aria-label={t('mapping.crosswalk.remove', { code: r.code || t('mapping.crosswalk.blank') })} onClick={() => setRows((all) => all.filter((x) => x.id !== r.id))} />
      ),
    },
  ];

  const save = async () => {
    setSaving(true);
    const saved = await saveCrosswalk(name, Object.fromEntries(rows.map((r) => [r.code, r.value])), description);
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <Dialog
      open
      title={t('mapping.crosswalk.title', { name })}
      description={t('mapping.crosswalk.description')}
      onClose={onClose}
      testId="crosswalk-editor"
      footer={
        <>
          <Button onClick={onClose}>{t('mapping.crosswalk.cancel')}</Button>
          <Button variant="primary" busy={saving} disabled={twice.length > 0} onClick={() => void save()} testId="crosswalk-save">
            {t('mapping.crosswalk.save')}
          </Button>
        </>
      }
    >
      <div className="mapping-crosswalk-tools">
        <Button size="small" onClick={() => addCodes([''])} testId="crosswalk-add">
          {t('mapping.crosswalk.addRow')}
        </Button>
        <Button size="small" onClick={() => fileRef.current?.click()}>
          {t('mapping.crosswalk.importCsv')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="crosswalk-import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            void readText(file).then((text) => {
              try {
                setRows(toRows(parseCrosswalkCsv(text)));
                setCsvError(null);
              } catch (error) {
                if (!(error instanceof CrosswalkCsvError)) throw error;
                setCsvError(error.message);
              }
            });
          }}
        />
        <Button
          size="small"
          testId="crosswalk-export"
          onClick={() => saveFile({ filename: `${name.replace(/[^\w.-]+/g, '_')}.csv`, contentType: 'text/csv; charset=utf-8', content: formatCrosswalkCsv(Object.fromEntries(rows.map((r) => [r.code, r.value]))), encoding: 'utf8' })}
        >
          {t('mapping.crosswalk.exportCsv')}
        </Button>
      </div>
      {csvError && (
        <p className="remark remark-error" role="alert" data-testid="crosswalk-csv-error">
          {csvError}
        </p>
      )}
      {twice.map((code) => (
        <p key={code} className="remark remark-error" role="status">
          {t('mapping.crosswalk.twice', { code })}
        </p>
      ))}
      <DataTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label={t('mapping.crosswalk.table', { name })} testId="crosswalk-table" empty={t('mapping.crosswalk.none')} />
      <section className="mapping-unmapped" data-testid="crosswalk-unmapped">
        <h3 className="mapping-panel-heading">{t('mapping.crosswalk.unmapped')}</h3>
        {values === null ? (
          <p className="muted">{t('mapping.crosswalk.noProfile')}</p>
        ) : (
          <>
            <p className="field-help">{t('mapping.crosswalk.unmappedHelp', { column: column ?? '' })}</p>
            <ul className="mapping-unmapped-list">
              {unmapped.map((v) => (
                <li key={v.value}>
                  <Button size="small" variant="ghost" onClick={() => addCodes([v.value])}>
                    {t('mapping.crosswalk.addValue', { value: v.value || t('mapping.crosswalk.blank') })}
                  </Button>
                  <span className="muted">{formatCount(v.count)}</span>
                </li>
              ))}
            </ul>
            {unmapped.length > 1 && (
              <Button size="small" onClick={() => addCodes(unmapped.map((v) => v.value))} testId="crosswalk-add-unmapped">
                {t('mapping.crosswalk.addAll')}
              </Button>
            )}
          </>
        )}
      </section>
    </Dialog>
  );
}
