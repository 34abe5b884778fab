import { useId, useRef, useState } from 'react';
import type { MappingExportFile } from '../../../../shared/model/mapping-api';
import { useTranslation } from '../../i18n';
import type { ImportReportLine } from '../../stores/mapping-store';
import { useConnectionsStore, useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { saveFile } from '../../ui/download';

function download(file: MappingExportFile, name: string) {
  saveFile({ filename: `${name.replace(/[^\w.-]+/g, '_')}.mappings.json`, contentType: 'application/json', content: `${JSON.stringify(file, null, 2)}\n`, encoding: 'utf8' });
}

/**
 * Mappings as templates: exported as the CLI's export file, imported onto a source of this
 * project (`mappings.import`, all or none), with a compatibility report from the checks of each
 * imported mapping against this project's catalogs and target.
 */
export function TemplatesCard() {
  const { t } = useTranslation();
  const connections = useConnectionsStore((s) => s.connections);
  const draftConnection = useMappingStore((s) => s.draft?.connectionId ?? null);
  const selectedId = useMappingStore((s) => s.selectedId);
  const exportFile = useMappingStore((s) => s.exportFile);
  const importFile = useMappingStore((s) => s.importFile);
  const select = useMappingStore((s) => s.select);
  const [connectionId, setConnectionId] = useState('');
  const [report, setReport] = useState<ImportReportLine[] | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const onto = connectionId || draftConnection || connections[0]?.id || '';

  return (
    <Card title={t('mapping.templates.title')} testId="mapping-templates">
      <p className="field-help">{t('mapping.templates.help')}</p>
      <div className="mapping-crosswalk-tools">
        <Button
          size="small"
          disabled={!selectedId}
          onClick={() => {
            const file = exportFile(false);
            if (file) download(file, `${file.mappings[0].stream}-${file.mappings[0].entity}`);
          }}
          testId="export-mapping"
        >
          {t('mapping.templates.exportOne')}
        </Button>
        <Button
          size="small"
          onClick={() => {
            const file = exportFile(true);
            if (file) download(file, 'mappings');
          }}
        >
          {t('mapping.templates.exportAll')}
        </Button>
      </div>
      {connections.length > 0 && (
        <div className="mapping-panel-column">
          <label htmlFor={id}>{t('mapping.templates.importOnto')}</label>
          <select id={id} value={onto} onChange={(e) => setConnectionId(e.target.value)}>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <Button size="small" busy={busy} onClick={() => fileRef.current?.click()}>
            {t('mapping.templates.import')}
          </Button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="import-mappings"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setBusy(true);
              const reader = new FileReader();
              reader.onload = () =>
                void importFile(String(reader.result ?? ''), onto).then((lines) => {
                  setBusy(false);
                  if (lines) setReport(lines);
                });
              reader.onerror = () => setBusy(false);
              reader.readAsText(file);
            }}
          />
        </div>
      )}
      {report && (
        <section aria-label={t('mapping.templates.report')} data-testid="import-report">
          <h3 className="mapping-panel-heading">{t('mapping.templates.report')}</h3>
          <ul className="mapping-checks">
            {report.map((line) => (
              <li key={line.id} className={line.errors ? 'remark remark-error' : line.warnings ? 'remark remark-warning' : 'remark remark-ok'}>
                {t('mapping.templates.line', { entity: line.entity, id: line.id, status: t(`mapping.templates.${line.status}`) })} ·{' '}
                {line.errors || line.warnings ? t('mapping.templates.checks', { errors: t('mapping.templates.errors', { count: line.errors }), warnings: t('mapping.templates.warnings', { count: line.warnings }) }) : t('mapping.templates.clean')}
                <Button size="small" variant="ghost" onClick={() => void select(line.id)}>
                  {t('mapping.templates.open')}
                </Button>
                {line.remarks.length > 0 && (
                  <ul>
                    {line.remarks.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Card>
  );
}
