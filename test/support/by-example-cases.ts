/**
 * The case table for transform by example (#14 point 4), written before the synthesizer. Each
 * case gives up to three examples (what a person types for two or three rows) and held-out rows
 * whose wanted output the synthesizer never sees. `solve`: it must find a transform that gives
 * every held-out row's output. `unsure`: no transform in the studio's reach can know the answer
 * (outside knowledge, arbitrary codes, contradictions, an ambiguous date), so it must say "not
 * sure" — never a confident wrong answer. The threshold: at least 80 % of the `solve` cases solved,
 * and no held-out row of any case answered wrongly without being marked unsure.
 */
export interface ByExampleCase {
  name: string;
  examples: [input: string, output: string][];
  heldOut: [input: string, output: string][];
  expect: 'solve' | 'unsure';
}

export const BY_EXAMPLE_CASES: ByExampleCase[] = [
  // names
  { name: 'first name of a full name', examples: [['John Smith', 'John'], ['Mary Ann Lee', 'Mary']], heldOut: [['Ahmed Khan', 'Ahmed'], ['Zoë de la Cruz', 'Zoë'], ['Li Wei', 'Li']], expect: 'solve' },
  { name: 'last name of a full name', examples: [['John Smith', 'Smith'], ['Mary Ann Lee', 'Lee']], heldOut: [['Ahmed Khan', 'Khan'], ['Peter Paul Jones', 'Jones']], expect: 'solve' },
  { name: 'middle name', examples: [['John Paul Smith', 'Paul'], ['Mary Ann Lee', 'Ann']], heldOut: [['Ahmed Ali Khan', 'Ali']], expect: 'solve' },
  { name: 'first name when the surname comes first with a comma', examples: [['SMITH, John', 'John'], ['LEE, Mary', 'Mary']], heldOut: [['KHAN, Ahmed', 'Ahmed'], ['NOVAK, Isla', 'Isla']], expect: 'solve' },
  { name: 'surname-first to first-last in title case', examples: [['SMITH, John', 'John Smith'], ['LEE, Mary', 'Mary Lee']], heldOut: [['KHAN, Ahmed', 'Ahmed Khan'], ['NOVAK, Isla', 'Isla Novak']], expect: 'solve' },
  { name: 'initial and surname', examples: [['John Smith', 'J. Smith'], ['Mary Lee', 'M. Lee']], heldOut: [['Ahmed Khan', 'A. Khan'], ['Isla Novak', 'I. Novak']], expect: 'solve' },
  { name: 'surname and initial', examples: [['John Smith', 'Smith, J.'], ['Mary Lee', 'Lee, M.']], heldOut: [['Ahmed Khan', 'Khan, A.']], expect: 'solve' },
  { name: 'drop a title', examples: [['Mr John Smith', 'John Smith'], ['Mrs Mary Lee', 'Mary Lee']], heldOut: [['Dr Ahmed Khan', 'Ahmed Khan']], expect: 'solve' },
  { name: 'login from a name', examples: [['John Smith', 'john.smith'], ['Mary Lee', 'mary.lee']], heldOut: [['Ahmed Khan', 'ahmed.khan'], ['Isla Novak', 'isla.novak']], expect: 'solve' },
  // case fixes
  { name: 'title case', examples: [['john smith', 'John Smith'], ['MARY LEE', 'Mary Lee']], heldOut: [["o'brien", "O'Brien"], ['aHMED kHAN', 'Ahmed Khan']], expect: 'solve' },
  { name: 'upper case codes', examples: [['ab12cd', 'AB12CD'], ['x9', 'X9']], heldOut: [['room4b', 'ROOM4B']], expect: 'solve' },
  { name: 'sentence case', examples: [['PEANUT ALLERGY', 'Peanut allergy'], ['EGG AND MILK', 'Egg and milk']], heldOut: [['HAY FEVER', 'Hay fever']], expect: 'solve' },
  { name: 'tidy spaces', examples: [['  Mary   Ann ', 'Mary Ann'], ['John  Smith', 'John Smith']], heldOut: [[' Li   Wei  ', 'Li Wei']], expect: 'solve' },
  { name: 'mojibake repair', examples: [['JosÃ©', 'José'], ['MÃ¼ller', 'Müller']], heldOut: [['FranÃ§ois', 'François']], expect: 'solve' },
  // ids and codes
  { name: 'pad ids with zeros', examples: [['7', '000007'], ['123', '000123']], heldOut: [['45', '000045'], ['100000', '100000']], expect: 'solve' },
  { name: 'prefix ids', examples: [['42', 'S-42'], ['7', 'S-7']], heldOut: [['1001', 'S-1001']], expect: 'solve' },
  { name: 'year group to grade level', examples: [['Y7', '07'], ['Y11', '11']], heldOut: [['Y9', '09'], ['Y12', '12']], expect: 'solve' },
  { name: 'class code out of a description', examples: [['Class 7B (room 12)', '7B'], ['Class 10A (room 3)', '10A']], heldOut: [['Class 9C (room 14)', '9C']], expect: 'solve' },
  { name: 'order number out of a sentence', examples: [['Order #4411 shipped', '4411'], ['Order #17 shipped', '17']], heldOut: [['Order #90210 shipped', '90210']], expect: 'solve' },
  { name: 'last four characters', examples: [['ACCT-00123456', '3456'], ['ACCT-99887766', '7766']], heldOut: [['ACCT-12340000', '0000']], expect: 'solve' },
  { name: 'year of a date', examples: [['2024-09-03', '2024'], ['2011-01-15', '2011']], heldOut: [['1999-12-31', '1999']], expect: 'solve' },
  { name: 'month and year swapped', examples: [['2024-09', '09/2024'], ['2011-01', '01/2011']], heldOut: [['1999-12', '12/1999']], expect: 'solve' },
  // dates
  { name: 'day-first dates to ISO', examples: [['25/12/2024', '2024-12-25'], ['03/04/2012', '2012-04-03']], heldOut: [['01/02/2013', '2013-02-01'], ['31/01/2010', '2010-01-31']], expect: 'solve' },
  { name: 'month-first dates to ISO', examples: [['12/25/2024', '2024-12-25'], ['04/03/2012', '2012-04-03']], heldOut: [['02/01/2013', '2013-02-01']], expect: 'solve' },
  { name: 'dates with month names to ISO', examples: [['3 Sep 2024', '2024-09-03'], ['15 January 2011', '2011-01-15']], heldOut: [['1 Mar 2020', '2020-03-01']], expect: 'solve' },
  // contact details, numbers, flags
  { name: 'UK phone numbers to E.164', examples: [['07700 900123', '+447700900123'], ['01632 960001', '+441632960001']], heldOut: [['07700-900-124', '+447700900124']], expect: 'solve' },
  { name: 'US phone numbers to E.164', examples: [['(555) 123-4567', '+15551234567'], ['555.987.6543', '+15559876543']], heldOut: [['(212) 555-0100', '+12125550100']], expect: 'solve' },
  { name: 'tidy e-mail addresses', examples: [['mailto:Bo@X.org', 'bo@x.org'], [' Ann.Lee@School.ORG ', 'ann.lee@school.org']], heldOut: [['Li.Wei@Example.COM', 'li.wei@example.com']], expect: 'solve' },
  { name: 'yes/no flags', examples: [['Y', 'true'], ['N', 'false']], heldOut: [['y', 'true'], ['n', 'false']], expect: 'solve' },
  { name: 'German numbers', examples: [['1.234,50', '1234.5'], ['12,75', '12.75']], heldOut: [['2.000,00', '2000']], expect: 'solve' },
  // the studio must say it is not sure
  { name: 'capital of a country (outside knowledge)', examples: [['France', 'Paris'], ['Japan', 'Tokyo']], heldOut: [['Kenya', 'Nairobi']], expect: 'unsure' },
  { name: 'subject codes (arbitrary)', examples: [['A', 'Maths'], ['B', 'Science']], heldOut: [['C', 'History']], expect: 'unsure' },
  { name: 'contradicting examples', examples: [['x', '1'], ['x', '2']], heldOut: [['x', '1']], expect: 'unsure' },
  { name: 'a date that reads both ways, one example', examples: [['05/05/2012', '2012-05-05']], heldOut: [['03/04/2012', '2012-04-03'], ['04/03/2012', '2012-03-04']], expect: 'unsure' },
  { name: 'numbers spelled out', examples: [['3', 'three'], ['7', 'seven']], heldOut: [['5', 'five']], expect: 'unsure' },
  { name: 'sum of the digits', examples: [['12', '3'], ['45', '9']], heldOut: [['33', '6']], expect: 'unsure' },
  { name: 'month name of a date', examples: [['2024-09-03', 'Sep'], ['2024-01-15', 'Jan']], heldOut: [['2024-03-01', 'Mar']], expect: 'unsure' },
];
