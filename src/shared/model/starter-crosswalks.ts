/**
 * Crosswalks a school rarely has to write itself (#14): the codes legacy systems use for grade
 * levels, attendance marks, gender and relationships, and the Academia Pro enum value each becomes
 * (the OpenAPI document's enums: gradeLevel PK–13, attendance present/absent/late/excused, gender
 * female/male/other/unknown, relationship mother/father/guardian/grandparent/other). A school copies
 * one into its project (mappings.putCrosswalk) and edits it; codes are matched trimmed and in any
 * case by the crosswalk transform, so each is listed once.
 */
export interface StarterCrosswalk {
  name: string;
  description: string;
  table: Record<string, string>;
}

const grades: Record<string, string> = { PK: 'PK', 'Pre-K': 'PK', Nursery: 'PK', N: 'PK', N1: 'PK', N2: 'PK', K: 'KG', KG: 'KG', Kindergarten: 'KG', R: 'KG', Reception: 'KG', '0': 'KG', '00': 'KG' };
for (let y = 1; y <= 13; y++) {
  const two = String(y).padStart(2, '0');
  for (const code of [String(y), two, `Y${y}`, `Y${two}`, `Year ${y}`, `Yr${y}`, `Yr ${y}`, `Grade ${y}`, `G${y}`, `${y}th`]) grades[code] = two;
}
grades['1st'] = '01';
grades['2nd'] = '02';
grades['3rd'] = '03';
delete grades['1th'];
delete grades['2th'];
delete grades['3th'];

export const STARTER_CROSSWALKS: readonly StarterCrosswalk[] = [
  {
    name: 'starter.grade-levels',
    description: 'Grade and year-group codes (Y7, Year 7, Grade 7, 7th, R, Reception, K, Nursery) → Academia Pro grade levels PK, KG, 01–13.',
    table: grades,
  },
  {
    name: 'starter.attendance-codes',
    description: 'Register marks (UK DfE codes, US P/A/T/E, words) → present, absent, late, excused.',
    table: {
      '/': 'present', '\\': 'present', P: 'present', Present: 'present', B: 'present', D: 'present', J: 'present', K: 'present', V: 'present', W: 'present',
      L: 'late', U: 'late', T: 'late', Late: 'late', Tardy: 'late',
      A: 'absent', N: 'absent', O: 'absent', G: 'absent', Absent: 'absent', UA: 'absent',
      E: 'excused', Excused: 'excused', C: 'excused', H: 'excused', I: 'excused', M: 'excused', R: 'excused', S: 'excused', EA: 'excused',
    },
  },
  {
    name: 'starter.gender',
    description: 'Gender codes and words → female, male, other, unknown.',
    table: { F: 'female', Female: 'female', G: 'female', Girl: 'female', W: 'female', '2': 'female', M: 'male', Male: 'male', B: 'male', Boy: 'male', '1': 'male', X: 'other', O: 'other', Other: 'other', 'Non-binary': 'other', NB: 'other', U: 'unknown', Unknown: 'unknown', '': 'unknown', '0': 'unknown', '9': 'unknown' },
  },
  {
    name: 'starter.relationships',
    description: 'How a contact is related to a pupil → mother, father, guardian, grandparent, other.',
    table: {
      Mother: 'mother', Mum: 'mother', Mom: 'mother', Mam: 'mother', Stepmother: 'other', M: 'mother',
      Father: 'father', Dad: 'father', F: 'father', Stepfather: 'other',
      Guardian: 'guardian', 'Legal guardian': 'guardian', G: 'guardian', Carer: 'guardian', 'Foster carer': 'guardian', 'Social worker': 'other',
      Grandmother: 'grandparent', Grandfather: 'grandparent', Grandparent: 'grandparent', Gran: 'grandparent', Grandma: 'grandparent', Grandpa: 'grandparent', Nan: 'grandparent',
      Aunt: 'other', Uncle: 'other', Sibling: 'other', Brother: 'other', Sister: 'other', Other: 'other', O: 'other',
    },
  },
];
