import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Catalog } from '../../../../shared/model/connection';
import type { EntitySuggestion, SuggestionResult } from '../../../../shared/model/suggestion';
import { useTranslation } from '../../i18n';
import { useConnectionsStore, useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

/**
 * Starts a mapping: a source, one of its tables and an Academia Pro entity, typed or taken from
 * the engine's suggestions (which also bring the key and the field suggestions onto the canvas).
 * Nothing is saved until Save on the screen.
 */
export function NewMappingDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const connections = useConnectionsStore((s) => s.connections);
  const mappings = useMappingStore((s) => s.mappings);
  const task = useMappingStore((s) => s.task);
  const ensureCatalog = useMappingStore((s) => s.ensureCatalog);
  const suggestFor = useMappingStore((s) => s.suggestFor);
  const startNew = useMappingStore((s) => s.startNew);
  const [connectionId, setConnectionId] = useState('');
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [result, setResult] = useState<SuggestionResult | null>(null);
  const [chosen, setChosen] = useState<EntitySuggestion | null>(null);
  const [stream, setStream] = useState('');
  const [entity, setEntity] = useState('');
  const ids = { connection: useId(), stream: useId(), entity: useId(), entities: useId() };

  const current = connectionId || connections[0]?.id || '';
  useEffect(() => {
    if (!open || !current) return;
    let live = true;
    setResult(null);
    setChosen(null);
    void ensureCatalog(current).then((c) => live && setCatalog(c));
    return () => {
      live = false;
    };
  }, [open, current, ensureCatalog]);

  const mapped = (e: string, table: string) => mappings.some((m) => m.connectionId === current && m.entity === e && m.stream === table);
  const streams = catalog?.streams.map((s) => s.name) ?? [];
  const entities = [...new Set([...(result?.entities.map((e) => e.entity) ?? []), ...mappings.map((m) => m.entity)])];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !stream || !entity.trim()) return;
    const suggestion = chosen && chosen.entity === entity.trim() && chosen.table === stream ? chosen : result?.entities.find((e) => e.entity === entity.trim() && e.table === stream);
    void startNew({ connectionId: current, stream, entity: entity.trim(), suggestion });
    onClose();
  };

  return (
    <Dialog
      open={open}
      title={t('mapping.newMapping.title')}
      description={t('mapping.newMapping.description')}
      onClose={onClose}
      testId="new-mapping-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('mapping.newMapping.cancel')}</Button>
          <Button variant="primary" type="submit" form="new-mapping-form" disabled={!current || !stream || !entity.trim()} testId="new-mapping-create">
            {t('mapping.newMapping.create')}
          </Button>
        </>
      }
    >
      {connections.length === 0 ? (
        <p>{t('mapping.newMapping.noConnections')}</p>
      ) : (
        <form id="new-mapping-form" className="stack" onSubmit={submit}>
          <div className="transform-field">
            <label htmlFor={ids.connection}>{t('mapping.newMapping.connection')}</label>
            <select id={ids.connection} value={current} onChange={(e) => setConnectionId(e.target.value)} data-testid="new-mapping-connection">
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <Button size="small" busy={task === 'suggest'} onClick={() => void suggestFor(current).then(setResult)} testId="new-mapping-suggest">
              {t('mapping.newMapping.suggest')}
            </Button>
          </div>
          {result && (
            <fieldset className="mapping-new-suggestions">
              <legend>{t('mapping.newMapping.suggested')}</legend>
              {result.entities.map((e) => (
                <label key={`${e.entity}/${e.table}`} className="transform-field-check">
                  <input
                    type="radio"
                    name="suggested-entity"
                    checked={chosen === e}
                    onChange={() => {
                      setChosen(e);
                      setStream(e.table);
                      setEntity(e.entity);
                    }}
                  />
                  {t('mapping.newMapping.choice', { table: e.table, entity: e.entity, percent: Math.round(e.confidence * 100) })}
                  {mapped(e.entity, e.table) && <span className="muted"> · {t('mapping.newMapping.mapped')}</span>}
                </label>
              ))}
            </fieldset>
          )}
          <div className="transform-field">
            <label htmlFor={ids.stream}>{t('mapping.newMapping.stream')}</label>
            {streams.length > 0 ? (
              <select id={ids.stream} value={stream} onChange={(e) => setStream(e.target.value)} data-testid="new-mapping-stream">
                <option value="">—</option>
                {streams.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            ) : (
              <>
                <input id={ids.stream} value={stream} onChange={(e) => setStream(e.target.value)} dir="auto" data-testid="new-mapping-stream" />
                <span className="field-help">{t('mapping.newMapping.noStreams')}</span>
              </>
            )}
          </div>
          <div className="transform-field">
            <label htmlFor={ids.entity}>{t('mapping.newMapping.entity')}</label>
            <input id={ids.entity} value={entity} list={ids.entities} placeholder={t('mapping.newMapping.entityPlaceholder')} onChange={(e) => setEntity(e.target.value)} data-testid="new-mapping-entity" />
            <datalist id={ids.entities}>
              {entities.map((e) => (
                <option key={e} value={e} />
              ))}
            </datalist>
          </div>
        </form>
      )}
    </Dialog>
  );
}
