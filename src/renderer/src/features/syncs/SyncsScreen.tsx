import './syncs.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { NeedsProject } from '../../components/NeedsProject';
import { StatusBadge } from '../../components/StatusBadge';
import { useTranslation } from '../../i18n';
import { useProjectStore, useSyncsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { CONFLICT_POLICIES, type ConflictPolicy, type CursorKind, type SyncDefinition, type SyncDefinitionInput, type SyncType } from '../../../../shared/model/sync';
import { ConflictQueue } from './ConflictQueue';
import { twoWayFormOf, twoWaySettingsOf } from './two-way-form';
import { SyncEventsCard } from './SyncEventsCard';

export function SyncsScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('syncs.title')}</h1>
          <p className="screen-subtitle">{t('syncs.subtitle')}</p>
        </div>
      </header>
      <NeedsProject what={t('syncs.what')}>
        <SyncsBody />
      </NeedsProject>
    </div>
  );
}

function SyncsBody() {
  const projectPath = useProjectStore((s) => s.project?.path);
  const load = useSyncsStore((s) => s.load);
  const [editing, setEditing] = useState<SyncDefinition | null>(null);
  useEffect(() => {
    void load();
  }, [load, projectPath]);
  return (
    <div className="syncs-layout">
      <SyncList onEdit={setEditing} />
      <SyncEventsCard />
      <HeldChangeSets />
      <ConflictQueue />
      <SyncForm key={editing?.name ?? '(new)'} editing={editing} onDone={() => setEditing(null)} />
      <RecentRuns />
    </div>
  );
}

function SyncList({ onEdit }: { onEdit: (def: SyncDefinition) => void }) {
  const { t } = useTranslation();
  const syncs = useSyncsStore((s) => s.syncs);
  const busy = useSyncsStore((s) => s.busy);
  const run = useSyncsStore((s) => s.run);
  const outcome = useSyncsStore((s) => s.outcome);
  return (
    <Card title={t('syncs.list')} testId="syncs-list">
      {syncs.length === 0 ? (
        <EmptyState title={t('syncs.noneTitle')}>{t('syncs.noneBody')}</EmptyState>
      ) : (
        <table className="syncs-table">
          <thead>
            <tr>
              <th scope="col">{t('syncs.name')}</th>
              <th scope="col">{t('syncs.type')}</th>
              <th scope="col">{t('syncs.entities')}</th>
              <th scope="col">{t('syncs.schedule')}</th>
              <th scope="col">{t('syncs.lastStatus')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('syncs.run')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {syncs.map((s) => (
              <tr key={s.name} data-testid={`sync-${s.name}`}>
                <td>{s.name}</td>
                <td>{s.type}</td>
                <td>{s.entities.map((e) => e.entity).join(', ')}</td>
                <td>{[s.schedule.cron ? `${s.schedule.cron} (${s.schedule.timezone})` : null, s.events ? t('syncs.eventDriven') : null].filter(Boolean).join(' · ') || t('syncs.manual')}</td>
                <td>{s.lastStatus ? <StatusBadge status={s.lastStatus} /> : t('syncs.never')}</td>
                <td>
                  <Button size="small" variant="primary" busy={busy === s.name} disabled={busy !== null} onClick={() => void run(s.name)} testId={`sync-run-${s.name}`}>
                    {t('syncs.run')}
                  </Button>{' '}
                  <Button size="small" onClick={() => onEdit(s)} testId={`sync-edit-${s.name}`}>
                    {t('syncs.edit')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outcome && (
        <p role="status" data-testid="sync-outcome">
          {t('syncs.outcome', { runId: outcome.runId, status: outcome.status })}
          {outcome.changes.map((c) => ` · ${c.entity} ${t('syncs.changes', { inserts: c.inserts, updates: c.updates, deletes: c.deletes })}`).join('')}
          {outcome.warnings.length ? ` · ${t('syncs.warnings', { count: outcome.warnings.length })}` : ''}
        </p>
      )}
    </Card>
  );
}

function HeldChangeSets() {
  const { t } = useTranslation();
  const runs = useSyncsStore((s) => s.runs);
  const busy = useSyncsStore((s) => s.busy);
  const approve = useSyncsStore((s) => s.approve);
  const held = runs.filter((r) => r.status === 'Paused' && r.held);
  return (
    <Card title={t('syncs.held')} testId="syncs-held">
      {held.length === 0 ? (
        <p>{t('syncs.heldNone')}</p>
      ) : (
        held.map((r) => (
          <div key={r.runId} className="syncs-held" data-testid={`held-${r.runId}`}>
            <strong>{t('syncs.heldRun', { runId: r.runId, job: r.job })}</strong>
            <p>{r.held!.summary}</p>
            <div className="syncs-categories">
              {r.held!.categories.map((c) =>
                c.approved ? (
                  <span key={c.category}>{t('syncs.approved', { category: c.category })}</span>
                ) : (
                  <Button key={c.category} size="small" busy={busy === `${r.runId}:${c.category}`} disabled={busy !== null} title={c.sentence} onClick={() => void approve(r.runId, c.category)} testId={`approve-${c.category}`}>
                    {t('syncs.approve', { category: c.category })}
                  </Button>
                ),
              )}
              <Button size="small" variant="primary" busy={busy === `${r.runId}:*`} disabled={busy !== null} onClick={() => void approve(r.runId)} testId="approve-all">
                {t('syncs.approveAll')}
              </Button>
            </div>
          </div>
        ))
      )}
    </Card>
  );
}

function RecentRuns() {
  const { t } = useTranslation();
  const runs = useSyncsStore((s) => s.runs);
  return (
    <Card title={t('syncs.runs')} testId="syncs-runs">
      {runs.length === 0 ? (
        <p>{t('syncs.runsNone')}</p>
      ) : (
        <table className="syncs-table">
          <tbody>
            {runs.map((r) => (
              <tr key={r.runId}>
                <td className="mono">{r.runId}</td>
                <td>{r.job}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.changes.map((c) => `${c.entity} ${t('syncs.changes', { inserts: c.inserts, updates: c.updates, deletes: c.deletes })}`).join(' · ')}</td>
                <td>{r.warnings.length ? t('syncs.warnings', { count: r.warnings.length }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

const TYPES: SyncType[] = ['Delta', 'Incremental', 'Full'];
const KINDS: CursorKind[] = ['timestamp', 'rowversion', 'integer'];

/** Create or edit a definition: the fields a school sets most; the rest keep their defaults. */
function SyncForm({ editing, onDone }: { editing: SyncDefinition | null; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const mapped = useSyncsStore((s) => s.entities);
  const save = useSyncsStore((s) => s.save);
  const first = editing?.entities[0];
  const [name, setName] = useState(editing?.name ?? '');
  const [type, setType] = useState<SyncType>(editing?.type ?? 'Delta');
  const [direction, setDirection] = useState(editing?.direction ?? 'one-way');
  const [entities, setEntities] = useState<string[]>(editing?.entities.map((e) => e.entity) ?? []);
  const [deletes, setDeletes] = useState<'delete' | 'withdraw'>(first?.deletes?.policy ?? 'delete');
  const [cursorColumn, setCursorColumn] = useState(first?.cursor?.column ?? '');
  const [cursorKind, setCursorKind] = useState<CursorKind>(first?.cursor?.kind ?? 'timestamp');
  const [lookBack, setLookBack] = useState(String(first?.cursor?.lookBack ?? 0));
  const [sourceTimeZone, setSourceTimeZone] = useState(editing?.sourceTimeZone ?? 'UTC');
  const [cron, setCron] = useState(editing?.schedule.cron ?? '');
  const [scheduleTimeZone, setScheduleTimeZone] = useState(editing?.schedule.timezone ?? 'UTC');
  const [gateDeletes, setGateDeletes] = useState(String(Math.round((editing?.gate.default.deletes ?? 0.05) * 100)));
  const [gateUpdates, setGateUpdates] = useState(String(Math.round((editing?.gate.default.updates ?? 0.2) * 100)));
  const [twoWay, setTwoWay] = useState(() => twoWayFormOf(editing?.entities ?? []));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const f = (n: string) => `${id}-${n}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!entities.length) return setProblem(t('syncs.pickEntities'));
    if (type === 'Incremental' && !cursorColumn.trim()) return setProblem(t('syncs.needsCursor'));
    const placed = direction === 'two-way' ? twoWaySettingsOf(twoWay, entities) : { settings: {} };
    if ('bad' in placed) return setProblem(t('syncs.twoWay.bad', { entry: placed.bad }));
    setProblem(null);
    const input: SyncDefinitionInput = {
      name: name.trim(),
      type,
      direction,
      entities: entities.map((entity) => ({
        entity,
        deletes: { policy: deletes },
        ...(type === 'Incremental' ? { cursor: { column: cursorColumn.trim(), kind: cursorKind, lookBack: Number(lookBack) || 0 } } : {}),
        ...(placed.settings[entity] ? { twoWay: placed.settings[entity] } : {}),
      })),
      sourceTimeZone: sourceTimeZone.trim() || 'UTC',
      schedule: { ...editing?.schedule, cron: cron.trim() || null, timezone: scheduleTimeZone.trim() || 'UTC' },
      gate: { ...editing?.gate, default: { ...editing?.gate.default, deletes: Number(gateDeletes) / 100, updates: Number(gateUpdates) / 100 } },
      // The form does not edit event settings (CLI or API): saving keeps them.
      ...(editing?.events ? { events: editing.events } : {}),
    };
    setSaving(true);
    const saved = await save(input, editing !== null);
    setSaving(false);
    if (saved) onDone();
    if (saved && !editing) setName('');
  };

  return (
    <form className="card form" onSubmit={(e) => void onSubmit(e)} aria-labelledby={f('title')} noValidate data-testid="sync-form">
      <h2 id={f('title')} className="card-title">
        {editing ? t('syncs.editSync', { name: editing.name }) : t('syncs.newSync')}
      </h2>
      <label htmlFor={f('name')}>{t('syncs.name')}</label>
      <input id={f('name')} className="input" value={name} disabled={editing !== null} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor={f('type')}>{t('syncs.type')}</label>
      <select id={f('type')} className="input" value={type} onChange={(e) => setType(e.target.value as SyncType)}>
        {TYPES.map((x) => (
          <option key={x} value={x}>
            {t(`syncs.types.${x}`)}
          </option>
        ))}
      </select>
      <label htmlFor={f('direction')}>{t('syncs.direction')}</label>
      <select id={f('direction')} className="input" value={direction} onChange={(e) => setDirection(e.target.value as 'one-way' | 'two-way')}>
        <option value="one-way">{t('syncs.directions.one-way')}</option>
        <option value="two-way">{t('syncs.directions.two-way')}</option>
      </select>
      {direction === 'two-way' && (
        <fieldset className="plain-fieldset" data-testid="sync-two-way">
          <legend className="field-label">{t('syncs.twoWay.legend')}</legend>
          <p className="syncs-hint">{t('syncs.twoWay.hint')}</p>
          <label htmlFor={f('policy')}>{t('syncs.twoWay.policy')}</label>
          <select id={f('policy')} className="input" value={twoWay.policy} onChange={(e) => setTwoWay({ ...twoWay, policy: e.target.value as ConflictPolicy })}>
            {CONFLICT_POLICIES.map((p) => (
              <option key={p} value={p}>
                {t(`syncs.twoWay.policies.${p}`)}
              </option>
            ))}
          </select>
          <label htmlFor={f('targetOwned')}>{t('syncs.twoWay.targetOwned')}</label>
          <input id={f('targetOwned')} className="input mono" value={twoWay.targetOwned} placeholder="students.gradeLevel" onChange={(e) => setTwoWay({ ...twoWay, targetOwned: e.target.value })} />
          <label htmlFor={f('bothOwned')}>{t('syncs.twoWay.bothOwned')}</label>
          <input id={f('bothOwned')} className="input mono" value={twoWay.bothOwned} placeholder="students.lastName" onChange={(e) => setTwoWay({ ...twoWay, bothOwned: e.target.value })} />
          <label htmlFor={f('writeBack')}>{t('syncs.twoWay.writeBack')}</label>
          <input id={f('writeBack')} className="input mono" value={twoWay.writeBack} placeholder="students.gradeLevel" onChange={(e) => setTwoWay({ ...twoWay, writeBack: e.target.value })} />
        </fieldset>
      )}
      <fieldset className="plain-fieldset">
        <legend className="field-label">{t('syncs.entities')}</legend>
        <div className="syncs-entities">
          {mapped.map((entity) => (
            <label key={entity} className="checkbox">
              <input type="checkbox" checked={entities.includes(entity)} onChange={(e) => setEntities(e.target.checked ? [...entities, entity] : entities.filter((x) => x !== entity))} /> {entity}
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor={f('deletes')}>{t('syncs.deletes')}</label>
      <select id={f('deletes')} className="input" value={deletes} onChange={(e) => setDeletes(e.target.value as 'delete' | 'withdraw')}>
        <option value="delete">{t('syncs.deletePolicies.delete')}</option>
        <option value="withdraw">{t('syncs.deletePolicies.withdraw')}</option>
      </select>
      {type === 'Incremental' && (
        <>
          <label htmlFor={f('cursor')}>{t('syncs.cursorColumn')}</label>
          <input id={f('cursor')} className="input mono" value={cursorColumn} onChange={(e) => setCursorColumn(e.target.value)} />
          <label htmlFor={f('kind')}>{t('syncs.cursorKind')}</label>
          <select id={f('kind')} className="input" value={cursorKind} onChange={(e) => setCursorKind(e.target.value as CursorKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`syncs.cursorKinds.${k}`)}
              </option>
            ))}
          </select>
          <label htmlFor={f('lookBack')}>{t('syncs.lookBack')}</label>
          <input id={f('lookBack')} className="input" inputMode="numeric" value={lookBack} onChange={(e) => setLookBack(e.target.value)} />
        </>
      )}
      <label htmlFor={f('sourceTz')}>{t('syncs.sourceTimeZone')}</label>
      <input id={f('sourceTz')} className="input" value={sourceTimeZone} onChange={(e) => setSourceTimeZone(e.target.value)} />
      <label htmlFor={f('cron')}>{t('syncs.cron')}</label>
      <input id={f('cron')} className="input mono" value={cron} placeholder="0 2 * * *" onChange={(e) => setCron(e.target.value)} />
      <label htmlFor={f('scheduleTz')}>{t('syncs.scheduleTimeZone')}</label>
      <input id={f('scheduleTz')} className="input" value={scheduleTimeZone} onChange={(e) => setScheduleTimeZone(e.target.value)} />
      <label htmlFor={f('gateDeletes')}>{t('syncs.gateDeletes')}</label>
      <input id={f('gateDeletes')} className="input" inputMode="decimal" value={gateDeletes} onChange={(e) => setGateDeletes(e.target.value)} />
      <label htmlFor={f('gateUpdates')}>{t('syncs.gateUpdates')}</label>
      <input id={f('gateUpdates')} className="input" inputMode="decimal" value={gateUpdates} onChange={(e) => setGateUpdates(e.target.value)} />
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={saving} testId="sync-save">
          {t('syncs.save')}
        </Button>
        {editing && <Button onClick={onDone}>{t('syncs.cancelEdit')}</Button>}
      </div>
    </form>
  );
}
