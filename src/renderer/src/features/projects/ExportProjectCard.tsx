import { FileOutput, KeyRound, ShieldCheck } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ProjectExportResult } from '../../../../shared/api/services';
import { PROJECT_EXTENSION } from '../../../../shared/model/project';
import { Spinner } from '../../components/Spinner';
import { formatCount, formatDecimal } from '../../format/numbers';
import { t as translate, useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';

/**
 * "Export for hand-over…": a copy of the open project for a colleague or another computer, with
 * every secret left out. Asks for a path the same way the open and create forms do (the web host
 * has no file picker), then lists what the receiver has to type again.
 */
export function ExportProjectCard() {
  const { t } = useTranslation();
  const project = useProjectStore((s) => s.project);
  const busy = useProjectStore((s) => s.busy);
  const exportCopy = useProjectStore((s) => s.exportCopy);
  const [asking, setAsking] = useState(false);
  const [path, setPath] = useState('');
  const [result, setResult] = useState<ProjectExportResult | null>(null);
  const ids = { title: useId(), path: useId(), help: useId() };

  if (!project) return null;

  const start = () => {
    setResult(null);
    setPath(suggestedPath(project.path));
    setAsking(true);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = path.trim();
    if (!chosen) return;
    const written = await exportCopy(chosen);
    if (written) {
      setResult(written);
      setAsking(false);
    }
  };

  return (
    <section className="card" aria-labelledby={ids.title}>
      <div className="card-header">
        <h2 id={ids.title} className="card-title">
          {t('projects.export.title')}
        </h2>
        {!asking && (
          <button type="button" className="btn" onClick={start} disabled={busy !== null}>
            <FileOutput aria-hidden="true" size={16} />
            {t('projects.export.start')}
          </button>
        )}
      </div>
      <p className="field-help">
        {t('projects.export.help')}
      </p>
      {asking && (
        <form className="form" onSubmit={onSubmit}>
          <label htmlFor={ids.path}>{t('projects.export.where')}</label>
          <input
            id={ids.path}
            className="input mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-describedby={ids.help}
            spellCheck={false}
            autoComplete="off"
            dir="auto"
          />
          <p id={ids.help} className="field-help">
            {t('projects.forms.extensionHelp', { extension: PROJECT_EXTENSION })}
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setAsking(false)} disabled={busy === 'export'}>
              {t('projects.export.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={!path.trim() || busy !== null} aria-busy={busy === 'export'}>
              {busy === 'export' ? <Spinner /> : <FileOutput aria-hidden="true" size={16} />}
              {t('projects.export.submit')}
            </button>
          </div>
        </form>
      )}
      {result && <ExportResult result={result} />}
    </section>
  );
}

function ExportResult({ result }: { result: ProjectExportResult }) {
  const { t } = useTranslation();
  return (
    <div role="status" data-testid="project-export-result">
      <p className="verify-ok">
        <ShieldCheck aria-hidden="true" size={16} />
        <span>
          <strong>{t('projects.export.written')}</strong> ({formatSize(result.bytes)})
        </span>
      </p>
      <p className="mono muted project-path" dir="auto" title={result.path}>
        {result.path}
      </p>
      {result.needsSecrets.length === 0 ? (
        <p className="field-help">{t('projects.export.noSecrets')}</p>
      ) : (
        <>
          <p>{t('projects.export.enterAgain')}</p>
          <ul className="connection-list" aria-label={t('projects.export.secretsList')}>
            {result.needsSecrets.map((item) => (
              <li key={`${item.kind}:${item.id}`}>
                <KeyRound aria-hidden="true" size={14} /> <span dir="auto">{item.name}</span>{' '}
                <span className="tag">{item.kind === 'target' ? t('projects.export.target') : t('projects.export.connection')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** `school.apstudio` → `school-handover.apstudio`, beside the project. */
function suggestedPath(projectPath: string): string {
  const stem = projectPath.toLowerCase().endsWith(PROJECT_EXTENSION) ? projectPath.slice(0, -PROJECT_EXTENSION.length) : projectPath;
  return `${stem}-handover${PROJECT_EXTENSION}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return translate('projects.export.bytes', { count: bytes, formatted: formatCount(bytes) });
  if (bytes < 1024 * 1024) return translate('projects.export.kb', { formatted: formatCount(Math.round(bytes / 1024)) });
  return translate('projects.export.mb', { formatted: formatDecimal(bytes / (1024 * 1024)) });
}
