import type { RolloverProblem, RolloverRules, RolloverRulesInput } from '../../../shared/model/rollover';

/**
 * The rollover's rules with every default filled in. The progression is, in order of precedence:
 * typed into the rules, a named crosswalk's table, or the grade-level values of the target model
 * in their order (each followed by the next; the last one leaves).
 */
export function resolveRules(input: RolloverRulesInput, gradeLevels: readonly string[], crosswalk: Record<string, string> | null): { rules: RolloverRules; problems: RolloverProblem[] } {
  const problems: RolloverProblem[] = [];
  let progression: Record<string, string | null>;
  let source: RolloverRules['progressionSource'];
  if (input.progression) {
    progression = { ...input.progression };
    source = 'rules';
  } else if (input.progressionCrosswalk && crosswalk) {
    // A crosswalk value left empty (or "leave") means the grade's students leave.
    progression = Object.fromEntries(Object.entries(crosswalk).map(([from, to]) => [from, to === '' || to.toLowerCase() === 'leave' ? null : to]));
    source = 'crosswalk';
  } else {
    progression = progressionOf(gradeLevels);
    source = 'target-model';
  }
  for (const [from, to] of Object.entries(progression)) {
    if (gradeLevels.length && !gradeLevels.includes(from)) {
      problems.push({ code: 'BAD_RULE', entity: 'students', externalId: null, field: 'gradeLevel', message: `The progression starts from "${from}", which is not a grade level of Academia Pro (${gradeLevels.join(', ')}).`, fix: `Change "${from}" in the rollover rules' progression to one of ${gradeLevels.join(', ')}.` });
    }
    if (to !== null && gradeLevels.length && !gradeLevels.includes(to)) {
      problems.push({ code: 'BAD_RULE', entity: 'students', externalId: null, field: 'gradeLevel', message: `The progression sends ${from} to "${to}", which is not a grade level of Academia Pro.`, fix: `Send ${from} to one of ${gradeLevels.join(', ')}, or to nothing (null) when its students leave.` });
    }
  }
  return {
    rules: {
      schoolYear: input.schoolYear ?? null,
      progression,
      progressionSource: source,
      progressionCrosswalk: input.progressionCrosswalk ?? null,
      leavers: { action: input.leavers?.action ?? 'graduated', date: input.leavers?.date ?? null },
      classTerm: input.classTerm ?? 'first',
      carry: input.carry ?? { classes: true, classTeachers: true, enrollments: true },
    },
    problems,
  };
}

/** Each grade level followed by the next in the given order; the last one leaves. */
export function progressionOf(levels: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(levels.map((g, i) => [g, i + 1 < levels.length ? levels[i + 1] : null]));
}

/**
 * The next school year's name: each four-digit year moves on by one, and a two-digit year after
 * a slash or dash with it ("2024/25" → "2025/26", "2024-2025" → "2025-2026", "Year 2024" → "Year 2025").
 */
export function nextYearName(name: string): string {
  return name.replace(/\b(19|20)(\d{2})(?:([/-])(\d{2})(?!\d))?/g, (whole, century: string, yy: string, sep?: string, short?: string) => {
    const year = Number(`${century}${yy}`) + 1;
    if (sep && short !== undefined) return `${year}${sep}${String((Number(short) + 1) % 100).padStart(2, '0')}`;
    return String(year);
  });
}

/** A date one year later (29 February becomes 28 February). */
export function nextYearDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const y = Number(m[1]) + 1;
  const day = m[2] === '02' && m[3] === '29' ? '28' : m[3];
  return `${y}-${m[2]}-${day}`;
}
