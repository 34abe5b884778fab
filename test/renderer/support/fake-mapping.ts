import type { Catalog } from '../../../src/shared/model/connection';
import type { EntityMapping } from '../../../src/shared/model/mapping';
import type { EntityMappingInput, MappingHistory, MappingOutputDescription, MappingPreview, MappingPreviewRow, OutputFieldInfo } from '../../../src/shared/model/mapping-api';
import type { SuggestionResult } from '../../../src/shared/model/suggestion';
import type { FakeStudio } from './fake-studio';

/** The students entity as `describeOutput` describes it (a few of its fields). */
export const STUDENT_FIELDS: Omit<OutputFieldInfo, 'fedBy'>[] = [
  { field: 'externalId', type: 'string', format: null, enum: null, required: true, personal: false, references: null },
  { field: 'firstName', type: 'string', format: null, enum: null, required: true, personal: true, references: null },
  { field: 'lastName', type: 'string', format: null, enum: null, required: true, personal: true, references: null },
  { field: 'dateOfBirth', type: 'string', format: 'date', enum: null, required: false, personal: true, references: null },
  { field: 'gender', type: 'string', format: null, enum: ['male', 'female', 'other'], required: false, personal: false, references: null },
];

export const PUPILS_CATALOG: Catalog = {
  discoveredAt: '2025-01-10T09:32:00.000Z',
  streams: [
    {
      name: 'PUPILS',
      primaryKey: ['PUPIL_NO'],
      foreignKeys: [],
      rowEstimate: 3,
      columns: [
        { name: 'PUPIL_NO', type: 'string', nativeType: 'TEXT', nullable: false },
        { name: 'FORENAME', type: 'string', nativeType: 'TEXT', nullable: true },
        { name: 'SURNAME', type: 'string', nativeType: 'TEXT', nullable: true },
        { name: 'DOB', type: 'string', nativeType: 'TEXT', nullable: true },
        { name: 'SEX', type: 'string', nativeType: 'TEXT', nullable: true },
      ],
    },
    {
      name: 'FAMILY',
      primaryKey: ['PUPIL_NO'],
      foreignKeys: [],
      rowEstimate: 3,
      columns: [
        { name: 'PUPIL_NO', type: 'string', nativeType: 'TEXT', nullable: false },
        { name: 'CONSENT', type: 'string', nativeType: 'TEXT', nullable: true },
      ],
    },
  ],
};

export const PUPIL_ROWS: Record<string, string>[] = [
  { PUPIL_NO: 'P1', FORENAME: 'Ada', SURNAME: ' Lovelace ', DOB: '10/12/2015', SEX: 'F' },
  { PUPIL_NO: 'P2', FORENAME: '', SURNAME: 'Turing', DOB: '23/06/2014', SEX: 'M' },
  { PUPIL_NO: 'P3', FORENAME: 'Grace', SURNAME: 'Hopper', DOB: '09/12/2016', SEX: 'F' },
];

/** PUPILS → students, with first name not mapped yet (a required field unfed), joined to FAMILY. */
export function pupilsMapping(): EntityMapping {
  return {
    id: 'students-PUPILS',
    entity: 'students',
    connectionId: 'c1',
    stream: 'PUPILS',
    keyColumns: ['PUPIL_NO'],
    fields: [{ field: 'lastName', column: 'SURNAME', transforms: [{ kind: 'trim' }] }],
    joins: [{ as: 'family', stream: 'FAMILY', on: [{ column: 'PUPIL_NO', joinColumn: 'PUPIL_NO' }] }],
    specVersion: 2,
    updatedAt: '2025-01-10T10:00:00.000Z',
  };
}

function fedBy(mapping: EntityMappingInput, field: string): OutputFieldInfo['fedBy'] {
  if (field === 'externalId') return mapping.keyColumns.length ? { columns: [...mapping.keyColumns], transforms: [] } : null;
  const m = mapping.fields.find((f) => f.field === field);
  return m && (m.column !== null || m.transforms.length) ? { columns: m.column ? [m.column] : [], transforms: m.transforms.map((t) => t.kind) } : null;
}

/**
 * Teaches the fake studio the Mapping screen's checks for PUPILS → students: `describeOutput`
 * from STUDENT_FIELDS, `validate` (a column the stream lacks is an error), `preview` (PUPIL_ROWS
 * through the fields: `trim` applied, a required field left blank rejects the row, a date not
 * yet read is a warning), `history`/`signOff`, and `suggest` with `suggestions`. Every call is
 * recorded in `fake.calls` like the fake's own.
 */
export function serveMappingChecks(fake: FakeStudio, options: { suggestions?: SuggestionResult } = {}): { history: MappingHistory } {
  const history: MappingHistory = {
    versions: [{ mappingId: 'students-PUPILS', version: 1, at: '2025-01-10T10:00:00.000Z', actor: 'it@school-pc', action: 'create', change: 'Created.', hash: 'a'.repeat(64) }],
    signOff: null,
  };
  const api = fake.client.api.mappings;
  const record = <T>(method: string, params: unknown, body: () => T): Promise<T> => {
    fake.calls.push({ method, params });
    return Promise.resolve().then(body);
  };
  const specOf = (req: { id: string } | { mapping: EntityMappingInput }): EntityMappingInput => ('mapping' in req ? req.mapping : fake.state.mappings.find((m) => m.id === req.id)!);
  const describe = (mapping: EntityMappingInput): MappingOutputDescription => {
    const fields = STUDENT_FIELDS.map((f) => ({ ...f, fedBy: fedBy(mapping, f.field) }));
    const requiredUnfed = fields.filter((f) => f.required && !f.fedBy).map((f) => f.field);
    return { mappingId: null, entity: mapping.entity, fields, requiredUnfed, complete: requiredUnfed.length === 0 };
  };
  api.describeOutput = (req) => record('mappings.describeOutput', req, () => describe(specOf(req)));
  api.validate = (req) =>
    record('mappings.validate', req, () => {
      const mapping = specOf(req);
      const known = new Set(PUPILS_CATALOG.streams[0].columns.map((c) => c.name));
      const remarks = mapping.fields.filter((f) => f.column !== null && !f.column.includes('.') && !known.has(f.column)).map((f) => ({ level: 'error' as const, stage: 'map', place: `field ${f.field}`, message: `The column "${f.column}" is not in PUPILS.` }));
      return { mappingId: null, entity: mapping.entity, ok: remarks.length === 0, remarks };
    });
  api.preview = (req) =>
    record('mappings.preview', req, (): MappingPreview => {
      const mapping = specOf(req);
      const rows = PUPIL_ROWS.map((source, i): MappingPreviewRow => {
        const fields: Record<string, unknown> = {};
        const reasons: MappingPreviewRow['reasons'] = [];
        const warnings: MappingPreviewRow['warnings'] = [];
        for (const f of mapping.fields) {
          let value: unknown = f.column ? (source[f.column] ?? null) : null;
          for (const t of f.transforms) if (t.kind === 'trim' && typeof value === 'string') value = value.trim();
          if (f.field === 'dateOfBirth' && typeof value === 'string' && !f.transforms.some((t) => t.kind === 'parseDate')) warnings.push({ field: f.field, message: `"${value}" is not a date yet.` });
          fields[f.field] = value;
        }
        for (const f of STUDENT_FIELDS) {
          if (f.required && f.field !== 'externalId' && (fields[f.field] === undefined || fields[f.field] === null || fields[f.field] === '')) reasons.push({ stage: 'validate', field: f.field, message: `${f.field} is required.` });
        }
        const externalId = mapping.keyColumns.map((k) => source[k]).join('|');
        return { sourceRow: i + 1, externalId, outcome: reasons.length ? 'rejected' : warnings.length ? 'warnings' : 'valid', fields, reasons, warnings };
      });
      return { mappingId: null, entity: mapping.entity, rows, skipped: 0, masked: fake.state.settings.maskPersonalData };
    });
  api.history = (req) => record('mappings.history', req, () => structuredClone(history));
  api.signOff = (req) =>
    record('mappings.signOff', req, () => {
      const version = history.versions.length;
      history.signOff = { mappingId: req.id, version, hash: 'a'.repeat(64), account: 'it@school-pc', displayName: 'Jo Bloggs', at: '2025-01-10T11:00:00.000Z', valid: true, currentVersion: version };
      return structuredClone(history.signOff);
    });
  api.import = (req) =>
    record('mappings.import', req, () => {
      const imported = req.mappings.map((input) => {
        const id = input.id ?? `${input.entity}-${input.stream}`;
        const existed = fake.state.mappings.some((m) => m.id === id);
        const mapping: EntityMapping = { ...structuredClone(input), id, connectionId: req.connectionId ?? input.connectionId, updatedAt: '2025-01-10T12:00:00.000Z' };
        fake.state.mappings = [...fake.state.mappings.filter((m) => m.id !== id), mapping];
        return { id, entity: mapping.entity, status: existed ? ('updated' as const) : ('created' as const) };
      });
      return { imported };
    });
  if (options.suggestions) {
    const suggestions = options.suggestions;
    api.suggest = (req) => record('mappings.suggest', req, () => structuredClone(suggestions));
  }
  return { history };
}
