import { useId, useState } from 'react';
import { useTranslation } from '../../i18n';
import { useSyncsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import type { SyncConflict } from '../../../../shared/model/sync';

/** How a value reads in the side-by-side diff (an empty value said in words, not left blank). */
function Shown({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <em>{t('syncs.conflicts.empty')}</em>;
  return <span className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
}

/**
 * The two-way conflict queue: each field both sides changed since the last sync, the value they
 * last agreed on beside the old system's and Academia Pro's, and the decision buttons (keep one
 * side, or type the right value). The sync's next run gives the decision to both sides.
 */
export function ConflictQueue() {
  const { t } = useTranslation();
  const conflicts = useSyncsStore((s) => s.conflicts);
  return (
    <Card title={t('syncs.conflicts.title')} testId="syncs-conflicts">
      {conflicts.length === 0 ? <p>{t('syncs.conflicts.none')}</p> : conflicts.map((c) => <ConflictItem key={c.id} conflict={c} />)}
    </Card>
  );
}

function ConflictItem({ conflict: c }: { conflict: SyncConflict }) {
  const { t } = useTranslation();
  const id = useId();
  const busy = useSyncsStore((s) => s.busy);
  const resolve = useSyncsStore((s) => s.resolve);
  const [typed, setTyped] = useState('');
  const working = busy === `conflict:${c.id}`;
  return (
    <section className="syncs-conflict" aria-labelledby={`${id}-title`} data-testid={`conflict-${c.id}`}>
      <h3 id={`${id}-title`} className="syncs-conflict-title">
        {t('syncs.conflicts.heading', { entity: c.entity, key: c.externalId, field: c.field, job: c.job })}
      </h3>
      <table className="syncs-table syncs-diff">
        <thead>
          <tr>
            <th scope="col">{t('syncs.conflicts.base')}</th>
            <th scope="col">{t('syncs.conflicts.source')}</th>
            <th scope="col">{t('syncs.conflicts.target')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td data-testid="conflict-base">
              <Shown value={c.base} />
            </td>
            <td data-testid="conflict-source">
              <Shown value={c.source} />
            </td>
            <td data-testid="conflict-target">
              <Shown value={c.target} />
            </td>
          </tr>
        </tbody>
      </table>
      {c.status === 'decided' && c.decision ? (
        <p role="status">{t('syncs.conflicts.decided', { by: c.decision.by, value: typeof c.decision.value === 'string' ? c.decision.value : JSON.stringify(c.decision.value) })}</p>
      ) : (
        <div className="syncs-categories">
          <Button size="small" busy={working} disabled={busy !== null} onClick={() => void resolve(c.id, 'source')} testId={`keep-source-${c.id}`}>
            {t('syncs.conflicts.keepSource')}
          </Button>
          <Button size="small" busy={working} disabled={busy !== null} onClick={() => void resolve(c.id, 'target')} testId={`keep-target-${c.id}`}>
            {t('syncs.conflicts.keepTarget')}
          </Button>
          <label htmlFor={`${id}-typed`} className="visually-hidden">
            {t('syncs.conflicts.typedLabel', { field: c.field })}
          </label>
          <input id={`${id}-typed`} className="input" value={typed} placeholder={t('syncs.conflicts.typedPlaceholder')} onChange={(e) => setTyped(e.target.value)} />
          <Button size="small" busy={working} disabled={busy !== null || typed.trim() === ''} onClick={() => void resolve(c.id, 'value', typed.trim())} testId={`keep-typed-${c.id}`}>
            {t('syncs.conflicts.keepTyped')}
          </Button>
        </div>
      )}
    </section>
  );
}
