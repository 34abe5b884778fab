import { describe, expect, it } from 'vitest';
import { toMojibake } from '../../../../src/main/engine/values/cp1252';
import { profileColumn } from './profile-helper';

const repeat = <T>(values: T[], times: number): T[] => Array.from({ length: times }, (_, i) => values[i % values.length]);

describe('semantic types', () => {
  it.each([
    ['ACTIVE', repeat(['Y', 'N'], 40), 'boolean'],
    ['DOB', repeat(['2012-03-04', '2011-05-06', '04/03/2012'], 30), 'date'],
    ['LAST_UPDATED', repeat(['2025-03-21 10:22:33', '2025-03-20 09:00:00'], 30), 'datetime'],
    ['START_TIME', repeat(['08:30', '09:15', '10:00'], 30), 'time'],
    ['EMAIL', repeat(['a.b@school.org', 'c@d.com', 'e.f@g.co.uk'], 30), 'email'],
    ['MOBILE', repeat(['07700 900123', '07700 900456', '+44 1632 960001'], 30), 'phone'],
    ['POSTCODE', repeat(['NB1 4PS', 'KM2 5AB', 'SW1A 1AA'], 30), 'postcode'],
    ['PUPIL_NO', Array.from({ length: 90 }, (_, i) => String(i + 1).padStart(6, '0')), 'identifier'],
    ['RESULT', repeat(['57', '63', '88', '100', '9'], 60), 'integer'],
    ['AMOUNT', repeat(['4850.00', '3950.00', '12.5'], 30), 'decimal'],
    ['FORENAME', repeat(['Oliver', 'Amelia', 'José', 'שרה', 'محمد', toMojibake('Zoë'), "D'Arcy", 'Mary-Jane'], 80), 'person-name'],
    ['SEX', repeat(['M', 'F', '1', '2', ''], 50), 'code'],
    ['SIBLING_IDS', repeat(['000123, 000124', '000125', '', '000126'], 40), 'packed-list'],
    ['NOTES', Array.from({ length: 40 }, (_, i) => `Pupil number ${i} was absent on several days in the spring term because of illness`), 'free-text'],
    ['EMPTY', repeat(['', null, '  '], 30), 'empty'],
    // Labels with a comma are not lists: no item stands alone in the column, and the name says nothing of lists.
    ['ETHNICITY_NAME', repeat(['White, Non-Hispanic', 'Black, Non-Hispanic', 'Hispanic', 'Asian', 'Mixed Race', 'Other', 'Pacific Islander'], 70), 'code'],
    ['USER_IDS', repeat(['{LDAP:12}, {SIS:4}', '{LDAP:13}, {SIS:5}', ''], 30), 'packed-list'],
  ])('%s is %s', (column, values, type) => {
    expect(profileColumn(column, values).semanticType).toBe(type);
  });
});
