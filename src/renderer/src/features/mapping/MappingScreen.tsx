import '@xyflow/react/dist/style.css';
import './mapping.css';
import { Plus } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { NeedsProject } from '../../components/NeedsProject';
import { Spinner } from '../../components/Spinner';
import { useTranslation } from '../../i18n';
import { useMappingStore, useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ChecksCard } from './ChecksCard';
import { FieldPanel } from './FieldPanel';
import { FiltersCard } from './FiltersCard';
import { HistoryCard } from './HistoryCard';
import { KeyboardConnect } from './KeyboardConnect';
import { MappingCanvas } from './MappingCanvas';
import { NewMappingDialog } from './NewMappingDialog';
import { PreviewPanel } from './PreviewPanel';
import { SuggestionsCard } from './SuggestionsCard';
import { TemplatesCard } from './TemplatesCard';
import { useCanvasModel } from './canvas-model';

/** The Mapping screen: pick a mapping, connect on the canvas, shape values in the side panel, watch the live preview. */
export function MappingScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen mapping-screen">
      <header className="screen-header">
        <div>
          <h1>{t('mapping.title')}</h1>
          <p className="screen-subtitle">{t('mapping.subtitle')}</p>
        </div>
      </header>
      <NeedsProject what={t('mapping.what')}>
        <MappingBody />
      </NeedsProject>
    </div>
  );
}

function MappingBody() {
  const { t } = useTranslation();
  const projectPath = useProjectStore((s) => s.project?.path);
  const loaded = useMappingStore((s) => s.loaded);
  const load = useMappingStore((s) => s.load);
  const mappings = useMappingStore((s) => s.mappings);
  const hasDraft = useMappingStore((s) => s.draft !== null);
  const [creating, setCreating] = useState(false);
  // Read when the screen is first shown (and for each project opened while it is).
  useEffect(() => {
    if (!loaded) void load();
  }, [load, loaded, projectPath]);

  if (!loaded) {
    return (
      <div className="panel-loading">
        <Spinner /> {t('mapping.loading')}
      </div>
    );
  }
  const dialog = <NewMappingDialog open={creating} onClose={() => setCreating(false)} />;
  if (mappings.length === 0 && !hasDraft) {
    return (
      <>
        <EmptyState
          title={t('mapping.noneTitle')}
          action={
            <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setCreating(true)} testId="new-mapping">
              {t('mapping.newMapping.open')}
            </Button>
          }
        >
          {t('mapping.noneBody')}
        </EmptyState>
        {dialog}
      </>
    );
  }
  return (
    <div className="stack">
      {dialog}
      <MappingToolbar onNew={() => setCreating(true)} />
      <div className="mapping-layout">
        <div className="stack mapping-main">
          <CatalogNotice />
          <MappingCanvas />
          <KeyboardConnect />
        </div>
        <div className="stack mapping-side">
          <FieldPanel />
          <ChecksCard />
          <SuggestionsCard />
          <FiltersCard />
          <HistoryCard />
          <TemplatesCard />
        </div>
      </div>
      <PreviewPanel />
    </div>
  );
}

function MappingToolbar({ onNew }: { onNew(): void }) {
  const { t } = useTranslation();
  const mappings = useMappingStore((s) => s.mappings);
  const selectedId = useMappingStore((s) => s.selectedId);
  const select = useMappingStore((s) => s.select);
  const dirty = useMappingStore((s) => s.dirty);
  const task = useMappingStore((s) => s.task);
  const save = useMappingStore((s) => s.save);
  const revert = useMappingStore((s) => s.revert);
  const output = useMappingStore((s) => s.output);
  const draft = useMappingStore((s) => s.draft);
  const id = useId();
  return (
    <div className="mapping-toolbar" data-testid="mapping-toolbar">
      <label htmlFor={id}>{t('mapping.choose')}</label>
      <select id={id} value={selectedId ?? ''} onChange={(e) => void select(e.target.value)} data-testid="mapping-select" aria-label={t('mapping.list')}>
        {selectedId === null && draft && <option value="">{t('mapping.newMapping.unsavedOption', { stream: draft.stream, entity: draft.entity })}</option>}
        {mappings.map((m) => (
          <option key={m.id} value={m.id}>
            {t('mapping.option', { stream: m.stream, entity: m.entity })}
          </option>
        ))}
      </select>
      <Button size="small" icon={<Plus size={14} aria-hidden="true" />} onClick={onNew} testId="new-mapping">
        {t('mapping.newMapping.open')}
      </Button>
      {output && output.requiredUnfed.length > 0 && (
        <span className="remark remark-warning" data-testid="required-unfed">
          {t('mapping.requiredUnfed')} ({output.requiredUnfed.join(', ')})
        </span>
      )}
      <span className="mapping-toolbar-end">
        {dirty && (
          <span className="muted" data-testid="mapping-dirty">
            {t('mapping.unsaved')}
          </span>
        )}
        <Button size="small" variant="ghost" disabled={!dirty} onClick={revert} testId="mapping-revert">
          {t('mapping.revert')}
        </Button>
        <Button size="small" variant="primary" disabled={!dirty} busy={task === 'save'} onClick={() => void save()} testId="mapping-save">
          {t('mapping.save')}
        </Button>
      </span>
    </div>
  );
}

/** When the source's columns were never read, the canvas shows only the ones the mapping uses; reading them is one click. */
function CatalogNotice() {
  const { t } = useTranslation();
  const model = useCanvasModel();
  const task = useMappingStore((s) => s.task);
  const discover = useMappingStore((s) => s.discover);
  if (!model?.columnsGuessed) return null;
  return (
    <p className="mapping-notice" data-testid="catalog-notice">
      {t('mapping.noCatalog')}{' '}
      <Button size="small" busy={task === 'discover'} onClick={() => void discover(model.draft.connectionId)}>
        {t('mapping.discover')}
      </Button>
    </p>
  );
}
