import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { resourcesDir } from '../resources-path';
import { topologicalOrder } from './load-order';
import type { JsonSchemaObject, OpenApiDocument, OpenApiResponse } from './openapi-types';
import { OperationTable, type OperationContract, type OperationMatch } from './operations';
import { SchemaValidator, pointerSegment, type FieldProblem } from './schema-validator';

export type { FieldProblem } from './schema-validator';
export type { OperationContract, OperationMatch } from './operations';

/** API versions the studio ships a document for. */
export type TargetApiVersion = 'v1';
export const TARGET_API_VERSIONS: readonly TargetApiVersion[] = ['v1'];

/** Lifecycle status of an API version (info.x-status). */
export type TargetApiStatus = 'Testing' | 'Production' | 'Deprecated' | 'Retired';

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
}

/** Numeric limits the document announces (x-limits). */
export interface TargetLimits {
  maxBatchRecords: number;
  defaultPageSize: number;
  maxPageSize: number;
  maxBodyBytes: number;
  idempotencyRetentionHours: number;
  tokenTtlSeconds: number;
}

/** Everything the studio knows about the target, read from the OpenAPI document. */
export interface TargetContract {
  version: TargetApiVersion;
  /** The document's own version (info.version). */
  documentVersion: string;
  status: TargetApiStatus;
  limits: TargetLimits;
  /** Every scope the OAuth2 scheme declares (<entity>:read, <entity>:write). */
  scopes: string[];
  /** Base URI of problem-details type URIs. */
  problemBase: string;
  entities: EntityContract[];
  operations: OperationContract[];
  /** The raw document (do not modify). */
  document: OpenApiDocument;
  /** Throws TARGET_UNKNOWN_ENTITY for a name the document does not define. */
  entity(name: string): EntityContract;
  hasEntity(name: string): boolean;
  /** Entities in load order (referenced before referencing); all of them, or just `names`. */
  loadOrder(names?: string[]): string[];
  /** Problems with a record about to be written (an empty list means valid). */
  validate(entity: string, record: unknown): FieldProblem[];
  /** Resolves a request path (raw, without query) and method to an operation. */
  matchOperation(method: string, path: string): OperationMatch;
  /** Problems with an answer, checked against the operation's declared response schema. */
  validateResponse(operationId: string, status: number, body: unknown): FieldProblem[];
}

const DEFAULT_LIMITS: TargetLimits = { maxBatchRecords: 500, defaultPageSize: 100, maxPageSize: 1000, maxBodyBytes: 10 * 1024 * 1024, idempotencyRetentionHours: 24, tokenTtlSeconds: 3600 };
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
  const entities = readEntities(document);
  const byName = new Map(entities.map((e) => [e.name, e]));
  const fullOrder = topologicalOrder(entities.map((e) => ({ name: e.name, dependsOn: e.dependsOn })));
  const validator = new SchemaValidator(document, `https://academia-pro.example/openapi/${version}.json`);
  const operations = new OperationTable(document);

  const entity = (name: string): EntityContract => {
    const found = byName.get(name);
    if (!found) {
      throw new StudioError('TARGET_UNKNOWN_ENTITY', `Academia Pro (${version}) has no entity called "${name}".`, `Use one of: ${entities.map((e) => e.name).join(', ')}.`, { where: { table: name } });
    }
    return found;
  };

  return {
    version,
    documentVersion: document.info.version,
    status: (document.info['x-status'] as TargetApiStatus | undefined) ?? 'Production',
    limits: { ...DEFAULT_LIMITS, ...(document['x-limits'] as Partial<TargetLimits> | undefined) },
    scopes: readScopes(document),
    problemBase: document['x-problem-base'] ?? 'about:blank#',
    entities,
    operations: operations.operations,
    document,
    entity,
    hasEntity: (name) => byName.has(name),
    loadOrder(names?: string[]): string[] {
      if (!names) return [...fullOrder];
      const wanted = new Set(names.map((n) => entity(n).name));
      return fullOrder.filter((n) => wanted.has(n));
    },
    validate(name: string, record: unknown): FieldProblem[] {
      const e = entity(name);
      return validator.validate(`/components/schemas/${pointerSegment(e.schemaName)}`, record, e.name);
    },
    matchOperation: (method, path) => operations.match(method, path),
    validateResponse(operationId: string, status: number, body: unknown): FieldProblem[] {
      const op = operations.byId(operationId);
      if (!op) throw new StudioError('INTERNAL', `The Academia Pro API document has no operation ${operationId}.`, 'Check the operation id against the document.');
      const pointer = responseSchemaPointer(document, op, status);
      if (!pointer) return [{ field: '', code: 'undocumented-status', message: `${operationId} does not document status ${status}.`, pointer: '' }];
      return validator.validate(pointer, body, `${operationId} ${status}`);
    },
  };
}

function readEntities(document: OpenApiDocument): EntityContract[] {
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
    entities.push({ name, title: schema.title ?? name, schemaName, scope, required, fields, references, dependsOn });
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

function responseSchemaPointer(document: OpenApiDocument, op: OperationContract, status: number): string | null {
  const responses = document.paths[op.pathTemplate]?.[op.method]?.responses ?? {};
  let response = responses[String(status)] ?? responses.default;
  let pointer = `/paths/${pointerSegment(op.pathTemplate)}/${op.method}/responses/${responses[String(status)] ? status : 'default'}`;
  if (!response) return null;
  if ('$ref' in response && typeof response.$ref === 'string') {
    const name = response.$ref.replace('#/components/responses/', '');
    response = document.components.responses?.[name] as OpenApiResponse;
    pointer = `/components/responses/${pointerSegment(name)}`;
    if (!response) return null;
  }
  const content = (response as OpenApiResponse).content ?? {};
  const mediaType = Object.keys(content).find((m) => m.includes('json') && content[m].schema);
  return mediaType ? `${pointer}/content/${pointerSegment(mediaType)}/schema` : null;
}
