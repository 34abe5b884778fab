import type { ColumnType } from '../../../../shared/model/connection';
import type { FieldTransform } from '../../../../shared/model/mapping';
import type { OutputFieldInfo } from '../../../../shared/model/mapping-api';
import { transformMeta } from '../../../../shared/transforms/registry';
import { t } from '../../i18n';

/** What a value is while it travels along an edge, as far as can be told without reading it. */
type ValueKind = 'text' | 'number' | 'date' | 'boolean' | 'list' | 'unknown';

function kindOfColumn(type: ColumnType | null): ValueKind {
  switch (type) {
    case 'string':
      return 'text';
    case 'integer':
    case 'decimal':
    case 'number':
      return 'number';
    case 'date':
    case 'datetime':
      return 'date';
    case 'boolean':
      return 'boolean';
    default:
      return 'unknown';
  }
}

/** The kind after the steps, from each registered transform's declared output (no value is read). */
export function chainOutput(columnType: ColumnType | null, transforms: readonly FieldTransform[]): ValueKind {
  let kind = kindOfColumn(columnType);
  for (const step of transforms) {
    const out = transformMeta(step.kind)?.outputType ?? 'same';
    if (out === 'text') kind = 'text';
    else if (out === 'date') kind = 'date';
    else if (out === 'list') kind = 'list';
  }
  return kind;
}

/**
 * Why the values on an edge will not suit the field, or null: the source column's type carried
 * through the steps' declared outputs, against the target field's type, format and enum from
 * `mappings.describeOutput`. Shown on the edge before any row is read; the preview then shows
 * what the rows really do.
 */
export function edgeTypeProblem(column: string, columnType: ColumnType | null, field: OutputFieldInfo, transforms: readonly FieldTransform[]): string | null {
  const kind = chainOutput(columnType, transforms);
  if (kind === 'unknown') return null;
  const vars = { column, field: field.field, type: columnType ?? '' };
  if (field.type === 'array') return kind === 'list' ? null : t('mapping.mismatch.toList', vars);
  if (kind === 'list') return t('mapping.mismatch.listToText', vars);
  if (field.format === 'date' || field.format === 'date-time') {
    if (kind === 'text') return t('mapping.mismatch.textToDate', vars);
    if (kind === 'number') return t('mapping.mismatch.numberToDate', vars);
    return null;
  }
  if ((field.type === 'integer' || field.type === 'number') && (kind === 'text' || kind === 'date' || kind === 'boolean')) return t('mapping.mismatch.toNumber', vars);
  if (field.type === 'boolean' && kind !== 'boolean') return t('mapping.mismatch.toBoolean', vars);
  const translates = transforms.some((s) => s.kind === 'crosswalk' || s.kind === 'constant');
  if (field.enum && field.enum.length > 0 && kind === 'text' && !translates) return t('mapping.mismatch.toEnum', { ...vars, values: field.enum.join(', ') });
  return null;
}
