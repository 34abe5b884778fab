import { describe, expect, it } from 'vitest';
import { decideDateOrder, dateFormats } from '../../../../src/main/engine/assessment/profiling/semantic-type';
import { profileColumn } from './profile-helper';

describe('dates: formats and the day/month order', () => {
  it('decides day-first when a first number above 12 proves it and nothing contradicts it', () => {
    const c = profileColumn('DOB', ['25/12/2012', '03/04/2012', '13/01/2011', '05/05/2010', '2012-01-02']);
    expect(c.semanticType).toBe('date');
    expect(c.profile.dateOrder?.decided).toBe('dmy');
    expect(c.profile.dateOrder?.evidence).toContain('2 dates have a first number above 12');
    expect(c.stats.dateOrder).toEqual({ dayFirstOnly: 2, monthFirstOnly: 0, ambiguous: 1, same: 1 });
    expect(c.profile.dateFormats).toEqual([
      { format: 'dd/MM/yyyy', count: 4 },
      { format: 'yyyy-MM-dd', count: 1 },
    ]);
  });

  it('decides month-first from a second number above 12', () => {
    const c = profileColumn('DOB', ['12/25/2012', '03/04/2012', '01/13/2011']);
    expect(c.profile.dateOrder?.decided).toBe('mdy');
    expect(c.profile.dateFormats?.[0].format).toBe('MM/dd/yyyy');
  });

  it('says ambiguous when both orders occur, or when no number is above 12', () => {
    const both = profileColumn('DOB', ['25/12/2012', '13/01/2011', '12/25/2012', '03/04/2012']);
    expect(both.profile.dateOrder?.decided).toBe('ambiguous');
    expect(both.profile.dateOrder?.evidence).toContain('Both orders occur');
    expect(dateFormats(both.stats)).toEqual([
      { format: 'dd/MM/yyyy', count: 3 },
      { format: 'MM/dd/yyyy', count: 1 },
    ]);
    const none = profileColumn('DOB', ['03/04/2012', '05/06/2011']);
    expect(none.profile.dateOrder?.decided).toBe('ambiguous');
    expect(none.profile.dateOrder?.evidence).toContain('cannot tell');
  });

  it('says year-first for ISO columns and reads their min and max', () => {
    const c = profileColumn('START_DATE', ['2024-09-04', '2023-09-04', '2025-01-06']);
    expect(decideDateOrder(c.stats)?.decided).toBe('ymd');
    expect(c.profile.min).toBe('2023-09-04');
    expect(c.profile.max).toBe('2025-01-06');
  });

  it('counts two-digit years, impossible dates and dates after today', () => {
    const c = profileColumn('DOB', ['03/04/12', '30/02/2016', '2014-02-29', '2013-13-05', '2026-01-01', '2012-02-29', '31/04/2015']);
    expect(c.stats.twoDigitYears).toBe(1);
    expect(c.stats.impossibleDates).toBe(4);
    expect(c.stats.futureDates).toBe(1);
    expect(c.stats.validDates).toBe(3);
  });

  it('reads date-times and keeps their time in the format', () => {
    const c = profileColumn('LAST_UPDATED', ['2025-03-21 10:22:33', '2024-09-04 08:00:00']);
    expect(c.semanticType).toBe('datetime');
    expect(c.profile.dateFormats).toEqual([{ format: 'yyyy-MM-dd HH:mm:ss', count: 2 }]);
    const iso = profileColumn('dateLastModified', ['2023-05-01T18:25:43.511Z', '2023-05-01T18:25:43.511Z', '2023-05-01', '2024-01-01T10:00:00+01:00']);
    expect(iso.profile.dateFormats).toEqual([
      { format: "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", count: 2 },
      { format: 'yyyy-MM-dd', count: 1 },
      { format: "yyyy-MM-dd'T'HH:mm:ss+XX:XX", count: 1 },
    ]);
  });
});
