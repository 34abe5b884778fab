/**
 * What a column's name suggests it holds. Names only ever break ties or lower a threshold; the
 * values decide. Names are compared in a normalised form: lower-case letters and digits only, so
 * `DATE_OF_BIRTH`, `DateOfBirth` and `date of birth` are the same name.
 */
export interface ColumnHints {
  personName: boolean;
  birthDate: boolean;
  date: boolean;
  grade: boolean;
  email: boolean;
  phone: boolean;
  postcode: boolean;
  identifier: boolean;
  flag: boolean;
  /** Money: fees, amounts, payments, balances, where a negative value is suspicious. */
  amount: boolean;
  /** A date that is normally in the future (due, expiry, end, next…): not flagged as a future date. */
  futureNormal: boolean;
  /** Health, welfare or free-text notes: masked like personal data. */
  sensitive: boolean;
  /** A name that says the column holds several things (SIBLING_IDS, ALLERGIES, TAGS…). */
  list: boolean;
  /** A name that says the values are versions, codes or ranges (`app_version`, `build_code`, `grade_range`): `10.2.21` there is no date. */
  notDate: boolean;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Splits `FAMILY_ID`, `familyId`, `Family Id` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PERSON_NAME = /^(?:fore|first|given|sur|last|family|middle|maiden|pref(?:erred)?|nick|legal|known|christian|other|full|contact|student|pupil|staff|teacher|parent|guardian|mother|father)?_?names?$|^(?:forename|surname|firstname|lastname|givenname|middlenames?|prefname|preferredname|nickname)s?$|^(?:fname|lname|mname)$/;
const NOT_PERSON = /course|school|class|subject|company|org|file|user|login|town|city|street|road|dept|department|room|product|item|building|host|table|field|column|event|test|assessment|exam|term|year|group|report|title|type|code/;

export function columnHints(name: string): ColumnHints {
  const n = normalizeName(name);
  const words = nameWords(name);
  const has = (...ws: string[]) => ws.some((w) => words.includes(w));
  const personName = (PERSON_NAME.test(n) || PERSON_NAME.test(words.join('_'))) && !NOT_PERSON.test(n.replace(/name.*$/, ''));
  const birthDate = /^(?:dob|dateofbirth|birthdate|birthday|birthdt|bdate|born|birth)$/.test(n) || /(?:dob|birthdate|dateofbirth)$/.test(n);
  return {
    personName,
    birthDate,
    date: birthDate || has('date', 'dt', 'day', 'dob', 'updated', 'created', 'modified', 'timestamp', 'on', 'at') || /date$/.test(n),
    grade: /^(?:grade|gradelevel|gradelvl|yeargroup|yeargrp|ncyear|curriculumyear|schoolyear|yr|yeargroupcode|grd|gradeid|currentgrade|form|level|year)$/.test(n) || /(?:gradelevel|yeargroup)$/.test(n),
    email: /e?mail/.test(n),
    phone: /phone|mobile|tel(?:ephone)?$|^tel|fax|cell|^ext$|phoneext/.test(n),
    postcode: /post(?:al)?code|^postcode|zip|^pcode$|^postal$/.test(n),
    identifier: has('id', 'no', 'num', 'number', 'ref', 'reference', 'key', 'code', 'uid', 'guid', 'upn', 'uln', 'nr') || /id$/.test(n),
    flag: /^(?:is|has|can|allow)[a-z]/.test(n) || has('flag', 'yn', 'active', 'enabled', 'deleted', 'resp', 'with'),
    amount: /amount|amt$|fee|fees|price|cost|charge|payment|paid|balance|total|due$|owed|tuition|refund|credit|debit|invoice.*val/.test(n) && !/date|dt$|method|type|status|ref|id$|no$|number/.test(n),
    futureNormal: /due|expir|end|until|leav|next|planned|schedul|valid(?:to|until)|review|renew|start|admission|entry/.test(n),
    sensitive: /allerg|medical|health|medic|diagnos|condition|disab|sen(?:flag|need|status)?$|religion|ethnic|notes?$|comment|safeguard|welfare|behaviou?r/.test(n),
    list: /(?:ids|nos|numbers|list|tags|codes|allergies|allergens|siblings|subjects|languages|items|keywords|categories|options|roles|groups)$/.test(n),
    notDate: !birthDate && (has('version', 'ver', 'build', 'release', 'code', 'range', 'band', 'isbn', 'serial', 'sku', 'level', 'levels', 'span') || /version$|code$|range$/.test(n)),
  };
}

/**
 * Tables whose dates are normally in the future: a school calendar, terms, sessions, timetables,
 * events and marking periods are planned ahead, so their future dates are not a mistyped year.
 */
export function expectsFutureDates(table: string): boolean {
  return nameWords(table).some((w) => FUTURE_TABLE_WORDS.has(w) || FUTURE_TABLE_WORDS.has(w.replace(/s$/, '')));
}

// Not `period` (openSIS's attendance_period holds marks taken, which cannot be in the future) nor `exam` (results).
const FUTURE_TABLE_WORDS = new Set(['calendar', 'term', 'semester', 'quarter', 'trimester', 'session', 'holiday', 'event', 'timetable', 'schedule', 'marking', 'year', 'academicyear', 'schoolyear', 'closure', 'inset', 'planner']);
