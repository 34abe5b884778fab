import { jsonDepthExceededAt, NestingDepthError } from '../nesting-limit';

/**
 * JSON numbers keep their exactness: integers past 2^53 and decimals with more than 15
 * significant digits stay as the text in the file (a JS number would change them); everything
 * else becomes a number.
 */
export function numberFromText(text: string): number | string {
  const n = Number(text);
  if (!/[.eE]/.test(text)) return Number.isSafeInteger(n) ? n : text;
  const mantissa = text.replace(/^-/, '').split(/[eE]/)[0].replace('.', '').replace(/^0+/, '');
  const significant = text.includes('.') ? mantissa.replace(/0+$/, '') : mantissa;
  return significant.length <= 15 && Number.isFinite(n) ? n : text;
}

/** A JSON syntax error with its place in the text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Runs of 16+ digits are where JSON.parse could round a number. */
const MAY_LOSE_PRECISION = /[0-9][0-9.]{15,}/;

/** Parses one JSON text (an NDJSON line), exact for numbers; JSON.parse when nothing can be lost. */
export function parseJsonExact(text: string): unknown {
  // Both parsers below would overflow the stack (or hand on a value nothing else can walk).
  const tooDeep = jsonDepthExceededAt(text);
  if (tooDeep !== -1) throw new NestingDepthError(tooDeep);
  if (!MAY_LOSE_PRECISION.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through: the exact parser says where the problem is
    }
  }
  const parser = new ExactJsonParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

/** A small recursive-descent JSON parser that keeps number text (see numberFromText). */
class ExactJsonParser {
  private i = 0;

  constructor(private readonly s: string) {}

  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    throw this.fail(c === undefined ? 'the record ends too early' : `unexpected "${c}"`);
  }

  end(): void {
    this.ws();
    if (this.i < this.s.length) throw this.fail(`unexpected "${this.s[this.i]}" after the end of the record`);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw this.fail('expected a field name in double quotes');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') throw this.fail('expected ":" after a field name');
      this.i++;
      out[key] = this.value();
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw this.fail(c === undefined ? 'the record ends inside an object' : 'expected "," or "}"', -1);
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw this.fail(c === undefined ? 'the record ends inside a list' : 'expected "," or "]"', -1);
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw this.fail('a text value is never closed', 0, start);
      if (c === '\\') this.i += 2;
      else if (c === '"') break;
      else this.i++;
    }
    this.i++;
    try {
      return JSON.parse(this.s.slice(start, this.i)) as string;
    } catch {
      throw this.fail('a text value holds an invalid escape or control character', 0, start);
    }
  }

  private number(): number | string {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(this.s);
    if (!found) throw this.fail('a number is malformed');
    this.i += found[0].length;
    return numberFromText(found[0]);
  }

  private literal(word: string, value: unknown): unknown {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    throw this.fail(`unexpected "${this.s[this.i]}"`);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private fail(message: string, shift = 0, at = this.i + shift): JsonSyntaxError {
    return new JsonSyntaxError(message, Math.max(0, at));
  }
}

/** Nested objects become dot-named columns (`address.city`); lists stay whole (type json). */
export function flattenRecord(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { value };
  const out: Record<string, unknown> = {};
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      const name = prefix ? `${prefix}.${key}` : key;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) walk(v as Record<string, unknown>, name);
      else out[name] = v;
    }
  };
  walk(value as Record<string, unknown>, '');
  return out;
}

/** The JSON kind of a value, for a column's native type (exact numbers kept as text show as string). */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
