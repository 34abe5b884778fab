import type { RolloverChange, RolloverProblem, RolloverRules } from '../../../shared/model/rollover';
import type { SyncChangeCount } from '../../../shared/model/sync';
import { nextYearDate, nextYearName } from './rollover-rules';

/** A record as the target holds it (externalId and fields; the target's own columns are ignored). */
export type HeldRecord = Record<string, unknown> & { externalId: string };

/** What the rollover reads from the target. */
export interface RolloverSnapshot {
  'academic-years': HeldRecord[];
  terms: HeldRecord[];
  students: HeldRecord[];
  classes: HeldRecord[];
  'class-teachers': HeldRecord[];
  enrollments: HeldRecord[];
}

/** The entities the rollover reads and writes, in the target's load order. */
export const ROLLOVER_ENTITIES = ['academic-years', 'terms', 'students', 'classes', 'class-teachers', 'enrollments'] as const;

export interface RolloverPlan {
  fromYear: { externalId: string; name: string } | null;
  toYear: { externalId: string; name: string; startDate: string; endDate: string } | null;
  changes: RolloverChange[];
  counts: SyncChangeCount[];
  summary: string[];
  /** The change gate's categories in the rollover's own words ("52 students would move up a grade level, 4 would be graduated"). */
  categoryWords: Record<string, string>;
  problems: RolloverProblem[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A key for derived externalIds: the new year's id with anything but letters and digits as dashes. */
function yearKey(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Plans the rollover from the current school year into the next (pure: the target's records and
 * the rules in, the changes out). Students still active move to the grade level the progression
 * names, or leave (graduated or withdrawn) when it names none; the new year and its terms are
 * added and made current; classes of the current year are copied into the new year's terms with
 * their teachers; the current year's open enrolments end on the year's last day (a leaver's on
 * the leaving date) and a promoted student's enrolments carry into the copied classes. Anything
 * the rules cannot decide is a problem with its place and fix, and the record is left unchanged.
 */
export function planRollover(data: RolloverSnapshot, rules: RolloverRules, ruleProblems: RolloverProblem[] = []): RolloverPlan {
  const problems: RolloverProblem[] = [...ruleProblems];
  const changes: RolloverChange[] = [];
  const years = data['academic-years'];
  const current = years.filter((y) => y.isCurrent === true).sort(byStart).at(-1) ?? [...years].sort(byStart).at(-1) ?? null;
  if (!current) {
    problems.push({ code: 'NO_CURRENT_YEAR', entity: 'academic-years', externalId: null, field: null, message: 'Academia Pro holds no academic year, so there is no school year to roll over from.', fix: 'Load the academic years first (run the migration), then preview the rollover again.' });
    return { fromYear: null, toYear: null, changes, counts: countsOf(changes), summary: [], categoryWords: {}, problems };
  }
  const fromName = text(current.name) ?? current.externalId;
  const toName = rules.schoolYear ?? nextYearName(fromName);
  const toId = rules.schoolYear ?? (nextYearName(current.externalId) !== current.externalId ? nextYearName(current.externalId) : `${current.externalId}-next`);
  const toYear = { externalId: toId, name: toName, startDate: nextYearDate(String(current.startDate ?? '')), endDate: nextYearDate(String(current.endDate ?? '')) };
  const fromYear = { externalId: current.externalId, name: fromName };
  if (years.some((y) => y.externalId === toId)) {
    problems.push({ code: 'YEAR_EXISTS', entity: 'academic-years', externalId: toId, field: null, message: `Academia Pro already holds the school year ${toId}: the rollover into it was applied, or the year was set up by hand.`, fix: `Make ${toId} the current year in Academia Pro to plan the rollover after it, or name another year in the rules (--school-year).` });
    return { fromYear, toYear, changes, counts: countsOf(changes), summary: [], categoryWords: {}, problems };
  }
  const yearEnd = String(current.endDate ?? '');
  const leaveDate = rules.leavers.date ?? yearEnd;
  const key = yearKey(toId);

  // The year: the new one added and made current, the old one no longer current.
  changes.push({ entity: 'academic-years', externalId: toId, kind: 'insert', fields: { name: toName, startDate: toYear.startDate, endDate: toYear.endDate, isCurrent: true }, before: null, why: `the school year after ${fromName}` });
  if (current.isCurrent === true) changes.push({ entity: 'academic-years', externalId: current.externalId, kind: 'update', fields: { isCurrent: false }, before: { isCurrent: true }, why: `${toName} becomes the current year` });

  // Terms of the current year, one year on.
  const terms = data.terms.filter((t) => t.academicYearExternalId === current.externalId).sort(byStart);
  const newTermOf = new Map<string, { externalId: string; startDate: string }>();
  for (const t of terms) {
    const id = t.externalId.includes(current.externalId) ? t.externalId.split(current.externalId).join(toId) : `${t.externalId}-${key}`;
    const startDate = nextYearDate(String(t.startDate ?? ''));
    newTermOf.set(t.externalId, { externalId: id, startDate });
    changes.push({ entity: 'terms', externalId: id, kind: 'insert', fields: { academicYearExternalId: toId, name: nextYearName(String(t.name ?? t.externalId)), startDate, endDate: nextYearDate(String(t.endDate ?? '')) }, before: null, why: `${String(t.name ?? t.externalId)} one year on` });
  }
  if (!terms.length) problems.push({ code: 'NO_TERMS', entity: 'terms', externalId: null, field: 'academicYearExternalId', message: `Academia Pro holds no term of ${fromName}, so classes have no term to carry into.`, fix: `Add the terms of ${fromName} (the terms mapping), or turn off carrying classes in the rollover rules.` });
  const firstNewTerm = terms.length ? newTermOf.get(terms[0].externalId)! : null;

  // Students: promoted, or leaving.
  const leaving = new Set<string>();
  const promoted = new Set<string>();
  let promotedCount = 0;
  for (const s of data.students) {
    const status = text(s.enrollmentStatus);
    if (status !== null && status !== 'active') continue;
    const grade = text(s.gradeLevel);
    if (grade === null || !(grade in rules.progression)) {
      problems.push({
        code: 'UNKNOWN_GRADE',
        entity: 'students',
        externalId: s.externalId,
        field: 'gradeLevel',
        message: `Student ${s.externalId} is in grade level "${grade ?? ''}", which the progression does not name, so the rollover cannot tell where they go.`,
        fix: `Add "${grade ?? ''}" to the rollover rules' progression (the grade it moves to, or null when its students leave), or correct the student's grade level in Academia Pro.`,
      });
      continue;
    }
    const next = rules.progression[grade];
    if (next === null) {
      leaving.add(s.externalId);
      changes.push({ entity: 'students', externalId: s.externalId, kind: 'update', fields: { enrollmentStatus: rules.leavers.action }, before: { enrollmentStatus: status }, why: `${rules.leavers.action} on ${leaveDate} (${grade} is the last grade level)` });
    } else if (next !== grade) {
      promoted.add(s.externalId);
      promotedCount++;
      changes.push({ entity: 'students', externalId: s.externalId, kind: 'update', fields: { gradeLevel: next }, before: { gradeLevel: grade }, why: `${grade} → ${next}` });
    } else promoted.add(s.externalId);
  }

  // Classes of the current year, copied into the new year's terms with their teachers.
  const termIds = new Set(data.terms.map((t) => t.externalId));
  const newClassOf = new Map<string, { externalId: string; startDate: string }>();
  if (rules.carry.classes) {
    for (const c of data.classes) {
      const term = text(c.termExternalId);
      if (term === null) {
        problems.push({ code: 'CLASS_WITHOUT_TERM', entity: 'classes', externalId: c.externalId, field: 'termExternalId', message: `Class ${c.externalId} (${String(c.name ?? '')}) has no term, so the rollover cannot tell whether it belongs to ${fromName}.`, fix: `Give class ${c.externalId} its term in Academia Pro (the classes mapping's termExternalId), then preview again.` });
        continue;
      }
      if (!termIds.has(term)) {
        problems.push({ code: 'CLASS_TERM_UNKNOWN', entity: 'classes', externalId: c.externalId, field: 'termExternalId', message: `Class ${c.externalId} names the term ${term}, which Academia Pro does not hold.`, fix: `Load the term ${term} (the terms mapping) or correct the class's term, then preview again.` });
        continue;
      }
      const target = rules.classTerm === 'matching' ? newTermOf.get(term) : newTermOf.has(term) ? firstNewTerm : undefined;
      if (!target) continue;
      const id = `${c.externalId}-${key}`;
      newClassOf.set(c.externalId, { externalId: id, startDate: target.startDate });
      const copy: Record<string, unknown> = { courseExternalId: c.courseExternalId, termExternalId: target.externalId, name: c.name };
      for (const f of ['section', 'room', 'capacity']) if (c[f] !== undefined && c[f] !== null) copy[f] = c[f];
      changes.push({ entity: 'classes', externalId: id, kind: 'insert', fields: copy, before: null, why: `${String(c.name ?? c.externalId)} carried into ${toName}` });
    }
    if (rules.carry.classTeachers) {
      for (const ct of data['class-teachers']) {
        const to = newClassOf.get(String(ct.classExternalId));
        if (!to) continue;
        changes.push({ entity: 'class-teachers', externalId: `${ct.externalId}-${key}`, kind: 'insert', fields: { classExternalId: to.externalId, staffExternalId: ct.staffExternalId, ...(ct.role ? { role: ct.role } : {}), startDate: to.startDate }, before: null, why: 'the class teacher carried with the class' });
      }
    }
  }

  // Enrolments of the current year: ended, and a promoted student's carried into the copied class.
  let ended = 0;
  let carried = 0;
  const currentTerms = new Set(terms.map((t) => t.externalId));
  const classTerm = new Map(data.classes.map((c) => [c.externalId, text(c.termExternalId)]));
  for (const e of data.enrollments) {
    const term = classTerm.get(String(e.classExternalId));
    if (!term || !currentTerms.has(term)) continue;
    const open = text(e.status) !== 'dropped' && text(e.status) !== 'completed' && (text(e.endDate) === null || String(e.endDate) > yearEnd);
    if (!open) continue;
    const student = String(e.studentExternalId);
    const end = leaving.has(student) ? leaveDate : yearEnd;
    ended++;
    changes.push({ entity: 'enrollments', externalId: e.externalId, kind: 'update', fields: { endDate: end, status: 'completed' }, before: { endDate: e.endDate ?? null, status: e.status ?? null }, why: leaving.has(student) ? `the student leaves on ${end}` : `${fromName} ends on ${end}` });
    const to = newClassOf.get(String(e.classExternalId));
    if (rules.carry.enrollments && to && promoted.has(student)) {
      carried++;
      changes.push({ entity: 'enrollments', externalId: `${e.externalId}-${key}`, kind: 'insert', fields: { studentExternalId: student, classExternalId: to.externalId, startDate: to.startDate, status: 'active' }, before: null, why: 'the enrolment carried into the copied class' });
    }
  }

  const n = (entity: string, kind: 'insert' | 'update') => changes.filter((c) => c.entity === entity && c.kind === kind).length;
  const summary = [
    `${toName} is added (${toYear.startDate} to ${toYear.endDate}) and becomes the current school year, with ${n('terms', 'insert')} ${n('terms', 'insert') === 1 ? 'term' : 'terms'}.`,
    `${promotedCount} ${promotedCount === 1 ? 'student moves' : 'students move'} up a grade level.`,
    `${leaving.size} ${leaving.size === 1 ? 'student' : 'students'} in the last grade level ${leaving.size === 1 ? 'is' : 'are'} ${rules.leavers.action} on ${leaveDate}.`,
    ...(rules.carry.classes ? [`${n('classes', 'insert')} ${n('classes', 'insert') === 1 ? 'class is' : 'classes are'} carried into ${toName}${rules.carry.classTeachers ? ` with ${n('class-teachers', 'insert')} class ${n('class-teachers', 'insert') === 1 ? 'teacher' : 'teachers'}` : ''}.`] : []),
    `${ended} ${ended === 1 ? 'enrolment' : 'enrolments'} of ${fromName} ${ended === 1 ? 'ends' : 'end'}${rules.carry.enrollments ? `; ${carried} ${carried === 1 ? 'is' : 'are'} carried into the new classes` : ''}.`,
  ];
  const categoryWords: Record<string, string> = {
    'academic-years.updates': `${fromName} would stop being the current school year`,
    'students.updates': `${promotedCount} ${promotedCount === 1 ? 'student' : 'students'} would move up a grade level and ${leaving.size} would be ${rules.leavers.action}`,
    'enrollments.updates': `${ended} ${ended === 1 ? 'enrolment' : 'enrolments'} of ${fromName} would end`,
  };
  return { fromYear, toYear, changes, counts: countsOf(changes), summary, categoryWords, problems };
}

function byStart(a: HeldRecord, b: HeldRecord): number {
  return String(a.startDate ?? '').localeCompare(String(b.startDate ?? ''));
}

function countsOf(changes: RolloverChange[]): SyncChangeCount[] {
  return ROLLOVER_ENTITIES.map((entity) => ({
    entity,
    inserts: changes.filter((c) => c.entity === entity && c.kind === 'insert').length,
    updates: changes.filter((c) => c.entity === entity && c.kind === 'update').length,
    deletes: 0,
    conflicts: 0,
  })).filter((c) => c.inserts + c.updates > 0);
}
