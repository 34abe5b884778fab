import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './openapi-types';

/** One thing wrong with a value, named by field so a person can fix the source row. */
export interface FieldProblem {
  /** The top-level field of the record ('' when the record as a whole is wrong). */
  field: string;
  /** required, type, format, enum, pattern, min-length, max-length, minimum, maximum, max-items, unknown-field, … */
  code: string;
  message: string;
  /** JSON Pointer (RFC 6901) into the validated value, e.g. /allergies/2. */
  pointer: string;
}

const DECIMAL = /^-?[0-9]{1,13}(\.[0-9]{1,4})?$/;

/**
 * Compiles schemas of one OpenAPI document with ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1) and turns ajv's errors into FieldProblems in plain words. Each schema is compiled
 * once and kept.
 */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenApiDocument,
    private readonly documentId: string,
  ) {
    // strict is off because OpenAPI documents carry keywords ajv does not know (x-…, example,
    // discriminator); the schemas themselves are checked by the contract tests.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
    addFormats(this.ajv);
    this.ajv.addFormat('decimal', DECIMAL);
    this.ajv.addSchema(document as object, documentId);
  }

  /** Validates a value against the schema at a JSON Pointer into the document (e.g. /components/schemas/Student). */
  validate(pointer: string, value: unknown, subject: string): FieldProblem[] {
    const validateFn = this.compile(pointer);
    if (validateFn(value)) return [];
    return toFieldProblems(validateFn.errors ?? [], value, subject);
  }

  private compile(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      const encoded = pointer.split('/').map((segment) => encodeURIComponent(segment)).join('/');
      fn = this.ajv.compile({ $ref: `${this.documentId}#${encoded}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }
}

/** Escapes one JSON Pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

const FORMAT_WORDS: Record<string, string> = {
  date: 'a date written YYYY-MM-DD',
  'date-time': 'a date and time with offset, e.g. 2024-09-01T08:00:00Z',
  email: 'an e-mail address',
  uuid: 'a UUID',
  uri: 'an absolute URL',
  decimal: 'a decimal number written as text, e.g. "12.50"',
};

const PATTERN_WORDS: Record<string, string> = {
  '^\\S(?:.*\\S)?$': 'must not start or end with spaces',
  '^[A-Z]{3}$': 'must be a three-letter currency code such as EUR',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'must be a time written HH:MM (24 h)',
};

function toFieldProblems(errors: ErrorObject[], value: unknown, subject: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const problem = toFieldProblem(error, value, subject);
    if (problem) problems.push(problem);
  }
  // ajv reports every failing keyword; once a field has the wrong type (or format), the other
  // complaints about it (enum, pattern, …) only repeat the same mistake.
  const worst = new Map<string, string>();
  for (const p of problems) {
    const current = worst.get(p.pointer);
    if (p.code === 'type' || (p.code === 'format' && current !== 'type')) worst.set(p.pointer, p.code);
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const keep = worst.get(p.pointer);
    if (keep && p.code !== keep) return false;
    const key = `${p.pointer}|${p.code}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toFieldProblem(error: ErrorObject, root: unknown, subject: string): FieldProblem | null {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    const pointer = `${path}/${pointerSegment(missing)}`;
    return { field: topField(pointer), code: 'required', message: `${label(pointer)} is required but missing.`, pointer };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    const pointer = `${path}/${pointerSegment(extra)}`;
    return { field: topField(pointer), code: 'unknown-field', message: `${label(pointer)} is not a field of ${subject}.`, pointer };
  }
  // `if`/`anyOf` wrappers only summarise the errors already listed.
  if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === '$ref') return null;
  const got = describe(valueAt(root, path));
  const name = label(path);
  const field = topField(path);
  const make = (code: string, message: string): FieldProblem => ({ field, code, message, pointer: path });
  switch (error.keyword) {
    case 'type': {
      const types = (Array.isArray(params.type) ? params.type : String(params.type).split(',')) as string[];
      const words = types.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t);
      const nullable = types.includes('null');
      return make('type', `${name} must be ${words.join(' or ')}${nullable ? ' (or empty)' : ''} (got ${got}).`);
    }
    case 'format':
      return make('format', `${name} must be ${FORMAT_WORDS[String(params.format)] ?? `in format ${String(params.format)}`} (got ${got}).`);
    case 'enum': {
      const allowed = ((params.allowedValues as unknown[]) ?? []).filter((v) => v !== null).map(String);
      return make('enum', `${name} must be one of: ${allowed.join(', ')} (got ${got}).`);
    }
    case 'const':
      return make('enum', `${name} must be ${describe(params.allowedValue)} (got ${got}).`);
    case 'pattern':
      return make('pattern', `${name} ${PATTERN_WORDS[String(params.pattern)] ?? 'does not have the expected form'} (got ${got}).`);
    case 'maxLength':
      return make('max-length', `${name} is longer than ${String(params.limit)} characters.`);
    case 'minLength':
      return make('min-length', Number(params.limit) <= 1 ? `${name} must not be empty.` : `${name} must be at least ${String(params.limit)} characters.`);
    case 'minimum':
    case 'exclusiveMinimum':
      return make('minimum', `${name} must be at least ${String(params.limit)} (got ${got}).`);
    case 'maximum':
    case 'exclusiveMaximum':
      return make('maximum', `${name} must be at most ${String(params.limit)} (got ${got}).`);
    case 'maxItems':
      return make('max-items', `${name} has more than ${String(params.limit)} items.`);
    case 'minItems':
      return make('min-items', `${name} needs at least ${String(params.limit)} item(s).`);
    default:
      return make(error.keyword, `${name} ${error.message ?? 'is not valid'}.`);
  }
}

function topField(pointer: string): string {
  const first = pointer.split('/')[1];
  return first === undefined ? '' : unescapeSegment(first);
}

/** The field as a person reads it: allergies[2] rather than /allergies/2; "the record" at the root. */
function label(pointer: string): string {
  if (pointer === '') return 'The record';
  const parts = pointer.split('/').slice(1).map(unescapeSegment);
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of pointer.split('/').slice(1).map(unescapeSegment)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
