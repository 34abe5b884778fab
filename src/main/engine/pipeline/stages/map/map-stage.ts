import { z } from 'zod';
import type { EntityMapping, FieldTransform } from '../../../../../shared/model/mapping';
import { checkExpression } from '../../../mapping/expressions/check-expression';
import { compileMapRow } from '../../../mapping/map-row';
import { transformReads } from '../../../../../shared/transforms/registry';
import { defineStage, type BadRow, type RecordRow, type Remark, type SourceRow } from '../stage';
import { entityRemarks, settingsRemarks, targetFieldType } from '../stage-helpers';

/** The parts of a mapping this stage relies on; the transforms themselves are the mapping module's. */
const mappingShape = z.looseObject({
  id: z.string(),
  entity: z.string().min(1),
  connectionId: z.string().min(1),
  stream: z.string().min(1),
  keyColumns: z.array(z.string()),
  fields: z.array(
    z.looseObject({
      field: z.string().min(1),
      column: z.string().nullable(),
      transforms: z.array(z.custom<FieldTransform>((t) => typeof t === 'object' && t !== null && typeof (t as { kind?: unknown }).kind === 'string', 'A transform names its kind.')),
    }),
  ),
  skipWhen: z.array(z.object({ column: z.string(), values: z.array(z.string()) })).optional(),
});

export const mapSettings = z.object({ mapping: z.custom<EntityMapping>((m) => mappingShape.safeParse(m).success, 'Not a valid entity mapping.') });
export type MapSettings = z.infer<typeof mapSettings>;

/**
 * Maps each source row through the entity mapping (`mapping/map-row.ts`). A row a `skipWhen`
 * rule matches is counted skipped; a row with a field that would not map goes on as a bad row of
 * stage `transform` (with what did map, which the person crosswalk still weighs).
 */
export const mapStage = defineStage<MapSettings, SourceRow, RecordRow>({
  kind: 'map',
  label: 'Map fields',
  settings: mapSettings,
  fields({ mapping }, _input, env) {
    const names = ['externalId', ...mapping.fields.map((f) => f.field).filter((f) => f !== 'externalId')];
    return { fields: names.map((name) => ({ name, type: name === 'externalId' ? 'string' : targetFieldType(env.contract, mapping.entity, name), origin: 'map' as const })) };
  },
  check(settings, input, env) {
    const parsed = mappingShape.safeParse((settings as Partial<MapSettings>)?.mapping);
    if (!parsed.success) return settingsRemarks('map', mappingShape, (settings as Partial<MapSettings>)?.mapping).map((r) => ({ ...r, place: r.place.replace(/^settings/, 'settings.mapping') }));
    const { mapping } = settings;
    const remarks: Remark[] = entityRemarks('map', mapping.entity, env, 'settings.mapping.entity');
    const columns = new Set(input.fields.map((f) => f.name));
    const knownColumns = columns.size > 0;
    if (!mapping.keyColumns.length) remarks.push({ level: 'error', stage: 'map', place: 'settings.mapping.keyColumns', message: 'The mapping names no key column, so rows have no identifier.' });
    for (const c of mapping.keyColumns) {
      if (knownColumns && !columns.has(c)) remarks.push({ level: 'error', stage: 'map', place: 'settings.mapping.keyColumns', message: `The key column "${c}" is not in ${mapping.stream}.` });
    }
    const entity = env.contract?.hasEntity(mapping.entity) ? env.contract.entity(mapping.entity) : null;
    for (const f of mapping.fields) {
      if (f.column !== null && knownColumns && !columns.has(f.column)) remarks.push({ level: 'error', stage: 'map', place: `field ${f.field}`, message: `The column "${f.column}" is not in ${mapping.stream}.` });
      if (entity && !entity.fields.some((t) => t.name === f.field)) remarks.push({ level: 'error', stage: 'map', place: `field ${f.field}`, message: `${mapping.entity} has no field "${f.field}".` });
    }
    remarks.push(...expressionRemarks(mapping, input));
    for (const rule of mapping.skipWhen ?? []) {
      if (knownColumns && !columns.has(rule.column)) remarks.push({ level: 'warning', stage: 'map', place: 'settings.mapping.skipWhen', message: `The skip rule reads "${rule.column}", which is not in ${mapping.stream}: it never matches.` });
    }
    return remarks;
  },
  async *process(input, { mapping }, ctx) {
    const keep = mappedColumns(mapping);
    const mapRow = compileMapRow(mapping);
    for await (const batch of input) {
      const rows: RecordRow[] = [];
      const bad: BadRow[] = batch.bad;
      for (const r of batch.rows) {
        const mapped = mapRow(r.row);
        if (mapped.skipped) {
          ctx.counters.skipped++;
          continue;
        }
        if (mapped.errors.length) {
          bad.push({
            stage: 'transform',
            externalId: mapped.externalId || null,
            sourceRow: r.sourceRow,
            errors: mapped.errors.map((e) => ({ field: e.field, message: e.message, code: 'TRANSFORM_FAILED' })),
            row: r.row,
            record: mapped.record,
            keep,
          });
        } else rows.push({ sourceRow: r.sourceRow, row: r.row, externalId: mapped.externalId, record: mapped.record, keep });
      }
      yield { rows, bad };
    }
  },
});

/**
 * Each `expression` transform type-checked against the columns that come in (their CEL types from
 * the catalog): a missing column, a type mismatch or a syntax error is an error at its position,
 * before any row is read.
 */
function expressionRemarks(mapping: EntityMapping, input: { fields: { name: string; type: string }[] }): Remark[] {
  const remarks: Remark[] = [];
  for (const f of mapping.fields) {
    f.transforms.forEach((t, i) => {
      if (t.kind !== 'expression' || typeof t.expression !== 'string') return;
      const problem = checkExpression(t.expression, { row: input.fields.length ? input.fields : null }, { value: 'dyn' });
      if (problem) remarks.push({ level: 'error', stage: 'map', place: `field ${f.field} transforms[${i}].expression`, message: `${problem.code}: ${problem.message} ${problem.hint}` });
    });
  }
  return remarks;
}

/** The source columns a mapping reads: its keys, its fields' columns, the columns its transforms and skip rules name. */
function mappedColumns(mapping: EntityMapping): string[] {
  const cols = new Set<string>(mapping.keyColumns);
  for (const f of mapping.fields) {
    if (f.column) cols.add(f.column);
    for (const t of f.transforms) for (const c of transformReads(t)) cols.add(c);
  }
  for (const rule of mapping.skipWhen ?? []) cols.add(rule.column);
  return [...cols];
}
