import type { Statement } from 'better-sqlite3';
import { toMojibake } from '../values/cp1252';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import { BatchInserter } from './batch-inserter';
import { isoOfDays, pad2 } from './civil-days';
import { PlantedTally, type DemoManifest } from './demo-manifest';
import { AREAS, CULTURE_WEIGHT_TOTAL, CULTURE_WEIGHTS, EMAIL_DOMAINS, NAME_CULTURES, POSTCODE_AREAS, STREETS, TITLES_FEMALE, TITLES_MALE, TOWNS, type NameCulture, type NameEntry } from './demo-names';
import * as T from './legacy-schema';
import {
  ACAD_YEAR,
  admissionFor,
  allergyText,
  ASSESSMENTS,
  ATTENDANCE_ABSENCE,
  ATTENDANCE_DAYS,
  AUTUMN_END,
  AUTUMN_END_ISO,
  AUTUMN_START,
  birthDay,
  DEMO_SCHOOL_CODE,
  dobText,
  EXPORT_DAY,
  gradeFor,
  nameClass,
  nameVariant,
  NEXT_SEPTEMBER,
  pupilNoText,
  RELATIONSHIP_CODES,
  SEP_1_2024,
  sexCode,
  SUBJECTS,
  TAUGHT,
  TERMS,
  VARIANT_OF,
  YEAR_GROUPS,
  type DobText,
} from './legacy-values';
import { PLANTED_DEFINITIONS } from './planted-problems';
import { SeededRandom } from './seeded-random';

/** Pupils written per transaction; progress is reported and the event loop let through after each. */
const PUPILS_PER_COMMIT = 5000;

interface Child {
  no: string;
  first: NameEntry;
  female: boolean;
  g: number;
  dobDay: number;
}

/** A second registration waiting to be written a little later in the table. */
interface PendingCopy {
  due: number;
  originalNo: string;
  forename: string;
  surname: string;
  sex: string;
  dob: string;
  g: number;
  formK: number;
  familyId: string;
  siblings: string;
  homeLang: string;
  fsm: string;
  admissionDay: number;
}

const P = (code: string, table: string, column: string | null) => PlantedTally.indexOf(code, table, column);
const IX = {
  duplicate: P('DUPLICATE_PERSON', 'PUPILS', null),
  pupilNoZero: P('LEADING_ZERO_ID', 'PUPILS', 'PUPIL_NO'),
  foreUntrimmed: P('UNTRIMMED_TEXT', 'PUPILS', 'FORENAME'),
  surUntrimmed: P('UNTRIMMED_TEXT', 'PUPILS', 'SURNAME'),
  foreMojibake: P('MOJIBAKE', 'PUPILS', 'FORENAME'),
  surMojibake: P('MOJIBAKE', 'PUPILS', 'SURNAME'),
  surCaps: P('ALL_CAPS_TEXT', 'PUPILS', 'SURNAME'),
  dobMissing: P('MISSING_VALUE', 'PUPILS', 'DOB'),
  dobSentinel: P('SENTINEL_DATE', 'PUPILS', 'DOB'),
  dobMixed: P('MIXED_DATE_FORMATS', 'PUPILS', 'DOB'),
  dobAmbiguous: P('AMBIGUOUS_DATE', 'PUPILS', 'DOB'),
  dobTwoDigit: P('TWO_DIGIT_YEAR', 'PUPILS', 'DOB'),
  dobImpossible: P('IMPOSSIBLE_DATE', 'PUPILS', 'DOB'),
  sex: P('CODE_NEEDS_CROSSWALK', 'PUPILS', 'SEX'),
  yearGroup: P('CODE_NEEDS_CROSSWALK', 'PUPILS', 'YEAR_GROUP'),
  status: P('CODE_NEEDS_CROSSWALK', 'PUPILS', 'STATUS'),
  siblings: P('PACKED_LIST', 'PUPILS', 'SIBLING_IDS'),
  allergies: P('PACKED_LIST', 'PUPILS', 'ALLERGIES'),
  contactForeMissing: P('MISSING_VALUE', 'CONTACTS', 'FORENAME'),
  contactEmailUntrimmed: P('UNTRIMMED_TEXT', 'CONTACTS', 'EMAIL'),
  contactForeMojibake: P('MOJIBAKE', 'CONTACTS', 'FORENAME'),
  contactSurMojibake: P('MOJIBAKE', 'CONTACTS', 'SURNAME'),
  contactEmailInvalid: P('INVALID_EMAIL', 'CONTACTS', 'EMAIL'),
  relationship: P('CODE_NEEDS_CROSSWALK', 'CONTACTS', 'RELATIONSHIP'),
  orphan: P('ORPHAN_REFERENCE', 'CLASS_ENROL', 'PUPIL_NO'),
  enrolZero: P('LEADING_ZERO_ID', 'CLASS_ENROL', 'PUPIL_NO'),
  attendanceZero: P('LEADING_ZERO_ID', 'ATTENDANCE', 'PUPIL_NO'),
  marksZero: P('LEADING_ZERO_ID', 'MARKS', 'PUPIL_NO'),
  invoicesZero: P('LEADING_ZERO_ID', 'INVOICES', 'PUPIL_NO'),
};
const hasLeadingZero = PLANTED_DEFINITIONS[IX.pupilNoZero].test as (v: string | null) => boolean;

/**
 * Writes the school into an open SQLite database whose tables exist, row by row in a fixed order
 * drawn from one seeded generator, counting planted problems as it goes.
 */
export class SchoolGenerator {
  private readonly rng: SeededRandom;
  private readonly tally = new PlantedTally();
  private readonly out: Record<string, BatchInserter>;
  private readonly perYear: number;
  private readonly staffCount: number;
  /** First CLASS_ID and number of classes per year group and course (index 0 = forms). */
  private readonly classBase: number[][] = [];
  private readonly classCount: number[][] = [];

  private emitted = 0;
  private nextPupilNo = 1;
  private nextFamily = 1;
  private nextContact = 1;
  private nextEnrol = 1;
  private nextMark = 1;
  private nextInvoice = 1;
  private nextPayment = 1;
  /** Pupil numbers never issued (deleted records); orphan enrolments point at them. */
  private readonly deletedNos: string[] = [];
  private readonly pending: PendingCopy[] = [];
  /** Each pupil's four weeks of marks, as two 20-letter strings, until the chunk is committed. */
  private readonly registers: BatchInserter;
  private readonly expandRegisters: Statement<[]>;
  private attendanceRows = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly pupils: number,
    private readonly seed: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.out = Object.fromEntries(T.LEGACY_TABLES.map((t) => [t.name, new BatchInserter(db, t)]));
    this.perYear = Math.ceil(pupils / YEAR_GROUPS.length);
    this.staffCount = Math.max(3, Math.round(pupils / 15));
    db.pragma('temp_store = MEMORY');
    db.exec(`CREATE TEMP TABLE ATT_DAYS (N INTEGER PRIMARY KEY, DAY TEXT)`);
    db.exec(`CREATE TEMP TABLE ATT_CHUNK (N INTEGER PRIMARY KEY, PUPIL_NO TEXT, AM TEXT, PM TEXT)`);
    const addDay = db.prepare('INSERT INTO temp.ATT_DAYS (N, DAY) VALUES (?, ?)');
    ATTENDANCE_DAYS.forEach((day, i) => addDay.run(i + 1, day));
    this.registers = new BatchInserter(db, REGISTER_CHUNK);
    this.expandRegisters = db.prepare<[]>(
      'INSERT INTO "ATTENDANCE" ("PUPIL_NO", "ATT_DATE", "AM", "PM") SELECT c.PUPIL_NO, d.DAY, substr(c.AM, d.N, 1), substr(c.PM, d.N, 1) FROM temp.ATT_CHUNK c CROSS JOIN temp.ATT_DAYS d ORDER BY c.N, d.N',
    );
  }

  async run(onProgress?: (done: number, total: number) => void): Promise<void> {
    this.db.exec('BEGIN');
    this.writeSchool();
    this.writeCourses();
    this.writeStaff();
    this.writeClasses();
    this.commit();
    while (this.emitted < this.pupils) {
      const target = Math.min(this.pupils, this.emitted + PUPILS_PER_COMMIT);
      this.db.exec('BEGIN');
      while (this.emitted < target) this.step();
      this.commit();
      onProgress?.(this.emitted, this.pupils);
      // Lets timers and messages through between chunks, so a host stays responsive.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  manifest(): DemoManifest {
    return {
      seed: this.seed,
      pupils: this.pupils,
      tables: T.LEGACY_TABLES.map((t) => ({ name: t.name, rows: t === T.ATTENDANCE ? this.attendanceRows : this.out[t.name].rows })),
      schoolCode: DEMO_SCHOOL_CODE,
      planted: this.tally.toPlanted(),
    };
  }

  private commit(): void {
    for (const inserter of Object.values(this.out)) inserter.flush();
    // The chunk's registers become one ATTENDANCE row per pupil and day inside SQLite, which is
    // about twice as fast as binding twenty rows per pupil from JavaScript.
    this.registers.flush();
    this.expandRegisters.run();
    this.db.exec('DELETE FROM temp.ATT_CHUNK');
    this.db.exec('COMMIT');
  }

  // ---------------------------------------------------------------- reference tables

  private writeSchool(): void {
    this.out.SCHOOL_INFO.add([DEMO_SCHOOL_CODE, 'Northgate Park School', '873/6021', '1 Northgate Park Road', 'Northgate', 'Northbridge', 'NB1 4PS', '01632 960 412', 'office@northgate-park.sch.uk', 'Dr Helen Marsh', ACAD_YEAR, 'SPR']);
  }

  private writeCourses(): void {
    for (const [code, name, dept] of SUBJECTS) this.out.COURSES.add([code, name, dept, code === 'HE' ? 'N' : 'Y']);
  }

  private writeStaff(): void {
    const { rng } = this;
    for (let id = 1; id <= this.staffCount; id++) {
      const culture = this.culture();
      const female = rng.chance(0.68);
      const first = rng.pick(female ? culture.girls : culture.boys);
      const last = rng.pick(culture.surnames);
      const role = id === 1 ? 'Head Teacher' : rng.pick(['Teacher', 'Teacher', 'Teacher', 'Teacher', 'Teacher', 'Teacher', 'Teaching Assistant', 'Teaching Assistant', 'Administrator', 'Technician']);
      const dept = role === 'Teacher' ? rng.pick(SUBJECTS)[2] : role === 'Head Teacher' ? 'Leadership' : 'Support';
      const start = SEP_1_2024 - 365 * rng.int(25) - rng.int(60);
      const left = rng.chance(0.04);
      const code = `${first[1][0]}${last[1][0]}${last[1][last[1].length - 1]}`.toUpperCase();
      const email = `${first[1][0]}.${last[1]}${id}@northgate-park.sch.uk`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
      this.out.STAFF.add([id, code, rng.pick(female ? TITLES_FEMALE : TITLES_MALE), first[0], last[0], role, dept, email, String(2000 + rng.int(800)), isoOfDays(start), left ? isoOfDays(AUTUMN_END) : '']);
    }
  }

  private writeClasses(): void {
    const { rng } = this;
    let classId = 1;
    const formSize = 26;
    const setSize = 28;
    YEAR_GROUPS.forEach((label, g) => {
      const courses = g >= 2 ? ['REG', ...TAUGHT] : ['REG'];
      this.classBase[g] = [];
      this.classCount[g] = [];
      courses.forEach((course, c) => {
        const count = Math.max(1, Math.ceil(this.perYear / (c === 0 ? formSize : setSize)));
        this.classBase[g][c] = classId;
        this.classCount[g][c] = count;
        for (let k = 0; k < count; k++) {
          const code = c === 0 ? `${label}-${k + 1}` : `${label}/${course}${k + 1}`;
          const desc = c === 0 ? `${label} form ${k + 1}` : `${label} ${course === 'MA' ? 'Maths' : 'English'} set ${k + 1}`;
          const teacher = 1 + ((classId * 7919) % this.staffCount);
          const room = `${rng.pick(['A', 'B', 'C', 'S', 'L'])}${rng.between(1, 3)}${pad2(rng.between(1, 24))}`;
          this.out.CLASSES.add([classId, code, desc, course, label, teacher, room, ACAD_YEAR]);
          classId++;
        }
      });
    });
  }

  // ---------------------------------------------------------------- families and pupils

  /** Writes either a second registration that is due, or a new family. */
  private step(): void {
    const remaining = this.pupils - this.emitted;
    const dueIndex = this.dueCopy(remaining);
    if (dueIndex >= 0) {
      const [copy] = this.pending.splice(dueIndex, 1);
      this.writeCopy(copy);
      return;
    }
    this.writeFamily(remaining - this.pending.length);
  }

  private dueCopy(remaining: number): number {
    if (this.pending.length === 0) return -1;
    let best = 0;
    for (let i = 1; i < this.pending.length; i++) if (this.pending[i].due < this.pending[best].due) best = i;
    return this.pending[best].due <= this.emitted || remaining <= this.pending.length ? best : -1;
  }

  private culture(): NameCulture {
    return NAME_CULTURES[this.rng.weighted(CULTURE_WEIGHTS, CULTURE_WEIGHT_TOTAL)];
  }

  private allocatePupilNo(): string {
    // Now and then a number was issued and the pupil later deleted: a gap in the sequence.
    if (this.rng.chance(0.02)) {
      this.deletedNos.push(pupilNoText(this.nextPupilNo++));
      if (this.deletedNos.length > 64) this.deletedNos.shift();
    }
    return pupilNoText(this.nextPupilNo++);
  }

  private writeFamily(slots: number): void {
    const { rng } = this;
    const culture = this.culture();
    const familyId = `F${this.nextFamily++}`;
    const surname = rng.pick(culture.surnames);
    const kids = Math.min(slots, 1 + rng.weighted([780, 180, 35, 5], 1000));

    // children: distinct year groups and first-name classes, except twins (same birth, other name)
    const children: Child[] = [];
    const usedYears = new Set<number>();
    const usedNames = new Set<string>();
    for (let j = 0; j < kids; j++) {
      const twin = j > 0 && rng.chance(0.04) ? children[j - 1] : null;
      let g = twin ? twin.g : rng.int(YEAR_GROUPS.length);
      for (let tries = 0; !twin && usedYears.has(g) && tries < 30; tries++) g = rng.int(YEAR_GROUPS.length);
      usedYears.add(g);
      const female = rng.chance(0.5);
      let first = rng.pick(female ? culture.girls : culture.boys);
      for (let tries = 0; usedNames.has(nameClass(first[0])) && tries < 30; tries++) first = rng.pick(female ? culture.girls : culture.boys);
      usedNames.add(nameClass(first[0]));
      children.push({ no: this.allocatePupilNo(), first, female, g, dobDay: twin ? twin.dobDay : birthDay(rng, g) });
    }

    // address, contacts
    const address = [`${rng.between(1, 220)} ${rng.pick(STREETS)}`, rng.pick(AREAS), rng.pick(TOWNS), `${rng.pick(POSTCODE_AREAS)} ${rng.between(1, 9)}${String.fromCharCode(65 + rng.int(26))}${String.fromCharCode(65 + rng.int(26))}`];
    const homePhone = rng.chance(0.7) ? `01632 960${String(rng.int(1000)).padStart(3, '0')}` : '';
    const guardians = this.guardianRoles();
    const salutation = guardians.length === 2 && guardians[0] === 'mother' && guardians[1] === 'father' ? `Mr & Mrs ${surname[0]}` : `${guardians[0] === 'father' ? 'Mr' : 'Mrs'} ${surname[0]}`;
    this.out.FAMILIES.add([familyId, salutation, address[0], address[1], address[2], address[3], homePhone]);
    guardians.forEach((role, i) => this.writeContact(familyId, culture, surname, role, i + 1, address));

    // pupils
    let previousDob: DobText | null = null;
    children.forEach((child, j) => {
      const siblings = children.filter((_, k) => k !== j).map((c) => c.no).join(', ');
      const isTwin = j > 0 && child.dobDay === children[j - 1].dobDay && child.g === children[j - 1].g;
      const dob = isTwin && previousDob !== null ? previousDob : dobText(rng, child.dobDay);
      previousDob = dob;
      this.writePupil(child, culture, surname, familyId, siblings, dob, kids - j - 1);
    });
  }

  private guardianRoles(): string[] {
    const { rng } = this;
    if (rng.chance(0.86)) {
      const r = rng.int(100);
      if (r < 88) return ['mother', 'father'];
      if (r < 93) return ['mother', 'grandparent'];
      if (r < 97) return ['mother', 'stepParent'];
      return ['father', 'other'];
    }
    return [rng.pick(['mother', 'mother', 'mother', 'mother', 'mother', 'mother', 'mother', 'father', 'grandparent', 'guardian'])];
  }

  private writeContact(familyId: string, culture: NameCulture, surname: NameEntry, role: string, priority: number, address: string[]): void {
    const { rng } = this;
    const female = role === 'mother' || (role !== 'father' && rng.chance(0.6));
    const id = this.nextContact++;
    const key = String(id);
    let first = rng.pick(female ? culture.girls : culture.boys);
    const last = role === 'mother' && rng.chance(0.2) ? rng.pick(culture.surnames) : surname;
    if (role === 'grandparent' && rng.chance(0.5)) first = rng.pick(female ? culture.girls : culture.boys);
    let forename = first[0];
    let surnameText = last[0];
    if (rng.chance(0.2)) {
      forename = toMojibake(forename);
      surnameText = toMojibake(surnameText);
    }
    if (rng.chance(0.02)) forename = rng.chance(0.7) ? '' : ' ';

    let email = '';
    if (rng.chance(0.9)) {
      const local = `${first[1]}.${last[1]}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
      const good = `${local}${rng.chance(0.4) ? rng.between(1, 99) : ''}@${rng.pick(EMAIL_DOMAINS)}`;
      const r = rng.int(1000);
      if (r < 25) email = rng.pick(['n/a', 'none', `${first[1].toLowerCase()}@`, `${local}@gmail`, `${local}@@${rng.pick(EMAIL_DOMAINS)}`, `${first[1].toLowerCase()} ${last[1].toLowerCase()}@${rng.pick(EMAIL_DOMAINS)}`]);
      else if (r < 45) email = rng.chance(0.5) ? `${good} ` : ` ${good}`;
      else email = good;
    }
    const codes = RELATIONSHIP_CODES[role as keyof typeof RELATIONSHIP_CODES];
    const relationship = rng.pick(codes);
    const title = rng.pick(female ? TITLES_FEMALE : TITLES_MALE);
    const mobile = rng.chance(0.92) ? `07700 900${String(rng.int(1000)).padStart(3, '0')}` : '';
    const work = rng.chance(0.3) ? `01632 961${String(rng.int(1000)).padStart(3, '0')}` : '';
    this.out.CONTACTS.add([id, familyId, title, forename, surnameText, relationship, String(priority), mobile, work, email, address[0], address[1], address[2], address[3], rng.chance(0.95) ? 'Y' : 'N', rng.chance(0.9) ? 'Y' : 'N']);

    const t = this.tally;
    t.check(IX.contactForeMissing, forename, key);
    t.check(IX.contactEmailUntrimmed, email, key);
    t.check(IX.contactForeMojibake, forename, key);
    t.check(IX.contactSurMojibake, surnameText, key);
    t.check(IX.contactEmailInvalid, email, key);
    t.check(IX.relationship, relationship, key);
  }

  private writePupil(child: Child, culture: NameCulture, surname: NameEntry, familyId: string, siblings: string, dob: DobText, kidsLeft: number): void {
    const { rng } = this;
    const status = rng.chance(0.94) ? 'C' : rng.chance(0.67) ? 'L' : 'P';
    const g = child.g;
    const formK = rng.int(this.classCount[g][0]);
    const admissionDay = status === 'P' ? NEXT_SEPTEMBER : admissionFor(rng, g);

    let forename = child.first[0];
    let surnameText = surname[0];
    if (rng.chance(0.04)) surnameText = surnameText.toUpperCase();
    if (rng.chance(0.2)) {
      forename = toMojibake(forename);
      surnameText = toMojibake(surnameText);
    }
    if (rng.chance(0.02)) forename = `${forename} `;
    if (rng.chance(0.02)) surnameText = rng.chance(0.5) ? ` ${surnameText}` : `${surnameText}  `;

    const middle = rng.chance(0.3) ? rng.pick(child.female ? culture.girls : culture.boys)[0] : '';
    const pref = rng.chance(0.06) && VARIANT_OF.has(child.first[0]) ? (VARIANT_OF.get(child.first[0]) as string) : '';
    const sex = sexCode(rng, child.female);
    const homeLang = culture.language !== 'ENG' && rng.chance(0.4) ? 'ENG' : culture.language;
    const fsm = rng.chance(0.15) ? 'Y' : 'N';
    const allergies = allergyText(rng);
    const email = status === 'C' && g >= 8 ? `${child.first[1][0]}${surname[1]}${child.no.slice(-3)}@pupils.northgate-park.sch.uk`.toLowerCase().replace(/[^a-z0-9.@-]/g, '') : '';

    this.emitPupilRow({
      no: child.no,
      surname: surnameText,
      forename,
      middle,
      pref,
      sex,
      dob: dob.text,
      g,
      formK,
      status,
      admissionDay,
      familyId,
      siblings,
      homeLang,
      allergies,
      email,
      sen: rng.chance(0.12) ? 'Y' : 'N',
      fsm,
    });

    // A second registration of the same child, to be written a little later in the table.
    const spare = this.pupils - this.emitted - kidsLeft - this.pending.length;
    if (status === 'C' && dob.real && spare > 0 && rng.chance(0.012)) {
      const [vForename, vSurname] = nameVariant(rng, child.first, surname, culture);
      this.pending.push({ due: this.emitted + rng.between(5, 400), originalNo: child.no, forename: vForename, surname: vSurname, sex, dob: dob.text as string, g, formK, familyId, siblings, homeLang, fsm, admissionDay });
    }
  }

  private writeCopy(copy: PendingCopy): void {
    const { rng } = this;
    const no = this.allocatePupilNo();
    this.tally.add(IX.duplicate, 1, `${copy.originalNo}|${no}`);
    this.emitPupilRow({
      no,
      surname: copy.surname,
      forename: copy.forename,
      middle: '',
      pref: '',
      sex: copy.sex,
      dob: copy.dob,
      g: copy.g,
      formK: copy.formK,
      status: 'C',
      admissionDay: Math.min(EXPORT_DAY - 1, Math.max(copy.admissionDay, AUTUMN_START) + rng.between(20, 150)),
      familyId: copy.familyId,
      siblings: copy.siblings,
      homeLang: copy.homeLang,
      allergies: '',
      email: '',
      sen: 'N',
      fsm: copy.fsm,
    });
  }

  private emitPupilRow(p: {
    no: string;
    surname: string;
    forename: string;
    middle: string;
    pref: string;
    sex: string;
    dob: string | null;
    g: number;
    formK: number;
    status: string;
    admissionDay: number;
    familyId: string;
    siblings: string;
    homeLang: string;
    allergies: string;
    email: string;
    sen: string;
    fsm: string;
  }): void {
    const { rng } = this;
    const label = YEAR_GROUPS[p.g];
    const updatedDay = Math.min(EXPORT_DAY, Math.max(p.admissionDay, AUTUMN_START) + rng.int(200));
    const updated = `${isoOfDays(updatedDay)} ${pad2(7 + rng.int(11))}:${pad2(rng.int(60))}:${pad2(rng.int(60))}`;
    this.out.PUPILS.add([
      p.no,
      p.surname,
      p.forename,
      p.middle,
      p.pref,
      p.sex,
      p.dob,
      label,
      `${label}-${p.formK + 1}`,
      p.status,
      isoOfDays(p.admissionDay),
      p.status === 'L' ? AUTUMN_END_ISO : '',
      p.familyId,
      p.siblings,
      p.homeLang,
      p.allergies,
      p.email,
      p.sen,
      p.fsm,
      updated,
    ]);
    this.emitted++;

    const t = this.tally;
    const key = p.no;
    t.check(IX.pupilNoZero, p.no, key);
    t.check(IX.foreUntrimmed, p.forename, key);
    t.check(IX.surUntrimmed, p.surname, key);
    t.check(IX.foreMojibake, p.forename, key);
    t.check(IX.surMojibake, p.surname, key);
    t.check(IX.surCaps, p.surname, key);
    t.check(IX.dobMissing, p.dob, key);
    t.check(IX.dobSentinel, p.dob, key);
    t.check(IX.dobMixed, p.dob, key);
    t.check(IX.dobAmbiguous, p.dob, key);
    t.check(IX.dobTwoDigit, p.dob, key);
    t.check(IX.dobImpossible, p.dob, key);
    t.check(IX.sex, p.sex, key);
    t.check(IX.yearGroup, label, key);
    t.check(IX.status, p.status, key);
    t.check(IX.siblings, p.siblings, key);
    t.check(IX.allergies, p.allergies, key);

    if (p.status !== 'P') this.writeSchoolWork(p.no, p.g, p.formK, p.status, p.admissionDay, p.familyId);
  }

  // ---------------------------------------------------------------- enrolments, registers, marks, fees

  private writeSchoolWork(no: string, g: number, formK: number, status: string, admissionDay: number, familyId: string): void {
    const { rng, out, tally } = this;
    const zero = hasLeadingZero(no);
    const start = isoOfDays(Math.max(admissionDay, AUTUMN_START));
    const end = status === 'L' ? AUTUMN_END_ISO : '';
    const classes = [this.classBase[g][0] + formK];
    for (let c = 1; c < this.classBase[g].length; c++) classes.push(this.classBase[g][c] + rng.int(this.classCount[g][c]));
    for (const classId of classes) {
      const enrolId = this.nextEnrol++;
      out.CLASS_ENROL.add([enrolId, classId, no, start, end]);
      if (zero) tally.add(IX.enrolZero, 1, String(enrolId));
    }
    // An enrolment that outlived its pupil: the pupil record was deleted, the enrolment was not.
    if (this.deletedNos.length && rng.chance(0.006)) {
      const ghost = rng.pick(this.deletedNos);
      const enrolId = this.nextEnrol++;
      out.CLASS_ENROL.add([enrolId, classes[0], ghost, start, '']);
      tally.add(IX.orphan, 1, String(enrolId));
      if (hasLeadingZero(ghost)) tally.add(IX.enrolZero, 1, String(enrolId));
    }

    if (status === 'C') {
      // One register mark per session: '/' present (morning), '\\' present (afternoon), codes for absence.
      let am = '';
      let pm = '';
      for (let d = 0; d < ATTENDANCE_DAYS.length; d++) {
        const r = rng.next();
        if (r < 0.04) {
          const code = ATTENDANCE_ABSENCE[Math.floor((r / 0.04) * ATTENDANCE_ABSENCE.length)];
          am += code;
          pm += code;
        } else {
          am += r < 0.06 ? 'L' : '/';
          pm += '\\';
        }
      }
      this.registers.add([this.registers.rows + 1, no, am, pm]);
      this.attendanceRows += ATTENDANCE_DAYS.length;
      if (zero) tally.add(IX.attendanceZero, ATTENDANCE_DAYS.length, `${no}|${ATTENDANCE_DAYS[0]}`);
    }

    if (g >= 2) {
      const ability = 35 + rng.int(60);
      const sittings = status === 'L' ? ASSESSMENTS.slice(0, 1) : ASSESSMENTS;
      for (let c = 1; c < classes.length; c++) {
        for (const [name, date] of sittings) {
          const markId = this.nextMark++;
          const absent = rng.chance(0.03);
          const score = Math.max(0, Math.min(100, ability + rng.between(-12, 12)));
          out.MARKS.add([markId, no, classes[c], name, date, absent ? 'ABS' : String(score), '100', absent ? '' : gradeFor(score)]);
          if (zero) tally.add(IX.marksZero, 1, String(markId));
        }
      }
    }

    const fee = g < 2 ? '3950.00' : g < 8 ? '4850.00' : g < 13 ? '5925.00' : '6150.00';
    const terms = status === 'L' ? TERMS.slice(0, 1) : TERMS;
    for (const term of terms) {
      const invNo = this.nextInvoice++;
      const r = rng.int(100);
      const paidShare = r < term.paid ? 1 : r < term.paid + term.part ? 0.5 : 0;
      const invoiceStatus = paidShare === 1 ? 'PAID' : paidShare > 0 ? 'PART' : 'OPEN';
      out.INVOICES.add([invNo, familyId, no, term.code, term.description, fee, term.issued, term.due, invoiceStatus]);
      if (zero) tally.add(IX.invoicesZero, 1, String(invNo));
      if (paidShare > 0) this.writePayments(invNo, Number(fee) * paidShare, term.dueDay);
    }
  }

  private writePayments(invNo: number, amount: number, dueDay: number): void {
    const { rng } = this;
    const method = rng.pick(['BACS', 'BACS', 'BACS', 'CARD', 'CARD', 'CHQ', 'CASH']);
    const instalments = rng.chance(0.15) ? 2 : 1;
    const cents = Math.round(amount * 100);
    const first = instalments === 2 ? Math.floor(cents / 2) : cents;
    const parts = instalments === 2 ? [first, cents - first] : [first];
    parts.forEach((part, i) => {
      const id = this.nextPayment++;
      const day = dueDay - 10 + rng.int(25) + i * 30;
      this.out.PAYMENTS.add([id, invNo, isoOfDays(day), (part / 100).toFixed(2), method, `${method}-${invNo}-${i + 1}`]);
    });
  }
}

/** Scratch table (temp schema, never in the file) holding a chunk's registers. */
const REGISTER_CHUNK: T.LegacyTable = {
  name: 'ATT_CHUNK',
  columns: [
    { name: 'N', sqlite: 'INTEGER', mysql: 'INT' },
    { name: 'PUPIL_NO', sqlite: 'TEXT', mysql: 'VARCHAR(10)' },
    { name: 'AM', sqlite: 'TEXT', mysql: 'VARCHAR(20)' },
    { name: 'PM', sqlite: 'TEXT', mysql: 'VARCHAR(20)' },
  ],
};
