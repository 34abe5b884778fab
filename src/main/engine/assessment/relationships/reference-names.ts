import type { StreamInfo } from '../../../../shared/model/connection';
import { entityWords, readReferenceName, synonymous } from './name-tokens';

/** A possible reference from a child column to a parent's key column, judged by names alone. */
export interface NameEvidence {
  /** 0–1: how strongly the names alone suggest the reference. */
  score: number;
  /** Why, in words ("same column name as PUPILS' key PUPIL_NO"). */
  reason: string;
}

/** A parent key column that references may point at. */
export interface ParentKey {
  table: string;
  column: string;
  /** True when it is the table's own key (declared, or its best candidate). */
  isTableKey: boolean;
}

/**
 * How strongly a child column's name says it points at a parent's key column:
 * - 0.95: the same name as the parent's id-like key, which is named after its table
 *   (`CLASS_ENROL.PUPIL_NO` → `PUPILS.PUPIL_NO`, `PAYMENTS.INV_NO` → `INVOICES.INV_NO`);
 * - 0.75: the same id-like name, but the key is not named after its table (`marking_period_id`
 *   shared by several tables);
 * - 0.9: a reference named after the parent table, to its key (`school_id` → `schools.id`,
 *   `PUPIL_ID` → `PUPILS.PUPIL_NO`); 0.85 for an abbreviation (`INV_NO` → `INVOICES`);
 *   0.75 + 0.1 × share when it names only the table's last word(s) (`semester_id` →
 *   `school_semesters`: 0.8); 0.75 through a school synonym (`TEACHER_ID` → `STAFF.STAFF_ID`,
 *   `LEARNER_ID` → `PUPILS`);
 * - × 0.85 when a qualifier comes first (`current_school_id`), not combined with a synonym.
 * Returns null when the names do not suggest it.
 */
export function nameEvidence(child: StreamInfo, column: string, parent: ParentKey): NameEvidence | null {
  if (child.name === parent.table) return null;
  const ref = readReferenceName(column);
  const key = readReferenceName(parent.column);
  const entity = entityWords(parent.table);
  const keyIsIdLike = key.suffix !== null || (key.subject.length === 1 && key.subject[0] === 'id');
  if (column.toLowerCase() === parent.column.toLowerCase()) {
    // Every table's own `id` is called `id`: the shared name says nothing.
    if (!keyIsIdLike || (key.subject.length === 0 && ref.subject.length === 0)) return null;
    if (key.subject.length && matchesEntity(key.subject, entity) > 0) return { score: 0.95, reason: `same column name as ${parent.table}'s key ${parent.column}` };
    return { score: 0.75, reason: `same column name as ${parent.table}.${parent.column}, a unique identifier` };
  }
  if (ref.suffix === null || !ref.subject.length) return null;
  const keyNamedForTable = key.subject.length === 0 || matchesEntity(key.subject, entity) > 0;
  if (!parent.isTableKey && !keyNamedForTable) return null;
  let subject = ref.subject;
  let qualified = false;
  let strength = matchesEntity(subject, entity);
  // `current_school_id`, `primary_language_id`: try without the leading qualifier words, but only
  // for the table's own name (a qualifier plus a synonym, `attendance_teacher_code`, is a guess too far).
  while (strength === 0 && subject.length > 1) {
    subject = subject.slice(1);
    qualified = true;
    strength = matchesEntity(subject, entity);
    if (strength < 0.8) strength = 0;
  }
  if (strength === 0) return null;
  const base = strength;
  const score = qualified ? base * 0.85 : base;
  const how = base >= 0.85 ? 'named after' : base > 0.75 ? 'named after the last word of' : 'named with a synonym of';
  return { score, reason: `${column} is ${how} ${parent.table}${qualified ? ' (after a qualifier)' : ''}, whose key is ${parent.column}` };
}

/** 0.9 exact entity, 0.85 last word(s) of the entity, 0.75 a synonym, 0 no match. */
function matchesEntity(subject: string[], entity: string[]): number {
  const s = subject.join(' ');
  const e = entity.join(' ');
  if (s === e) return 0.9;
  // The last word(s) of a longer table name: `section_id` → `school_gradelevel_sections`; the
  // smaller the share of the table's name, the weaker (0.8 for half of it, 0.78 for a third).
  if (subject.length < entity.length && entity.slice(entity.length - subject.length).join(' ') === s) return 0.75 + 0.1 * (subject.length / entity.length);
  // Abbreviations such as INV for INVOICE, ENROL for ENROLMENT.
  if (subject.length === 1 && entity.length === 1 && s.length >= 3 && e.startsWith(s)) return 0.85;
  if (synonymous(s, e) || synonymous(s, entity[entity.length - 1])) return 0.75;
  return 0;
}
