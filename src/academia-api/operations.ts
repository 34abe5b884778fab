import { HTTP_METHODS, type HttpMethod, type OpenApiDocument } from './openapi-types';

/** One operation of the document, as a router needs it. */
export interface OperationContract {
  method: HttpMethod;
  /** The path as the document writes it, e.g. /api/v1/schools/{schoolId}/students. */
  pathTemplate: string;
  operationId: string;
  /** The generic handler named by x-handler (health, info, document, token, batch, list, get, delete). */
  handler: string;
  /** The entity named by x-entity, or null for service operations. */
  entity: string | null;
  /**
   * Scopes the operation needs (any one security alternative that names scopes gives them);
   * null when the operation needs no credentials at all (security: []).
   */
  scopes: string[] | null;
  /** The largest body the operation takes (x-max-body-bytes), or null for the document's limit. */
  maxBodyBytes: number | null;
  /** Media types the request body may have (empty when the operation takes no body). */
  requestMediaTypes: string[];
  tags: string[];
  summary: string | null;
}

/** What a request path and method resolve to. */
export type OperationMatch =
  | { kind: 'match'; operation: OperationContract; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledTemplate {
  template: string;
  segments: { literal: string | null; param: string | null }[];
  paramCount: number;
}

/** Reads the operations of a document and matches concrete request paths against them. */
export class OperationTable {
  readonly operations: OperationContract[] = [];
  private readonly templates: CompiledTemplate[];
  private readonly byTemplate = new Map<string, Map<HttpMethod, OperationContract>>();

  constructor(document: OpenApiDocument) {
    const defaultSecurity = (document.security as Record<string, string[]>[] | undefined) ?? [];
    for (const [template, item] of Object.entries(document.paths)) {
      const methods = new Map<HttpMethod, OperationContract>();
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const security = op.security ?? defaultSecurity;
        const scopes = security.length === 0 ? null : [...new Set(security.flatMap((alt) => Object.values(alt).flat()))];
        const operation: OperationContract = {
          method,
          pathTemplate: template,
          operationId: op.operationId,
          handler: op['x-handler'] ?? op.operationId,
          entity: op['x-entity'] ?? null,
          scopes,
          maxBodyBytes: typeof op['x-max-body-bytes'] === 'number' ? op['x-max-body-bytes'] : null,
          requestMediaTypes: Object.keys(op.requestBody?.content ?? {}),
          tags: op.tags ?? [],
          summary: op.summary ?? null,
        };
        methods.set(method, operation);
        this.operations.push(operation);
      }
      this.byTemplate.set(template, methods);
    }
    // A literal segment beats a parameter (OpenAPI: /schools/batch before /schools/{schoolId}).
    this.templates = [...this.byTemplate.keys()].map(compileTemplate).sort((a, b) => a.paramCount - b.paramCount);
  }

  byId(operationId: string): OperationContract | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }

  /** Resolves a request. `path` is the raw (still percent-encoded) path without query string. */
  match(method: string, path: string): OperationMatch {
    const parts = path.split('/');
    const allowed = new Set<string>();
    for (const t of this.templates) {
      const params = matchTemplate(t, parts);
      if (!params) continue;
      const operation = this.byTemplate.get(t.template)?.get(method.toLowerCase() as HttpMethod);
      if (operation) return { kind: 'match', operation, params };
      for (const m of this.byTemplate.get(t.template)?.keys() ?? []) allowed.add(m.toUpperCase());
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  }
}

function compileTemplate(template: string): CompiledTemplate {
  const segments = template.split('/').map((s) => {
    const m = /^\{([^}]+)\}$/.exec(s);
    return m ? { literal: null, param: m[1] } : { literal: s, param: null };
  });
  return { template, segments, paramCount: segments.filter((s) => s.param).length };
}

function matchTemplate(t: CompiledTemplate, parts: string[]): Record<string, string> | null {
  if (parts.length !== t.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = t.segments[i];
    if (seg.literal !== null) {
      if (seg.literal !== parts[i]) return null;
      continue;
    }
    if (parts[i] === '') return null;
    try {
      params[seg.param as string] = decodeURIComponent(parts[i]);
    } catch {
      return null;
    }
  }
  return params;
}
