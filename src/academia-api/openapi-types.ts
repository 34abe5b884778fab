/**
 * The parts of an OpenAPI 3.1 document the studio reads. Only what the contract reader and the
 * sandbox use is typed; everything else stays `unknown` so a richer document still loads.
 */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; 'x-api-version'?: string; 'x-status'?: string; [key: string]: unknown };
  'x-limits'?: Partial<Record<string, number>>;
  'x-problem-base'?: string;
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchemaObject>;
    responses?: Record<string, OpenApiResponse>;
    securitySchemes?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>> & { [key: string]: unknown };

export interface OpenApiOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, OpenApiResponse | { $ref: string }>;
  /** Vendor extension: which generic handler serves the operation (batch, list, get, delete, …). */
  'x-handler'?: string;
  /** Vendor extension: the entity (path segment) the operation acts on. */
  'x-entity'?: string;
  /** Vendor extension: the largest request body the operation takes (else x-limits.maxBodyBytes). */
  'x-max-body-bytes'?: number;
  tags?: string[];
  summary?: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchemaObject }> };
  [key: string]: unknown;
}

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: JsonSchemaObject }>;
  [key: string]: unknown;
}

/** A JSON Schema (2020-12) object as the document writes it, vendor extensions included. */
export interface JsonSchemaObject {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  title?: string;
  description?: string;
  readOnly?: boolean;
  required?: string[];
  properties?: Record<string, JsonSchemaObject>;
  items?: JsonSchemaObject;
  $ref?: string;
  'x-entity'?: string;
  'x-scope'?: 'global' | 'school';
  'x-references'?: { field: string; entity: string }[];
  'x-personal-data'?: string[];
  /** People records: binary attachments allowed, their size limit and content types. */
  'x-attachments'?: { maxBytes: number; contentTypes: string[] };
  [key: string]: unknown;
}
