import type { ColumnProfile } from '../../../shared/model/assessment';
import type { ColumnInfo } from '../../../shared/model/connection';
import type { TargetModelField } from '../../../shared/model/target-model';
import { LANGUAGE_VALUES, VALUE_SYNONYMS } from './dictionary';

/**
 * How well a column's values fit a target field, from the column's type and, when there is one,
 * its profile: the right kind of value (dates for a date, e-mail addresses for an e-mail…),
 * few empty values for a required field, and values that fall in the field's list. A fit never
 * names the column: names are weighed elsewhere; this only says whether the data agrees.
 */
export interface ValueFit {
  /** -1 (the values cannot be this field) … 0 (no evidence) … 1 (they look exactly like it). */
  score: number;
  /** True when the evidence is specific enough to suggest the column on its own (enum overlap, e-mails…). */
  specific: boolean;
  reasons: string[];
}

const PERSON_NAME_FIELDS = new Set(['firstName', 'lastName', 'middleName', 'preferredName']);
const NUMERIC_SEMANTICS = new Set(['integer', 'decimal', 'identifier']);

export function valueFit(field: TargetModelField, column: ColumnInfo, profile: ColumnProfile | undefined): ValueFit {
  const reasons: string[] = [];
  let score = 0;
  let specific = false;
  const semantic = profile?.semanticType;
  const empty = profile ? profile.rows > 0 && profile.nulls + profile.blanks >= profile.rows : false;
  const isDate = column.type === 'date' || column.type === 'datetime' || semantic === 'date' || semantic === 'datetime';
  const isNumber = ['integer', 'decimal', 'number'].includes(column.type) || (semantic !== undefined && NUMERIC_SEMANTICS.has(semantic) && semantic !== 'identifier');

  if (field.format === 'date' || field.format === 'date-time') {
    if (isDate) {
      score += 0.6;
      reasons.push('holds dates');
    } else if (column.type === 'binary' || column.type === 'boolean' || isNumber || semantic === 'decimal' || semantic === 'email' || semantic === 'person-name' || semantic === 'boolean') score -= 0.8;
    else if (semantic && semantic !== 'empty' && semantic !== 'unknown') score -= 0.4;
  } else if (field.format === 'email') {
    if (semantic === 'email') {
      score += 0.9;
      specific = true;
      reasons.push('holds e-mail addresses');
    } else if (semantic && semantic !== 'empty') score -= 0.5;
  } else if (field.format === 'decimal' || field.type === 'number') {
    if (isNumber || semantic === 'integer' || semantic === 'decimal') {
      score += semantic === 'decimal' ? 0.6 : 0.5;
      // Decimals alone point at a required amount; among optional numbers (score, maxScore) they cannot choose.
      specific = semantic === 'decimal' && field.required;
      reasons.push(semantic === 'decimal' ? 'holds decimal numbers' : 'holds numbers');
    } else if (isDate || semantic === 'person-name' || semantic === 'email') score -= 0.8;
    else if (semantic === 'free-text' || semantic === 'code') score -= 0.4;
  } else if (field.type === 'integer') {
    if (column.type === 'integer' || semantic === 'integer') {
      score += 0.5;
      reasons.push('holds whole numbers');
    } else if (isDate || semantic === 'free-text' || semantic === 'person-name') score -= 0.6;
  } else if (field.type === 'boolean') {
    if (column.type === 'boolean' || semantic === 'boolean') {
      score += 0.6;
      reasons.push('holds yes/no values');
    } else if (isDate || semantic === 'free-text') score -= 0.6;
  } else if (field.type === 'array') {
    if (semantic === 'packed-list') {
      score += 0.8;
      specific = true;
      reasons.push('holds packed lists');
    }
  } else if (field.name === 'phone') {
    if (semantic === 'phone') {
      score += 0.8;
      specific = true;
      reasons.push('holds phone numbers');
    } else if (isDate || semantic === 'email' || semantic === 'person-name') score -= 0.6;
  } else if (PERSON_NAME_FIELDS.has(field.name)) {
    if (semantic === 'person-name') {
      score += 0.6;
      reasons.push('holds personal names');
    } else if (isDate || isNumber || semantic === 'email' || semantic === 'phone' || semantic === 'code') score -= 0.6;
  } else if (field.name === 'startTime' || field.name === 'endTime') {
    if (column.type === 'time' || semantic === 'time') {
      score += 0.7;
      reasons.push('holds times of day');
    } else if (isDate) score -= 0.3;
  } else if (field.name === 'homeLanguage' && profile) {
    const share = valueShare(profile.topValues, (v) => LANGUAGE_VALUES.has(v.toLowerCase()));
    if (share >= 0.6) {
      score += 0.8;
      specific = true;
      reasons.push('holds languages');
    }
  } else if (field.name === 'letterGrade' && profile) {
    const share = valueShare(profile.topValues, (v) => /^(?:[A-G][+-]?|A\*|[UE]|[1-9])$/i.test(v));
    if (share >= 0.7 && profile.distinct <= 20) {
      score += 0.7;
      specific = true;
      reasons.push('holds letter grades');
    } else if (isDate) score -= 0.6;
  } else if ((field.name === 'name' || field.name === 'description') && profile) {
    // A record's label: text, mostly different on every row, not a person's name or a code.
    const distinctShare = profile.rows ? profile.distinct / profile.rows : 0;
    if ((semantic === 'free-text' || semantic === 'code') && distinctShare >= (field.name === 'name' ? 0.8 : 0.3) && (profile.meanLength ?? 0) >= (field.name === 'name' ? 4 : 12)) {
      score += 0.5;
      specific = true;
      reasons.push(field.name === 'name' ? 'holds a different label on each row' : 'holds descriptive text');
    } else if (isDate || isNumber) score -= 0.5;
  } else if (field.type === 'string' && !field.enum && !field.references) {
    if (isDate && !/date|time/i.test(field.name)) score -= 0.5;
  }

  if (field.enum && profile && profile.topValues.length) {
    const overlap = enumOverlap(field.enum, profile.topValues, VALUE_SYNONYMS[field.name]);
    if (overlap.share >= 0.5) {
      score += 0.4 + 0.5 * overlap.share;
      specific = overlap.share >= 0.7;
      reasons.push(`${Math.round(overlap.share * 100)}% of the values match the target's list${overlap.how ? ` (${overlap.how})` : ''}`);
    } else if (overlap.share < 0.1 && profile.distinct > 1) score -= 0.2;
  }

  if (profile && profile.rows > 0) {
    if (empty) {
      score -= 0.3;
      reasons.push('always empty');
    } else if (field.required) {
      const nullShare = (profile.nulls + profile.blanks) / profile.rows;
      if (nullShare > 0.5) score -= 0.2;
    }
  }
  return { score: Math.max(-1, Math.min(1, score)), specific, reasons };
}

/** Grade levels written the way schools write them: Y7, Year 7, 7, Grade 7, K, R, N, PK. */
function gradeOf(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (['PK', 'PREK', 'PRE-K', 'N', 'NUR', 'NURSERY', 'P', 'PS', 'IT'].includes(v)) return 'PK';
  if (['K', 'KG', 'R', 'REC', 'RECEPTION', 'KINDERGARTEN', 'TK'].includes(v)) return 'KG';
  const m = /^(?:Y|YR|YEAR|G|GR|GRADE|NC)?\s*0?(\d{1,2})$/.exec(v);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 13) return String(n).padStart(2, '0');
  }
  return null;
}

const DAY_LETTERS: Record<string, string> = { M: 'monday', T: 'tuesday', W: 'wednesday', R: 'thursday', H: 'thursday', F: 'friday', S: 'saturday', U: 'sunday' };

/**
 * The share of values (weighted by count) that belong to the enum: as written (any case), as a
 * prefix of a member or by a member's first letter when that letter is unique (M/F), as grade
 * levels, or as day letters (MWF).
 */
export function enumOverlap(members: readonly string[], values: readonly { value: string; count: number }[], synonyms: Record<string, string> = {}): { share: number; how: string } {
  let total = 0;
  let hit = 0;
  const hows = new Set<string>();
  for (const { value, count } of values) {
    const v = String(value).trim();
    if (!v) continue;
    total += count;
    const match = enumMatch(members, v, synonyms);
    if (!match) continue;
    hit += count;
    hows.add(match.how);
  }
  return { share: total ? hit / total : 0, how: [...hows].join(', ') };
}

/**
 * The enum member one legacy value stands for, by the same rules as `enumOverlap` (accepted
 * suggestions turn them into a crosswalk), or null. Several day letters (MWF) belong to the
 * enum but stand for several members, so `member` is null for them.
 */
export function enumMatch(members: readonly string[], value: string, synonyms: Record<string, string> = {}): { member: string | null; how: string } | null {
  const lower = members.map((m) => m.toLowerCase());
  const isGrade = members.includes('KG') && members.includes('01');
  const isDay = members.includes('monday');
  const v = value.trim();
  const lv = v.toLowerCase();
  const memberOf = (l: string) => members[lower.indexOf(l)];
  if (lower.includes(lv)) return { member: memberOf(lv), how: 'as written' };
  const synonym = synonyms[lv] ?? synonyms[lv.replace(/s$/, '')];
  if (synonym && lower.includes(synonym)) return { member: memberOf(synonym), how: 'by school usage' };
  const grade = isGrade ? gradeOf(v) : null;
  if (grade) return { member: grade, how: 'as grade levels' };
  if (isDay && /^[MTWRHFSU]+$/i.test(v) && [...v.toUpperCase()].every((c) => DAY_LETTERS[c])) {
    return { member: v.length === 1 && lower.includes(DAY_LETTERS[v.toUpperCase()]) ? DAY_LETTERS[v.toUpperCase()] : null, how: 'as day letters' };
  }
  const prefixed = lower.filter((m) => (lv.length >= 3 && m.startsWith(lv)) || (m.length >= 3 && lv.startsWith(m)));
  if (prefixed.length === 1) return { member: memberOf(prefixed[0]), how: 'by abbreviation' };
  if (lv.length === 1) {
    const byLetter = lower.filter((m) => m[0] === lv);
    if (byLetter.length === 1) return { member: memberOf(byLetter[0]), how: 'by first letter' };
  }
  return null;
}

function valueShare(values: readonly { value: string; count: number }[], test: (v: string) => boolean): number {
  let total = 0;
  let hit = 0;
  for (const { value, count } of values) {
    const v = String(value).trim();
    if (!v) continue;
    total += count;
    if (test(v)) hit += count;
  }
  return total ? hit / total : 0;
}
