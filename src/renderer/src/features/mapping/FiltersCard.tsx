import { Trash2 } from 'lucide-react';
import { useId } from 'react';
import type { MappingFilter, MappingFilterOp } from '../../../../shared/model/mapping';
import { useTranslation } from '../../i18n';
import { sourceColumns } from '../../stores/mapping-store';
import { useMappingStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

const OPS: readonly MappingFilterOp[] = ['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
const NEEDS_VALUES = new Set<MappingFilterOp>(['equals', 'notEquals', 'in', 'notIn']);

function FilterRow({ filter, index, columns, onChange, onRemove }: { filter: MappingFilter; index: number; columns: string[]; onChange(next: MappingFilter): void; onRemove(): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <li className="mapping-step" data-testid={`filter-${index}`}>
      <div className="mapping-step-header">
        <strong>{t('mapping.filters.filter', { index: index + 1 })}</strong>
        <Button size="small" variant="ghost" icon={<Trash2 size={14} aria-hidden="true" />} aria-label={t('mapping.filters.remove', { index: index + 1 })} onClick={onRemove} />
      </div>
      <div className="transform-field">
        <label htmlFor={`${id}-column`}>{t('mapping.filters.column')}</label>
        <select id={`${id}-column`} value={filter.column} onChange={(e) => onChange({ ...filter, column: e.target.value })}>
          {!columns.includes(filter.column) && <option value={filter.column}>{filter.column}</option>}
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="transform-field">
        <label htmlFor={`${id}-op`}>{t('mapping.filters.op')}</label>
        <select
          id={`${id}-op`}
          value={filter.op}
          onChange={(e) => {
            const op = e.target.value as MappingFilterOp;
            const { values, ...rest } = filter;
            onChange(NEEDS_VALUES.has(op) ? { ...rest, op, values: values ?? [] } : { ...rest, op });
          }}
        >
          {OPS.map((op) => (
            <option key={op} value={op}>
              {t(`mapping.filters.ops.${op}`)}
            </option>
          ))}
        </select>
      </div>
      {NEEDS_VALUES.has(filter.op) && (
        <div className="transform-field">
          <label htmlFor={`${id}-values`}>{t('mapping.filters.values')}</label>
          <textarea
            id={`${id}-values`}
            rows={2}
            dir="auto"
            defaultValue={(filter.values ?? []).join('\n')}
            aria-describedby={`${id}-values-help`}
            onChange={(e) => onChange({ ...filter, values: e.target.value.split('\n').map((v) => v.trim()).filter(Boolean) })}
          />
          <span id={`${id}-values-help`} className="field-help">
            {t('mapping.filters.valuesHelp')}
          </span>
        </div>
      )}
      <div className="transform-field">
        <label htmlFor={`${id}-label`}>{t('mapping.filters.label')}</label>
        <input
          id={`${id}-label`}
          defaultValue={filter.label ?? ''}
          onChange={(e) => {
            const { label: _label, ...rest } = filter;
            onChange(e.target.value.trim() ? { ...rest, label: e.target.value } : rest);
          }}
        />
      </div>
    </li>
  );
}

/** The mapping's row filters (spec version 2): which rows are mapped at all, each counted under its label. */
export function FiltersCard() {
  const { t } = useTranslation();
  const draft = useMappingStore((s) => s.draft);
  const catalogs = useMappingStore((s) => s.catalogs);
  const setFilters = useMappingStore((s) => s.setFilters);
  if (!draft) return null;
  const filters = draft.filters ?? [];
  const columns = sourceColumns(draft, catalogs);
  return (
    <Card
      title={t('mapping.filters.title')}
      testId="mapping-filters"
      actions={
        <Button size="small" disabled={columns.length === 0} onClick={() => setFilters([...filters, { column: columns[0], op: 'isNotEmpty' }])} testId="add-filter">
          {t('mapping.filters.add')}
        </Button>
      }
    >
      <p className="field-help">{t('mapping.filters.help')}</p>
      {filters.length === 0 ? (
        <p className="muted">{t('mapping.filters.none')}</p>
      ) : (
        <ol className="mapping-steps">
          {filters.map((f, i) => (
            <FilterRow
              key={`${draft.stream}-${i}-${filters.length}`}
              filter={f}
              index={i}
              columns={columns}
              onChange={(next) => setFilters(filters.map((x, j) => (j === i ? next : x)))}
              onRemove={() => setFilters(filters.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
    </Card>
  );
}
