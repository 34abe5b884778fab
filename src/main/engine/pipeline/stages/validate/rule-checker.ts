import type { MappingRule } from '../../../../../shared/model/mapping-rules';
import { cachedExpression } from '../../../mapping/expressions/expression-cache';
import { ExpressionError } from '../../../mapping/expressions/expression-error';
import type { RecordRow } from '../stage';

/** One rule a record broke. */
export interface RuleFinding {
  rule: string;
  severity: 'error' | 'warning';
  /** The field the finding is about (the rule's first field), or null for an expression rule. */
  field: string | null;
  message: string;
}

/** Variables a rule expression sees: the record the mapping made, and the source row. */
export const RULE_VARIABLES = { record: 'map', row: 'map' } as const;

/** How many rows may wait for a reference they name (exists) before the wait ends early. */
export const HELD_ROWS_MAX = 50_000;

/**
 * The rules of one load, checked row by row in the order rows come. It remembers what uniqueness
 * and references need across batches (the keys seen, the first row of each), and holds rows whose
 * reference is still to come until it comes or the load ends.
 */
export class RuleChecker {
  private readonly seenUnique: Map<string, number | null>[];
  private readonly seenKeys: Set<string>[];
  private readonly held: { row: RecordRow; findings: RuleFinding[] }[] = [];

  constructor(private readonly rules: readonly MappingRule[]) {
    this.seenUnique = rules.map(() => new Map());
    this.seenKeys = rules.map(() => new Set());
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Notes the keys a batch's records offer to `exists` rules (before checking, so a batch may refer within itself). */
  offer(rows: readonly RecordRow[]): void {
    this.rules.forEach((rule, i) => {
      if (rule.kind !== 'exists') return;
      for (const r of rows) {
        const key = text(r.record[rule.inField ?? 'externalId']);
        if (key !== '') this.seenKeys[i].add(key);
      }
    });
  }

  /**
   * The findings of one row, or `'held'` when only an unseen reference stands against it (it
   * comes back from `release`). Uniqueness counts the row in as it is checked: the first row
   * with a value keeps it, later ones are flagged with the first one's place.
   */
  check(r: RecordRow): RuleFinding[] | 'held' {
    const findings: RuleFinding[] = [];
    let waiting = false;
    this.rules.forEach((rule, i) => {
      const finding = this.checkOne(rule, i, r);
      if (finding === 'waiting') waiting = true;
      else if (finding) findings.push(finding);
    });
    if (waiting && this.held.length < HELD_ROWS_MAX) {
      this.held.push({ row: r, findings });
      return 'held';
    }
    if (waiting) findings.push(...this.missingReferences(r));
    return findings;
  }

  /** Held rows whose references have now been seen (or every held row, with its missing references, when the load has ended). */
  release(ended: boolean): { row: RecordRow; findings: RuleFinding[] }[] {
    const out: { row: RecordRow; findings: RuleFinding[] }[] = [];
    for (let i = 0; i < this.held.length; ) {
      const h = this.held[i];
      const missing = this.missingReferences(h.row);
      if (missing.length === 0 || ended) {
        out.push({ row: h.row, findings: [...h.findings, ...missing] });
        this.held.splice(i, 1);
      } else i++;
    }
    return out;
  }

  private missingReferences(r: RecordRow): RuleFinding[] {
    const out: RuleFinding[] = [];
    this.rules.forEach((rule, i) => {
      if (rule.kind !== 'exists') return;
      const value = text(r.record[rule.field]);
      if (value !== '' && !this.seenKeys[i].has(value)) out.push(finding(rule, rule.field, `${rule.field} "${cut(value)}" is not the ${rule.inField ?? 'externalId'} of any record in this load.`));
    });
    return out;
  }

  private checkOne(rule: MappingRule, i: number, r: RecordRow): RuleFinding | 'waiting' | null {
    switch (rule.kind) {
      case 'compare': {
        const [a, b] = [r.record[rule.field], r.record[rule.other]];
        if (a === null || a === undefined || b === null || b === undefined) return null;
        return compare(a, b, rule.op) ? null : finding(rule, rule.field, `${rule.field} (${cut(text(a))}) is not ${OP_WORDS[rule.op]} ${rule.other} (${cut(text(b))}).`);
      }
      case 'unique': {
        const parts = rule.fields.map((f) => text(r.record[f]).trim().toLowerCase());
        if (parts.some((p) => p === '')) return null;
        const key = JSON.stringify(parts);
        const first = this.seenUnique[i];
        if (!first.has(key)) {
          first.set(key, r.sourceRow);
          return null;
        }
        const where = first.get(key);
        return finding(rule, rule.fields[0], `${rule.fields.join(' + ')} "${cut(rule.fields.map((f) => text(r.record[f])).join(' + '))}" is already used by ${where === null || where === undefined ? 'another record' : `source row ${where}`} of this load.`);
      }
      case 'exists': {
        const value = text(r.record[rule.field]);
        return value === '' || this.seenKeys[i].has(value) ? null : 'waiting';
      }
      case 'expression': {
        const compiled = cachedExpression(rule.expression, RULE_VARIABLES, { expect: 'bool' });
        if (compiled instanceof ExpressionError) return finding(rule, null, `The rule cannot be checked: ${compiled.code}: ${compiled.message}`, false);
        const result = compiled.evaluate({ record: r.record, row: r.row });
        if (!result.ok) return finding(rule, null, `The rule could not be checked on this row: ${result.error.code}: ${result.error.message}`, false);
        return result.value === true ? null : finding(rule, null, `The record does not pass: ${rule.expression.length > 80 ? `${rule.expression.slice(0, 80)}…` : rule.expression}.`);
      }
    }
  }
}

const OP_WORDS: Record<string, string> = { '<': 'before / less than', '<=': 'at most', '>': 'after / more than', '>=': 'at least', '==': 'equal to', '!=': 'different from' };

/** A finding in the rule's own words when it has them; a rule that could not be checked always says why. */
function finding(rule: MappingRule, field: string | null, generated: string, ownWords = true): RuleFinding {
  return { rule: rule.name, severity: rule.severity ?? 'error', field, message: `Rule "${rule.name}": ${(ownWords && rule.message) || generated}` };
}

/** Numbers (and numeric text on both sides) compare as numbers; anything else as text (ISO dates sort as text). */
function compare(a: unknown, b: unknown, op: string): boolean {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  const [x, y] = num(a) !== null && num(b) !== null ? [num(a)!, num(b)!] : [text(a), text(b)];
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '==':
      return x === y;
    default:
      return x !== y;
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function cut(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
