import { MAX_NESTING_DEPTH, NestingDepthError } from '../nesting-limit';
import { numberFromText } from './json-values';

/** A token of stream-json's Parser with values packed (keys, strings and numbers whole). */
export interface JsonToken {
  name: string;
  value?: string;
}

/** Where the records of a JSON document are: keys from the root down to the array holding them. */
export type JsonPath = string[];

/** `$.data.students`, `data.students`, `/data/students`, `$` → key lists. */
export function parseJsonPath(text: string): JsonPath {
  const trimmed = text.trim().replace(/^\$\.?/, '').replace(/^\//, '');
  if (trimmed === '') return [];
  return trimmed.split(trimmed.includes('/') ? '/' : '.').filter((k) => k !== '');
}

export function formatJsonPath(path: JsonPath): string {
  return ['$', ...path].join('.');
}

interface Frame {
  kind: 'object' | 'array';
  key: string | null;
  /** The value being built: inside a record, or the root while detecting (it may be the only record). */
  value: Record<string, unknown> | unknown[] | null;
}

/**
 * Follows stream-json's tokens and builds one record at a time: the elements of the array at
 * `path`, or (with no path) of the root when it is an array, else of the first array under the
 * root's objects whose first element is an object. A document with no such array is one record.
 * Only the record being built is held, never the document (the root stops being built as soon as
 * the record array is found).
 */
export class JsonRecordExtractor {
  readonly records: unknown[] = [];
  private readonly stack: Frame[] = [];
  /** Stack length inside the record array, once found; records start at this depth. */
  private recordDepth = -1;
  private recordArrayOpen = false;
  private path: JsonPath | null;
  private rootValue: unknown = undefined;
  private building = false;
  /** Stack length inside an array that may be the record array, until its first element shows. */
  private candidate = -1;

  constructor(path: JsonPath | null) {
    this.path = path;
  }

  /** True while a record, or the root (before any record array is found), is being built in memory. */
  get holding(): boolean {
    return this.building || this.rootValue !== undefined;
  }

  /** The record path in use (detected or given); null while not known. */
  get recordPath(): JsonPath | null {
    return this.recordDepth >= 0 || this.rootIsRecord ? this.path : null;
  }

  private rootIsRecord = false;

  /** Call at the end of the document: with no record array, the root is the one record. */
  finish(): void {
    if (this.recordDepth < 0 && this.path === null && this.rootValue !== undefined) {
      this.records.push(this.rootValue);
      this.rootValue = undefined;
      this.path = [];
      this.rootIsRecord = true;
    }
  }

  push(token: JsonToken): void {
    switch (token.name) {
      case 'startObject':
        return this.open('object');
      case 'startArray':
        return this.open('array');
      case 'endObject':
      case 'endArray':
        return this.close();
      case 'keyValue':
        this.stack[this.stack.length - 1].key = token.value ?? '';
        return;
      case 'stringValue':
        return this.scalar(token.value ?? '');
      case 'numberValue':
        return this.scalar(numberFromText(token.value ?? '0'));
      case 'trueValue':
        return this.scalar(true);
      case 'falseValue':
        return this.scalar(false);
      case 'nullValue':
        return this.scalar(null);
      default:
        return;
    }
  }

  private open(kind: 'object' | 'array'): void {
    const depth = this.stack.length;
    // The stack is an array, but flattening and storing a record walk it recursively.
    if (depth >= MAX_NESTING_DEPTH) throw new NestingDepthError();
    if (this.recordDepth < 0) this.settle(kind === 'object');
    const startsRecord = this.recordArrayOpen && depth === this.recordDepth && !this.building;
    let value: Frame['value'] = null;
    if (this.building || startsRecord || (depth === 0 && this.detecting()) || this.buildingRoot()) value = kind === 'object' ? {} : [];
    if (value !== null && depth > 0 && !startsRecord) this.attach(value);
    if (depth === 0 && this.detecting()) this.rootValue = value;
    if (startsRecord) this.building = true;
    this.stack.push({ kind, key: null, value });
    if (kind === 'array' && this.recordDepth < 0) {
      if (depth === 0 && this.path === null) this.lock(1, []);
      else if (this.atPath()) this.candidate = this.stack.length;
    }
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    const depth = this.stack.length;
    if (this.building && depth === this.recordDepth) {
      this.records.push(frame.value);
      this.building = false;
    } else if (this.recordArrayOpen && depth === this.recordDepth - 1) {
      this.recordArrayOpen = false;
    }
    if (this.candidate === depth + 1) this.candidate = -1;
  }

  private scalar(v: unknown): void {
    const depth = this.stack.length;
    if (this.recordDepth < 0) this.settle(false);
    if (this.building) return this.attach(v);
    if (this.recordArrayOpen && depth === this.recordDepth) {
      this.records.push(v);
      return;
    }
    if (depth === 0) {
      if (this.detecting()) this.rootValue = v;
      return;
    }
    if (this.buildingRoot()) this.attach(v);
  }

  /** At the first element of a candidate array: a configured path, or an object there, settles it. */
  private settle(isObject: boolean): void {
    if (this.candidate < 0 || this.stack.length !== this.candidate) return;
    if (this.path !== null) this.lock(this.candidate, this.path);
    else if (isObject) this.lock(this.candidate, this.stack.slice(0, this.candidate - 1).map((f) => f.key ?? ''));
    else this.candidate = -1;
  }

  private lock(depth: number, path: JsonPath): void {
    this.recordDepth = depth;
    this.recordArrayOpen = true;
    this.path = path;
    this.candidate = -1;
    this.rootValue = undefined;
    for (const frame of this.stack) frame.value = null;
  }

  /** Is the array just opened at the configured path (or, detecting, under objects only)? */
  private atPath(): boolean {
    const frames = this.stack;
    for (let i = 0; i < frames.length - 1; i++) if (frames[i].kind !== 'object') return false;
    if (this.path === null) return frames.length <= 6;
    const keys = frames.slice(0, frames.length - 1).map((f) => f.key ?? '');
    return keys.length === this.path.length && keys.every((k, i) => k === this.path![i]);
  }

  private detecting(): boolean {
    return this.recordDepth < 0 && this.path === null;
  }

  private buildingRoot(): boolean {
    return this.detecting() && this.rootValue !== undefined && this.stack.length > 0 && this.stack.every((f) => f.value !== null);
  }

  private attach(v: unknown): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent?.value) return;
    if (Array.isArray(parent.value)) parent.value.push(v);
    else parent.value[parent.key ?? ''] = v;
  }
}
