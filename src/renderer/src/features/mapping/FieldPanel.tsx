import { ArrowDown, ArrowUp, Trash2 } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { FieldTransform } from '../../../../shared/model/mapping';
import { transformFormFields } from '../../../../shared/transforms/form-fields';
import { TRANSFORM_METAS, transformMeta } from '../../../../shared/transforms/registry';
import { useTranslation } from '../../i18n';
import { KEY_FIELD, sourceColumns } from '../../stores/mapping-store';
import { useMappingStore, useStudioStores } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { useCanvasModel } from './canvas-model';
import { CrosswalkEditor, type CrosswalkSource } from './CrosswalkEditor';
import { TransformForm } from './TransformForm';

/** A new step of `kind` with each required setting at an empty value the form can fill in. */
export function newTransform(kind: string): FieldTransform {
  const step: Record<string, unknown> = { kind };
  for (const f of transformFormFields(kind)) {
    if (f.optional) continue;
    step[f.name] = f.input === 'list' ? [] : f.input === 'codes' ? {} : f.input === 'number' ? 0 : f.input === 'boolean' ? false : f.input === 'choice' ? (f.options?.[0] ?? '') : '';
  }
  return step as unknown as FieldTransform;
}

/** The project's named crosswalks, for the crosswalk step's name field. */
function useCrosswalkNames(): string[] {
  const { mapping } = useStudioStores();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    // Only names are needed; a failure just leaves the suggestions list empty.
    void mapping
      .getState()
      .listCrosswalkNames()
      .then((n) => live && setNames(n));
    return () => {
      live = false;
    };
  }, [mapping]);
  return names;
}

/**
 * The selected field: its type, what feeds it, and the steps on the way, each edited in a form
 * drawn from the transform registry. Edits go into the unsaved draft; the checks and the preview
 * follow them.
 */
export function FieldPanel() {
  const { t } = useTranslation();
  const model = useCanvasModel();
  const field = useMappingStore((s) => s.selectedField);
  const validation = useMappingStore((s) => s.validation);
  const catalogs = useMappingStore((s) => s.catalogs);
  const connect = useMappingStore((s) => s.connect);
  const disconnect = useMappingStore((s) => s.disconnect);
  const setTransforms = useMappingStore((s) => s.setTransforms);
  const clearColumn = useMappingStore((s) => s.clearColumn);
  const crosswalks = useCrosswalkNames();
  const [adding, setAdding] = useState<string>(TRANSFORM_METAS[0].kind);
  const [editing, setEditing] = useState<string | null>(null);
  const columnId = useId();
  const addId = useId();

  if (!model || field === null) {
    return (
      <Card title={t('mapping.panel.title', { field: '' }).trim()} className="mapping-panel" testId="field-panel">
        <p className="muted">{t('mapping.panel.empty')}</p>
      </Card>
    );
  }
  const info = model.fields.find((f) => f.field === field);
  const mapping = model.draft.fields.find((f) => f.field === field);
  const steps = mapping?.transforms ?? [];
  const columns = sourceColumns(model.draft, catalogs);
  const remarks = (validation?.remarks ?? []).filter((r) => r.place === `field ${field}` || (field === KEY_FIELD && r.place.endsWith('keyColumns')));
  const crosswalkSource = ((): CrosswalkSource | null => {
    const column = mapping?.column;
    if (!column) return null;
    const join = (model.draft.joins ?? []).find((j) => column.startsWith(`${j.as}.`));
    if (join) return { connectionId: join.connectionId ?? model.draft.connectionId, stream: join.stream, column: column.slice(join.as.length + 1) };
    return { connectionId: model.draft.connectionId, stream: model.draft.stream, column };
  })();
  const move = (from: number, to: number) => {
    const next = [...steps];
    const [step] = next.splice(from, 1);
    next.splice(to, 0, step);
    setTransforms(field, next);
  };

  return (
    <Card title={t('mapping.panel.title', { field })} className="mapping-panel" testId="field-panel">
      {info && (
        <p className="mapping-panel-type">
          <strong>{t('mapping.panel.type')}:</strong> {info.type}
          {info.format && ` · ${t('mapping.panel.format', { format: info.format })}`}
          {info.enum && ` · ${t('mapping.panel.oneOf', { values: info.enum.join(', ') })}`}
          {info.required && ` · ${t('mapping.required')}`}
          {info.personal && ` · ${t('mapping.personal')}`}
          {info.references && ` · ${t('mapping.references', { entity: info.references })}`}
        </p>
      )}
      {field === KEY_FIELD ? (
        <p className="field-help">
          {t('mapping.panel.keyHelp')} {model.draft.keyColumns.join(', ')}
        </p>
      ) : (
        <div className="mapping-panel-column">
          <label htmlFor={columnId}>{t('mapping.panel.column')}</label>
          <select
            id={columnId}
            data-testid="panel-column"
            value={mapping?.column ?? ''}
            onChange={(e) => (e.target.value === '' ? clearColumn(field) : connect(e.target.value, field))}
          >
            <option value="">{t('mapping.panel.noColumn')}</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {mapping && (
            <Button size="small" variant="ghost" onClick={() => disconnect(field)} testId="panel-disconnect">
              {t('mapping.panel.disconnect')}
            </Button>
          )}
        </div>
      )}
      {remarks.length > 0 && (
        <ul className="transform-remarks" aria-label={t('mapping.panel.remarks')} data-testid="field-remarks">
          {remarks.map((r, i) => (
            <li key={i} className={`remark remark-${r.level}`}>
              {r.message}
            </li>
          ))}
        </ul>
      )}
      {field !== KEY_FIELD && (
        <>
          <h3 className="mapping-panel-heading">{t('mapping.panel.transforms')}</h3>
          {steps.length === 0 && <p className="muted">{t('mapping.panel.noTransforms')}</p>}
          <ol className="mapping-steps">
            {steps.map((step, index) => {
              const label = transformMeta(step.kind)?.label ?? step.kind;
              return (
                <li key={`${field}-${index}-${step.kind}`} className="mapping-step" data-testid={`step-${index}`}>
                  <div className="mapping-step-header">
                    <strong>{t('mapping.panel.step', { index: index + 1, label })}</strong>
                    <span className="mapping-step-actions">
                      <Button size="small" variant="ghost" icon={<ArrowUp size={14} aria-hidden="true" />} aria-label={t('mapping.panel.moveUp', { label })} disabled={index === 0} onClick={() => move(index, index - 1)} />
                      <Button size="small" variant="ghost" icon={<ArrowDown size={14} aria-hidden="true" />} aria-label={t('mapping.panel.moveDown', { label })} disabled={index === steps.length - 1} onClick={() => move(index, index + 1)} />
                      <Button size="small" variant="ghost" icon={<Trash2 size={14} aria-hidden="true" />} aria-label={t('mapping.panel.remove', { label })} onClick={() => setTransforms(field, steps.filter((_, i) => i !== index))} />
                    </span>
                  </div>
                  <p className="field-help">{transformMeta(step.kind)?.description}</p>
                  <TransformForm transform={step} crosswalks={crosswalks} onChange={(next) => setTransforms(field, steps.map((s, i) => (i === index ? next : s)))} />
                  {step.kind === 'crosswalk' && step.crosswalk?.trim() && (
                    <Button size="small" onClick={() => setEditing(step.crosswalk!.trim())} testId={`edit-crosswalk-${index}`}>
                      {t('mapping.crosswalk.edit', { name: step.crosswalk.trim() })}
                    </Button>
                  )}
                </li>
              );
            })}
          </ol>
          {editing && <CrosswalkEditor name={editing} source={crosswalkSource} onClose={() => setEditing(null)} />}
          <div className="mapping-add-step">
            <label htmlFor={addId}>{t('mapping.panel.addTransform')}</label>
            <select id={addId} value={adding} onChange={(e) => setAdding(e.target.value)} data-testid="add-step-kind">
              {TRANSFORM_METAS.map((m) => (
                <option key={m.kind} value={m.kind}>
                  {m.label}
                </option>
              ))}
            </select>
            <Button size="small" onClick={() => setTransforms(field, [...steps, newTransform(adding)])} testId="add-step">
              {t('mapping.panel.add')}
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
