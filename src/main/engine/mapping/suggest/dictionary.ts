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
  'student-guardians': ['student guardian', 'student parent', 'pupil contact', 'student contact', 'student join people', 'student contact relationship', 'student relationship', 'family link'],
  staff: ['staff', 'teacher', 'employee', 'staff member', 'personnel', 'faculty', 'instructor', 'educator', 'worker', 'user'],
  courses: ['course', 'subject', 'course catalog', 'programme', 'program', 'curriculum'],
  classes: ['class', 'section', 'course section', 'course period', 'teaching group', 'class group', 'group', 'course offering', 'lesson'],
  'class-teachers': ['class teacher', 'section teacher', 'class staff', 'course instructor', 'teacher assignment', 'section staff', 'class instructor'],
  'timetable-periods': ['timetable', 'timetable period', 'period', 'bell schedule', 'schedule slot', 'lesson time', 'course period var', 'meeting time'],
  enrollments: ['enrollment', 'class enrollment', 'roster', 'schedule', 'class member', 'student enrollment', 'class list', 'student schedule', 'student class'],
  attendance: ['attendance', 'attendance period', 'register', 'attendance record', 'daily attendance', 'absence', 'roll call', 'mark'],
  grades: ['grade', 'mark', 'result', 'score', 'gradebook', 'gradebook grade', 'student grade', 'assessment result', 'report card grade', 'student report card grade', 'transcript'],
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
  phone: ['phone', 'telephone', 'phone number', 'mobile', 'cell', 'cell phone', 'mobile phone', 'contact number', 'sms', 'home phone', 'work phone'],
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

/** Values of a role column, per person entity. */
export const ROLE_VALUES: Record<string, string[]> = {
  students: ['student', 'pupil', 'learner', 'child'],
  staff: ['teacher', 'staff', 'instructor', 'faculty', 'employee', 'admin', 'administrator', 'aide', 'counselor', 'principal', 'teacher assistant', 'proctor'],
  guardians: ['parent', 'guardian', 'contact', 'carer', 'relative', 'mother', 'father', 'family'],
};

/** Column names that may hold a person's role. */
export const ROLE_COLUMN_WORDS = new Set(['role', 'type', 'discriminator', 'profile', 'category', 'kind', 'usertype', 'persontype', 'class']);
