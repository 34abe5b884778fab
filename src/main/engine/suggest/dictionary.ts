/**
 * The school-domain dictionary: the words other systems use for Academia Pro's entities and
 * fields. Genuine domain synonyms only (pupil/student, forename/first name, DOB/birth date,
 * tutor group/homeroom, UPN/admission number…), never the column names of one particular
 * source: suggestions must work on schools nobody has seen, and the renamed-demo precision test
 * checks that they do without help from here. Phrases are written as words; they are compared
 * after `readName` (split, abbreviations expanded, singular).
 */

/** Table-name phrases per entity. */
export const ENTITY_SYNONYMS: Record<string, string[]> = {
  schools: ['school', 'school info', 'school detail', 'institution', 'campus', 'site', 'org', 'organisation', 'organization', 'building'],
  'academic-years': ['academic year', 'school year', 'year', 'session', 'academic session', 'calendar year'],
  terms: ['term', 'semester', 'marking period', 'grading period', 'quarter', 'trimester', 'academic session', 'session', 'school term'],
  students: ['student', 'pupil', 'learner', 'child', 'student info', 'pupil info', 'student record', 'student detail'],
  guardians: ['guardian', 'parent', 'contact', 'carer', 'family contact', 'student contact', 'people', 'person', 'relative', 'emergency contact'],
  'student-guardians': ['student guardian', 'student parent', 'pupil contact', 'student contact', 'student person', 'student contact relationship', 'student relationship', 'family link'],
  staff: ['staff', 'teacher', 'employee', 'staff member', 'personnel', 'faculty', 'instructor', 'educator', 'worker', 'user'],
  courses: ['course', 'subject', 'course catalog', 'programme', 'program', 'curriculum'],
  classes: ['class', 'section', 'course section', 'course period', 'teaching group', 'class group', 'group', 'course offering', 'lesson', 'homeroom', 'tutor group', 'form group', 'registration group'],
  'class-teachers': ['class teacher', 'section teacher', 'class staff', 'course instructor', 'teacher assignment', 'section staff', 'class instructor'],
  'timetable-periods': ['timetable', 'timetable period', 'period', 'bell schedule', 'schedule slot', 'lesson time', 'meeting time', 'class meeting', 'section meeting'],
  enrollments: ['enrollment', 'class enrollment', 'roster', 'schedule', 'class member', 'student enrollment', 'class list', 'student schedule', 'student class'],
  attendance: ['attendance', 'attendance period', 'register', 'attendance record', 'daily attendance', 'absence', 'roll call'],
  grades: ['grade', 'mark', 'result', 'score', 'gradebook', 'gradebook grade', 'student grade', 'assessment result', 'report card grade', 'transcript'],
  'fee-invoices': ['invoice', 'fee', 'bill', 'billing', 'charge', 'fee invoice', 'student fee', 'account'],
  payments: ['payment', 'receipt', 'transaction', 'fee payment'],
};

/** Column-name phrases per target field (any entity), beside the field's own name. */
export const FIELD_SYNONYMS: Record<string, string[]> = {
  firstName: ['forename', 'first name', 'given name', 'first', 'christian name', 'fore name'],
  lastName: ['surname', 'last name', 'family name', 'last', 'sur name'],
  middleName: ['middle name', 'middle names', 'middle', 'other names', 'middle initial'],
  preferredName: ['preferred name', 'known as', 'nickname', 'nick name', 'common name', 'preferred first name', 'preferred given name', 'chosen name'],
  birthDate: ['birth date', 'date of birth', 'birthday', 'birth'],
  gender: ['gender', 'gender code', 'sex code', 'legal sex'],
  gradeLevel: ['grade level', 'grade', 'year group', 'year', 'nc year', 'current grade', 'grades', 'year level', 'form', 'stage', 'standard'],
  enrollmentStatus: ['status', 'enrollment status', 'student status', 'pupil status'],
  employmentStatus: ['status', 'employment status', 'staff status', 'employee status'],
  relationship: ['relationship', 'relation', 'relation type', 'relationship type', 'rel', 'relationship to student', 'contact type'],
  role: ['role', 'position', 'staff type', 'staff role', 'job role', 'job title', 'profile', 'post', 'user type'],
  method: ['method', 'payment method', 'payment type', 'payment mode', 'mode'],
  dayOfWeek: ['day', 'day of week', 'weekday', 'dow', 'days', 'meeting day'],
  email: ['email', 'email address', 'mail', 'e mail', 'work email'],
  phone: ['phone', 'extension', 'phone extension', 'telephone', 'phone number', 'mobile', 'cell', 'cell phone', 'mobile phone', 'contact number', 'sms', 'home phone', 'work phone'],
  entryDate: ['entry date', 'admission date', 'date of admission', 'start date', 'enrollment date', 'enrol date', 'date admitted'],
  homeLanguage: ['home language', 'language', 'first language', 'primary language', 'mother language'],
  allergies: ['allergy', 'allergies', 'allergen'],
  hireDate: ['hire date', 'start date', 'date hired', 'joining date', 'employment date', 'date joined'],
  department: ['department', 'faculty', 'subject area'],
  name: ['name', 'title', 'description', 'long name'],
  code: ['code', 'short name', 'abbreviation', 'identifier', 'course code', 'school code', 'class code', 'number'],
  address: ['address', 'address line', 'street address', 'street', 'address 1', 'address line 1'],
  timezone: ['timezone', 'time zone', 'tz'],
  startDate: ['start date', 'begin date', 'from date', 'start', 'begin', 'date from', 'effective date'],
  endDate: ['end date', 'finish date', 'to date', 'end', 'date to', 'leaving date', 'leave date', 'expiry date'],
  isCurrent: ['is current', 'current', 'active'],
  subject: ['subject', 'subject area', 'subjects', 'discipline'],
  credits: ['credits', 'credit', 'credit hours', 'units', 'weight', 'course weight'],
  description: ['description', 'details', 'notes', 'comment'],
  section: ['section', 'section code', 'section number', 'class code', 'short name'],
  room: ['room', 'room number', 'location', 'classroom', 'room code'],
  capacity: ['capacity', 'seats', 'total seats', 'max size', 'maximum students', 'class size', 'size'],
  startTime: ['start time', 'begin time', 'from time', 'time from', 'starts at'],
  endTime: ['end time', 'finish time', 'to time', 'time to', 'ends at'],
  status: ['status', 'state', 'code'],
  date: ['date', 'attendance date', 'school date', 'day', 'register date', 'session date'],
  minutesLate: ['minutes late', 'late minutes', 'mins late', 'minute late'],
  note: ['note', 'notes', 'comment', 'remark', 'reason'],
  assessment: ['assessment', 'assignment', 'exam', 'test', 'task', 'assessment name', 'component'],
  score: ['score', 'mark', 'result', 'points', 'percent', 'grade percent', 'points earned', 'raw score', 'grade'],
  maxScore: ['max score', 'out of', 'maximum mark', 'max mark', 'total marks', 'maximum points', 'possible points', 'points possible'],
  letterGrade: ['letter grade', 'grade letter', 'letter', 'grade'],
  gradedOn: ['graded on', 'mark date', 'date graded', 'assessment date', 'grade date', 'date'],
  comment: ['comment', 'comments', 'remark', 'teacher comment', 'note'],
  invoiceNumber: ['invoice number', 'invoice', 'invoice id', 'bill number', 'invoice no'],
  issueDate: ['issue date', 'invoice date', 'date issued', 'bill date', 'issued on'],
  dueDate: ['due date', 'date due', 'payment due', 'due'],
  amount: ['amount', 'total', 'value', 'fee', 'charge', 'amount due', 'amount paid'],
  currency: ['currency', 'currency code', 'ccy'],
  paidOn: ['paid on', 'payment date', 'date paid', 'paid date', 'received date', 'transaction date'],
  reference: ['reference', 'payment reference', 'transaction reference', 'receipt number', 'cheque number'],
  isPrimaryContact: ['is primary contact', 'primary contact', 'primary', 'priority', 'contact priority', 'main contact'],
  livesWith: ['lives with', 'resides with', 'same address', 'custody', 'lives at'],
};

/** Words in a column name that say it holds another record's key. */
export const KEY_WORDS = new Set(['id', 'number', 'code', 'reference', 'key', 'sourced', 'uid', 'guid', 'upn', 'fk']);

/** Words that name a person's id in identifiers: a student's number is an admission number, UPN… */
export const ENTITY_KEY_SYNONYMS: Record<string, string[]> = {
  students: ['student', 'pupil', 'learner', 'child', 'upn', 'admission'],
  staff: ['staff', 'teacher', 'employee', 'instructor', 'faculty', 'tutor'],
  guardians: ['guardian', 'parent', 'contact', 'carer', 'person', 'people', 'relative', 'agent'],
  classes: ['class', 'section', 'course period', 'period', 'group'],
  courses: ['course', 'subject'],
  terms: ['term', 'semester', 'marking period', 'session', 'quarter', 'grading period'],
  'academic-years': ['academic year', 'school year', 'year'],
  'fee-invoices': ['invoice', 'bill', 'fee'],
  schools: ['school', 'org', 'campus'],
};

/**
 * Domain words for values of enum fields, beside the members themselves (case and plural
 * ignored): what registers, ledgers and contact lists write for the target's codes.
 */
export const VALUE_SYNONYMS: Record<string, Record<string, string>> = {
  relationship: { mum: 'mother', mom: 'mother', mam: 'mother', mummy: 'mother', ma: 'mother', dad: 'father', daddy: 'father', pa: 'father', gran: 'grandparent', nan: 'grandparent', nana: 'grandparent', granny: 'grandparent', grandma: 'grandparent', grandmother: 'grandparent', grandad: 'grandparent', grandpa: 'grandparent', grandfather: 'grandparent', carer: 'guardian', 'foster carer': 'guardian', 'legal guardian': 'guardian', aunt: 'other', uncle: 'other', 'step-mum': 'other', 'step-dad': 'other', stepmother: 'other', stepfather: 'other', sibling: 'other', partner: 'other' },
  method: { bacs: 'bank-transfer', transfer: 'bank-transfer', 'bank transfer': 'bank-transfer', dd: 'bank-transfer', 'direct debit': 'bank-transfer', eft: 'bank-transfer', wire: 'bank-transfer', chq: 'cheque', check: 'cheque', chk: 'cheque', cc: 'card', 'credit card': 'card', 'debit card': 'card', visa: 'card', mastercard: 'card', web: 'online', paypal: 'online', internet: 'online' },
  status: { '/': 'present', '\\': 'present', p: 'present', x: 'absent', u: 'absent', o: 'absent', n: 'absent', l: 'late', e: 'excused', c: 'excused', part: 'partially-paid', partial: 'partially-paid', outstanding: 'open', unpaid: 'open', cancelled: 'void', settled: 'paid' },
  enrollmentStatus: { current: 'active', enrolled: 'active', 'on roll': 'active', left: 'withdrawn', leaver: 'withdrawn', withdrawn: 'withdrawn', graduate: 'graduated', alumni: 'graduated', transferred: 'withdrawn' },
  employmentStatus: { current: 'active', employed: 'active', left: 'terminated', leaver: 'terminated', resigned: 'terminated', retired: 'terminated', leave: 'on-leave', maternity: 'on-leave' },
  role: { 'head teacher': 'administrator', headteacher: 'administrator', principal: 'administrator', admin: 'administrator', head: 'administrator', deputy: 'administrator', bursar: 'administrator', ta: 'support', 'teaching assistant': 'support', assistant: 'support', caretaker: 'support', technician: 'support', senco: 'teacher', tutor: 'teacher', 'class teacher': 'teacher', nurse: 'support', librarian: 'support' },
  gender: { boy: 'male', girl: 'female', man: 'male', woman: 'female', '1': 'male', '2': 'female', '0': 'unknown', '9': 'unknown', x: 'other', u: 'unknown', n: 'unknown' },
};

/** Language names and ISO 639 codes, for a home-language column whose name says nothing. */
export const LANGUAGE_VALUES = new Set(['english', 'eng', 'en', 'spanish', 'spa', 'es', 'polish', 'pol', 'pl', 'french', 'fre', 'fra', 'fr', 'german', 'ger', 'deu', 'de', 'arabic', 'ara', 'ar', 'hebrew', 'heb', 'he', 'urdu', 'urd', 'ur', 'punjabi', 'pan', 'pa', 'bengali', 'ben', 'bn', 'chinese', 'chi', 'zho', 'zh', 'mandarin', 'cantonese', 'portuguese', 'por', 'pt', 'romanian', 'rum', 'ron', 'ro', 'somali', 'som', 'so', 'turkish', 'tur', 'tr', 'italian', 'ita', 'it', 'russian', 'rus', 'ru', 'lithuanian', 'lit', 'lt', 'tamil', 'tam', 'ta', 'gujarati', 'guj', 'gu', 'vietnamese', 'vie', 'vi', 'japanese', 'jpn', 'ja', 'korean', 'kor', 'ko', 'hindi', 'hin', 'hi', 'welsh', 'wel', 'cym', 'cy', 'irish', 'gle', 'ga', 'dutch', 'dut', 'nld', 'nl', 'greek', 'gre', 'ell', 'el', 'persian', 'per', 'fas', 'fa', 'swahili', 'swa', 'sw', 'tagalog', 'tgl', 'tl', 'ukrainian', 'ukr', 'uk']);

/** Values of a role column, per person entity. */
export const ROLE_VALUES: Record<string, string[]> = {
  students: ['student', 'pupil', 'learner', 'child'],
  staff: ['teacher', 'staff', 'instructor', 'faculty', 'employee', 'admin', 'administrator', 'aide', 'counselor', 'principal', 'teacher assistant', 'proctor'],
  guardians: ['parent', 'guardian', 'contact', 'carer', 'relative', 'mother', 'father', 'family'],
};

/** Column names that may hold a person's role. */
export const ROLE_COLUMN_WORDS = new Set(['role', 'type', 'discriminator', 'profile', 'category', 'kind', 'usertype', 'persontype', 'class']);
