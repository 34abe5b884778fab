import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../shared/errors';
import { resourcesDir } from '../platform/resources-path';
import { topologicalOrder } from './load-order';
import { apiDocumentContract, type ApiDocumentContract } from './api-document';
import type { JsonSchemaObject, OpenApiDocument } from './openapi-types';
import { pointerSegment, type FieldProblem } from './schema-validator';
import { fromPreviousVersion, readVersionChanges, toPreviousVersion, type VersionChange } from './version-changes';

export type { FieldProblem } from './schema-validator';
export type { OperationContract, OperationMatch } from './operations';
export type { ApiDocumentContract } from './api-document';
export type { VersionChange } from './version-changes';

/** API versions the studio ships a document for. */
export type TargetApiVersion = 'v1' | 'v2';
export const TARGET_API_VERSIONS: readonly TargetApiVersion[] = ['v1', 'v2'];

/** Lifecycle status of an API version (info.x-status; the seed's Development/Testing/Production/Deprecated). */
export type TargetApiStatus = 'Development' | 'Testing' | 'Production' | 'Deprecated' | 'Retired';

/** Binary attachments a people entity takes (x-attachments). */
export interface AttachmentRules {
  maxBytes: number;
  /** Allowed media types, e.g. image/jpeg, application/pdf. */
  contentTypes: string[];
}

/** A field of an Academia Pro entity, as the document declares it. */
export interface FieldContract {
  name: string;
  /** JSON type without null: string, integer, number, boolean, array, object. */
  type: string;
  /** date, date-time, email, uuid, decimal (a decimal number as a string) … */
  format?: string;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  /** For arrays: the JSON type of the items. */
  itemType?: string;
  description?: string;
  required: boolean;
  /** Optional fields accept null, which means the same as leaving the field out. */
  nullable: boolean;
  /** Listed in x-personal-data: mask in grids and logs. */
  personal: boolean;
  /** Set by the server (id, version, createdAt, updatedAt, deleted); never sent. */
  readOnly: boolean;
}

/** A field that holds another entity's externalId (x-references). */
export interface EntityReference {
  field: string;
  entity: string;
}

/** One Academia Pro entity: its fields, required fields and references. */
export interface EntityContract {
  /** The path segment and `entity` value, e.g. student-guardians. */
  name: string;
  title: string;
  /** The schema's name under components.schemas, e.g. StudentGuardian. */
  schemaName: string;
  /** global: written at /api/v1/schools/batch; school: under /api/v1/schools/{schoolId}/. */
  scope: 'global' | 'school';
  required: string[];
  fields: FieldContract[];
  references: EntityReference[];
  /** The entities this one must be loaded after (references, plus schools for school-scoped ones). */
  dependsOn: string[];
  /** Null when records of the entity take no attachments. */
  attachments: AttachmentRules | null;
}

/** Numeric limits the document announces (x-limits). */
export interface TargetLimits {
  maxBatchRecords: number;
  defaultPageSize: number;
  maxPageSize: number;
  maxBodyBytes: number;
  idempotencyRetentionHours: number;
  tokenTtlSeconds: number;
  /** Default size limit of an attachment (an entity's x-attachments may say otherwise). */
  maxAttachmentBytes: number;
  /** Non-blank NDJSON lines one bulk chunk may hold. */
  maxBulkChunkRecords: number;
  maxBulkChunks: number;
  /** Records a bulk operation processes in one step (the sandbox's unit of asynchronous work). */
  bulkRecordsPerSlice: number;
  maxEventsPage: number;
}

/** Everything the studio knows about the target, read from the OpenAPI document. */
export interface TargetContract extends ApiDocumentContract {
  version: TargetApiVersion;
  /** The document's own version (info.version). */
  documentVersion: string;
  /** The status the document gives its version (a running service may announce another). */
  status: TargetApiStatus;
  /** The version this one's x-changes are measured against, or null for the first version. */
  previousVersion: TargetApiVersion | null;
  /** Breaking changes against previousVersion (info.x-changes); empty for v1. */
  changes: VersionChange[];
  limits: TargetLimits;
  /** Every scope the OAuth2 scheme declares (<entity>:read, <entity>:write, bulk:…, webhooks:…, events:read). */
  scopes: string[];
  entities: EntityContract[];
  /** Throws TARGET_UNKNOWN_ENTITY for a name the document does not define. */
  entity(name: string): EntityContract;
  hasEntity(name: string): boolean;
  /** Entities in load order (referenced before referencing); all of them, or just `names`. */
  loadOrder(names?: string[]): string[];
  /** Problems with a record about to be written (an empty list means valid). */
  validate(entity: string, record: unknown): FieldProblem[];
  /** A record in this version's form, rewritten in the previous version's form (identity for v1). */
  toPreviousVersion(entity: string, record: Record<string, unknown>): Record<string, unknown>;
  /** A record in the previous version's form, rewritten in this version's form (identity for v1). */
  fromPreviousVersion(entity: string, record: Record<string, unknown>): Record<string, unknown>;
}

const DEFAULT_LIMITS: TargetLimits = {
  maxBatchRecords: 500,
  defaultPageSize: 100,
  maxPageSize: 1000,
  maxBodyBytes: 10 * 1024 * 1024,
  idempotencyRetentionHours: 24,
  tokenTtlSeconds: 3600,
  maxAttachmentBytes: 5 * 1024 * 1024,
  maxBulkChunkRecords: 10_000,
  maxBulkChunks: 1000,
  bulkRecordsPerSlice: 500,
  maxEventsPage: 1000,
};
const SERVER_FIELDS = new Set(['id', 'version', 'createdAt', 'updatedAt', 'deleted']);

const cache = new Map<string, TargetContract>();

/** The path of the OpenAPI document for an API version. */
export function targetDocumentPath(version: TargetApiVersion = 'v1'): string {
  return join(resourcesDir(), 'openapi', `academia-pro-${version}.json`);
}

/** Reads (once per file) the OpenAPI document of an API version from the resources folder. */
export function loadTargetContract(version: TargetApiVersion = 'v1'): TargetContract {
  if (!TARGET_API_VERSIONS.includes(version)) {
    throw new StudioError('USAGE', `There is no Academia Pro API document for version ${String(version)}.`, `Use one of: ${TARGET_API_VERSIONS.join(', ')}.`);
  }
  const file = targetDocumentPath(version);
  const hit = cache.get(file);
  if (hit) return hit;
  let document: OpenApiDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  } catch (err) {
    throw new StudioError('RESOURCES_MISSING', `The Academia Pro API document ${file} could not be read: ${(err as Error).message}`, 'Reinstall the studio, or set APSTUDIO_RESOURCES to a resources folder holding openapi/.', { cause: err });
  }
  const contract = contractFromDocument(document, version);
  cache.set(file, contract);
  return contract;
}

/** Builds a contract from a document already in memory (tests, documents of other versions). */
export function contractFromDocument(document: OpenApiDocument, version: TargetApiVersion): TargetContract {
  if (!document || typeof document !== 'object' || !document.paths || !document.components?.schemas) {
    throw new StudioError('RESOURCES_MISSING', `The Academia Pro API document for ${version} is not an OpenAPI document (paths or components.schemas missing).`, 'Reinstall the studio, or set APSTUDIO_RESOURCES to a resources folder holding openapi/.');
  }
  const limits: TargetLimits = { ...DEFAULT_LIMITS, ...(document['x-limits'] as Partial<TargetLimits> | undefined) };
  const entities = readEntities(document, limits);
  const byName = new Map(entities.map((e) => [e.name, e]));
  const fullOrder = topologicalOrder(entities.map((e) => ({ name: e.name, dependsOn: e.dependsOn })));
  const base = apiDocumentContract(document, `https://academia-pro.example/openapi/${version}.json`);
  const { validator } = base;
  const changes = readVersionChanges(document.info['x-changes']);
  const previous = document.info['x-previous-version'];

  // A run validates every record of an entity: its schema's pointer is worked out once per entity, not once per record.
  const validators = new Map<string, (record: unknown) => FieldProblem[]>();
  const entity = (name: string): EntityContract => {
    const found = byName.get(name);
    if (!found) {
      throw new StudioError('TARGET_UNKNOWN_ENTITY', `Academia Pro (${version}) has no entity called "${name}".`, `Use one of: ${entities.map((e) => e.name).join(', ')}.`, { where: { table: name } });
    }
    return found;
  };

  return {
    document,
    operations: base.operations,
    problemBase: base.problemBase,
    matchOperation: base.matchOperation,
    validateRequestBody: base.validateRequestBody,
    validateResponse: base.validateResponse,
    version,
    documentVersion: document.info.version,
    status: (document.info['x-status'] as TargetApiStatus | undefined) ?? 'Production',
    previousVersion: typeof previous === 'string' && (TARGET_API_VERSIONS as readonly string[]).includes(previous) ? (previous as TargetApiVersion) : null,
    changes,
    limits,
    scopes: readScopes(document),
    entities,
    entity,
    hasEntity: (name) => byName.has(name),
    loadOrder(names?: string[]): string[] {
      if (!names) return [...fullOrder];
      const wanted = new Set(names.map((n) => entity(n).name));
      return fullOrder.filter((n) => wanted.has(n));
    },
    validate(name: string, record: unknown): FieldProblem[] {
      let validate = validators.get(name);
      if (!validate) {
        const e = entity(name);
        const pointer = `/components/schemas/${pointerSegment(e.schemaName)}`;
        validate = (value) => validator.validate(pointer, value, e.name);
        validators.set(name, validate);
      }
      return validate(record);
    },
    toPreviousVersion: (name, record) => toPreviousVersion(changes, name, record),
    fromPreviousVersion: (name, record) => fromPreviousVersion(changes, name, record),
  };
}

function readEntities(document: OpenApiDocument, limits: TargetLimits): EntityContract[] {
  const entities: EntityContract[] = [];
  for (const [schemaName, schema] of Object.entries(document.components.schemas)) {
    const name = schema['x-entity'];
    if (!name) continue;
    const required = schema.required ?? [];
    const personal = new Set(schema['x-personal-data'] ?? []);
    const fields = Object.entries(schema.properties ?? {}).map(([fieldName, s]) => readField(fieldName, s, required.includes(fieldName), personal.has(fieldName)));
    const references = (schema['x-references'] ?? []).map((r) => ({ field: r.field, entity: r.entity }));
    const scope = schema['x-scope'] ?? 'school';
    const dependsOn = [...new Set([...(scope === 'school' ? ['schools'] : []), ...references.map((r) => r.entity)])].filter((d) => d !== name);
    const declared = schema['x-attachments'];
    const attachments = declared ? { maxBytes: declared.maxBytes ?? limits.maxAttachmentBytes, contentTypes: [...(declared.contentTypes ?? [])] } : null;
    // Copies, so a caller sorting them cannot reorder the document itself.
    entities.push({ name, title: schema.title ?? name, schemaName, scope, required: [...required], fields, references, dependsOn, attachments });
  }
  const names = new Set(entities.map((e) => e.name));
  for (const e of entities) {
    for (const r of e.references) {
      if (!names.has(r.entity)) {
        throw new StudioError('INTERNAL', `The Academia Pro API document says ${e.name}.${r.field} references "${r.entity}", which it does not define.`, 'Report this to the studio maintainers; the API document needs fixing.');
      }
    }
  }
  return entities;
}

function readField(name: string, s: JsonSchemaObject, required: boolean, personal: boolean): FieldContract {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const field: FieldContract = {
    name,
    type: types.find((t) => t !== 'null') ?? 'string',
    required,
    nullable: types.includes('null'),
    personal,
    readOnly: s.readOnly === true || (SERVER_FIELDS.has(name) && s.readOnly !== false),
  };
  if (s.format) field.format = s.format;
  if (s.enum) field.enum = s.enum.filter((v): v is string => typeof v === 'string');
  if (s.pattern) field.pattern = s.pattern;
  if (typeof s.maxLength === 'number') field.maxLength = s.maxLength;
  if (s.items && typeof s.items.type === 'string') field.itemType = s.items.type;
  if (s.description) field.description = s.description;
  return field;
}

function readScopes(document: OpenApiDocument): string[] {
  const schemes = (document.components.securitySchemes ?? {}) as Record<string, { type?: string; flows?: Record<string, { scopes?: Record<string, string> }> }>;
  const scopes = new Set<string>();
  for (const scheme of Object.values(schemes)) {
    if (scheme.type !== 'oauth2') continue;
    for (const flow of Object.values(scheme.flows ?? {})) for (const s of Object.keys(flow.scopes ?? {})) scopes.add(s);
  }
  return [...scopes];
}
