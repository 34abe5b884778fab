import { StudioError } from '../shared/errors';
import type { OpenApiDocument, OpenApiResponse } from './openapi-types';
import { OperationTable, type OperationContract, type OperationMatch } from './operations';
import { SchemaValidator, pointerSegment, type FieldProblem } from './schema-validator';

/**
 * What any OpenAPI document of the studio offers, whatever it describes (the Academia Pro API of
 * a version, or the sandbox's admin API): its operations, a router, and checks of request and
 * response bodies against the schemas it declares.
 */
export interface ApiDocumentContract {
  /** The raw document (do not modify). */
  document: OpenApiDocument;
  operations: OperationContract[];
  /** Base URI of problem-details type URIs (x-problem-base). */
  problemBase: string;
  /** Resolves a request path (raw, without query) and method to an operation. */
  matchOperation(method: string, path: string): OperationMatch;
  /** Problems with a JSON request body, checked against the operation's application/json schema. */
  validateRequestBody(operationId: string, body: unknown): FieldProblem[];
  /**
   * Problems with an answer: the status must be documented, the content type (when given) one the
   * response declares, and a JSON body must match the declared schema. A body of another declared
   * type (an image, NDJSON) is not inspected.
   */
  validateResponse(operationId: string, status: number, body: unknown, contentType?: string): FieldProblem[];
}

/** Builds the contract of one document; `documentId` is the base URI its $refs resolve against. */
export function apiDocumentContract(document: OpenApiDocument, documentId: string): ApiDocumentContract & { validator: SchemaValidator } {
  const validator = new SchemaValidator(document, documentId);
  const table = new OperationTable(document);
  const operation = (operationId: string): OperationContract => {
    const op = table.byId(operationId);
    if (!op) throw new StudioError('INTERNAL', `The API document "${document.info.title}" has no operation ${operationId}.`, 'Check the operation id against the document.');
    return op;
  };
  return {
    document,
    validator,
    operations: table.operations,
    problemBase: document['x-problem-base'] ?? 'about:blank#',
    matchOperation: (method, path) => table.match(method, path),
    validateRequestBody(operationId: string, body: unknown): FieldProblem[] {
      const op = operation(operationId);
      const content = document.paths[op.pathTemplate]?.[op.method]?.requestBody?.content ?? {};
      if (!content['application/json']?.schema) return [];
      const pointer = `/paths/${pointerSegment(op.pathTemplate)}/${op.method}/requestBody/content/${pointerSegment('application/json')}/schema`;
      return validator.validate(pointer, body, 'the request');
    },
    validateResponse(operationId: string, status: number, body: unknown, contentType?: string): FieldProblem[] {
      const op = operation(operationId);
      const found = findResponse(document, op, status);
      if (!found) return [problem('undocumented-status', `${operationId} does not document status ${status}.`)];
      const declared = Object.keys(found.response.content ?? {});
      if (declared.length === 0) {
        const empty = body === undefined || body === null || body === '' || (body instanceof Uint8Array && body.length === 0);
        return empty ? [] : [problem('unexpected-body', `${operationId} ${status} is documented without a body, but one came.`)];
      }
      const given = contentType === undefined ? null : mediaTypeOf(contentType);
      if (given !== null && !declared.some((m) => mediaMatches(m, given))) {
        return [problem('undocumented-content-type', `${operationId} ${status} documents ${declared.join(', ')}, not ${given}.`)];
      }
      const jsonType = given !== null ? (isJson(given) ? declared.find((m) => mediaMatches(m, given)) : undefined) : declared.find((m) => isJson(m) && found.response.content?.[m]?.schema);
      if (!jsonType || !found.response.content?.[jsonType]?.schema) return [];
      return validator.validate(`${found.pointer}/content/${pointerSegment(jsonType)}/schema`, body, `${operationId} ${status}`);
    },
  };
}

function problem(code: string, message: string): FieldProblem {
  return { field: '', code, message, pointer: '' };
}

function findResponse(document: OpenApiDocument, op: OperationContract, status: number): { response: OpenApiResponse; pointer: string } | null {
  const responses = document.paths[op.pathTemplate]?.[op.method]?.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
  if (!key) return null;
  let response = responses[key] as OpenApiResponse | { $ref: string };
  let pointer = `/paths/${pointerSegment(op.pathTemplate)}/${op.method}/responses/${key}`;
  if ('$ref' in response && typeof response.$ref === 'string') {
    const name = response.$ref.replace('#/components/responses/', '');
    const resolved = document.components.responses?.[name];
    if (!resolved) return null;
    response = resolved;
    pointer = `/components/responses/${pointerSegment(name)}`;
  }
  return { response: response as OpenApiResponse, pointer };
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaTypeOf(header: string): string {
  return header.split(';')[0].trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function mediaMatches(declared: string, given: string): boolean {
  const d = declared.toLowerCase();
  if (d === given || d === '*/*') return true;
  return d.endsWith('/*') && given.startsWith(d.slice(0, -1));
}
