import type { ColumnProfile, SemanticType } from '../../../../shared/model/assessment';
import type { ColumnInfo } from '../../../../shared/model/connection';
import type { ColumnStats, PackSeparator } from './column-accumulator';
import type { ColumnHints } from '../../values/column-hints';
import { ymdToIso } from './date-math';
import { allDescriptors } from './descriptor-codes';
import { patternInfo, type DateLayout } from '../../values/pattern-info';

/** Share of non-blank values a kind must reach to name the column's type (lower when the name agrees). */
const STRONG = 0.9;
const WITH_NAME = 0.6;
/** A code column has at most this many different values, each repeated on average at least twice. */
export const MAX_CODE_VALUES = 60;

/**
 * The separator of a packed-list column, or null when the column does not hold lists. Short
 * items in a noticeable share of the values (not prose with commas), and evidence that the items
 * are values in their own right: most listed values have an item that also stands alone in the
 * column ("Peanuts, Eggs" beside "Peanuts"), or the column's name says it holds lists
 * (SIBLING_IDS). "White, Non-Hispanic" in a column of labels is not a list.
 */
export function packedSeparator(s: ColumnStats, hints: ColumnHints): PackSeparator | null {
  if (s.nonBlank === 0) return null;
  let best: PackSeparator | null = null;
  for (const sep of [',', ';', '|'] as PackSeparator[]) {
    const rows = s.packed[sep];
    if (rows < 2 || rows / s.nonBlank < 0.02 || s.packedShortItems[sep] / rows < 0.9) continue;
    if (!hints.list && !itemsStandAlone(s, sep)) continue;
    if (best === null || rows > s.packed[best]) best = sep;
  }
  return best;
}

function itemsStandAlone(s: ColumnStats, sep: PackSeparator): boolean {
  // Past the exact limit the values are not kept: a large share of lists has to speak for itself.
  if (s.values === null) return s.packed[sep] / s.nonBlank >= 0.2;
  const single = new Set<string>();
  const lists: string[] = [];
  for (const { value } of s.values) {
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (text === '') continue;
    if (text.includes(sep)) lists.push(text);
    else single.add(text);
  }
  if (lists.length === 0) return false;
  const backed = lists.filter((text) => text.split(sep).some((item) => single.has(item.trim()))).length;
  return backed / lists.length >= 0.5;
}

/** Date evidence of a column: how d/m vs m/d was decided, or undefined for a column without dates. */
export function decideDateOrder(s: ColumnStats): ColumnProfile['dateOrder'] {
  const o = s.dateOrder;
  const slash = o.dayFirstOnly + o.monthFirstOnly + o.ambiguous + o.same;
  if (slash === 0) {
    return s.ymdDates > 0 ? { decided: 'ymd', evidence: `All ${fmt(s.ymdDates)} readable dates are written year first, so day and month are never in doubt.` } : undefined;
  }
  const unclear = o.ambiguous;
  if (o.dayFirstOnly > 0 && o.monthFirstOnly === 0) {
    return {
      decided: 'dmy',
      evidence: `${fmt(o.dayFirstOnly)} dates have a first number above 12, which only day-first can read, and none has a second number above 12; so the ${fmt(unclear)} dates such as 03/04 are read day-first.`,
    };
  }
  if (o.monthFirstOnly > 0 && o.dayFirstOnly === 0) {
    return {
      decided: 'mdy',
      evidence: `${fmt(o.monthFirstOnly)} dates have a second number above 12, which only month-first can read, and none has a first number above 12; so the ${fmt(unclear)} dates such as 03/04 are read month-first.`,
    };
  }
  if (o.dayFirstOnly > 0 && o.monthFirstOnly > 0) {
    const majority = o.dayFirstOnly >= o.monthFirstOnly ? 'day-first' : 'month-first';
    return {
      decided: 'ambiguous',
      evidence: `Both orders occur: ${fmt(o.dayFirstOnly)} dates can only be day-first and ${fmt(o.monthFirstOnly)} only month-first, so the ${fmt(unclear)} dates whose two numbers are both 12 or less cannot be settled from the data; ${majority} is the majority.`,
    };
  }
  return {
    decided: 'ambiguous',
    evidence: `None of the ${fmt(slash)} dates written with the day and month together has a number above 12, so the data cannot tell day-first from month-first.`,
  };
}

/** True when day-first should be tried before month-first. */
export function dayFirstPreferred(s: ColumnStats): boolean {
  return s.dateOrder.dayFirstOnly >= s.dateOrder.monthFirstOnly;
}

/** Date formats seen (parseDate tokens), most common first. */
export function dateFormats(s: ColumnStats): { format: string; count: number }[] {
  const dayFirst = dayFirstPreferred(s);
  const counts = new Map<string, number>();
  let mainSlash: { format: string; minority: string } | null = null;
  for (const item of s.patterns.items()) {
    const layout = patternInfo(item.value).date;
    if (!layout) continue;
    const sentinelRows = [...s.sentinels.entries()].filter(([text, e]) => e.date && patternOfSentinel(text) === item.value).reduce((a, [, e]) => a + e.count, 0);
    const count = item.count - sentinelRows;
    if (count <= 0) continue;
    const format = formatOf(item.value, layout, dayFirst);
    counts.set(format, (counts.get(format) ?? 0) + count);
    if (layout.family === 'xxy' && !mainSlash) mainSlash = { format, minority: formatOf(item.value, layout, !dayFirst) };
  }
  const o = s.dateOrder;
  const minority = dayFirst ? o.monthFirstOnly : o.dayFirstOnly;
  if (mainSlash && minority > 0) {
    counts.set(mainSlash.format, (counts.get(mainSlash.format) ?? 0) - minority);
    counts.set(mainSlash.minority, (counts.get(mainSlash.minority) ?? 0) + minority);
  }
  return [...counts.entries()].filter(([, c]) => c > 0).map(([format, count]) => ({ format, count })).sort((a, b) => b.count - a.count);
}

function patternOfSentinel(text: string): string {
  // Sentinels are plain digit-and-separator texts, so their signature is their digits as 9s.
  return text.replace(/\d/g, '9');
}

function formatOf(pattern: string, layout: DateLayout, dayFirst: boolean): string {
  const part = (range: [number, number], token: string) => (range[1] - range[0] === 2 ? token + token : token);
  const sep = layout.separator;
  let date: string;
  if (layout.family === 'ymd') date = `yyyy${sep}${part(layout.first, 'M')}${sep}${part(layout.second, 'd')}`;
  else {
    const year = layout.twoDigitYear ? 'yy' : 'yyyy';
    date = dayFirst ? `${part(layout.first, 'd')}${sep}${part(layout.second, 'M')}${sep}${year}` : `${part(layout.first, 'M')}${sep}${part(layout.second, 'd')}${sep}${year}`;
  }
  if (!layout.withTime) return date;
  const end = Math.max(layout.year[1], layout.second[1]);
  return date + timeTail(pattern.slice(end));
}

/** A signature's time part as format tokens: " 99:99:99" → " HH:mm:ss", "A99:99:99.999A" → "'T'HH:mm:ss.SSS'Z'". */
function timeTail(tail: string): string {
  return tail
    .replace(/^A/, "'T'")
    .replace('99:99:99', 'HH:mm:ss')
    .replace(/^( |'T')9?9:99/, '$1HH:mm')
    .replace(/\.(9+)/, (_, d: string) => `.${'S'.repeat(d.length)}`)
    .replace(/A$/, "'Z'")
    .replace(/([+-])99:?99$/, '$1XX:XX');
}

/** The date part of a format (parseDate reads a date and ignores a time after it). */
export function dateOnlyFormat(format: string): string {
  return format.split(/ |'T'/)[0];
}

/**
 * The column's semantic type, from what its values look like; the name only lowers the bar a
 * kind must clear (a column called DOB needs fewer dates than one called NOTES).
 */
export function inferSemanticType(s: ColumnStats, hints: ColumnHints, column: ColumnInfo): SemanticType {
  const nb = s.nonBlank;
  if (s.binary > 0 && nb === 0) return 'unknown';
  if (nb === 0) return 'empty';
  const share = (n: number) => n / nb;
  const bar = (named: boolean) => (named ? WITH_NAME : STRONG);
  const dates = s.dateShaped;

  if (s.distinctExact && s.distinctNonBlank <= 2 && share(s.booleans) >= 0.99 && (hints.flag || s.integers === 0 || column.type === 'boolean')) return 'boolean';
  if (share(dates) >= bar(hints.date)) return share(s.withTime) > 0.5 ? 'datetime' : 'date';
  if (share(s.times) >= STRONG) return 'time';
  if (share(s.emailValid) >= bar(hints.email) || (hints.email && share(s.withAtSign) >= WITH_NAME)) return 'email';
  if (share(s.phones) >= bar(hints.phone) || (hints.phone && share(s.phones + s.leadingZeros) >= WITH_NAME)) return 'phone';
  if (share(s.distinctivePostcodes) >= STRONG || (hints.postcode && share(s.postcodes) >= WITH_NAME)) return 'postcode';
  if (share(s.leadingZeros) >= 0.05 && share(s.leadingZeros + s.integers) >= STRONG) return 'identifier';
  const unique = s.distinct >= nb * 0.98;
  const separator = packedSeparator(s, hints);
  if (separator === null) {
    if (share(s.integers) >= 0.95) return hints.identifier && unique ? 'identifier' : 'integer';
    if (share(s.integers + s.decimals) >= 0.95) return 'decimal';
  }
  if (hints.personName && share(s.names + s.mojibake) >= bar(true)) return 'person-name';
  if (separator !== null) return 'packed-list';
  const meanLength = s.lengthSum / nb;
  // Single-word values in a column named like an id: the key itself (unique) or references to it (many values).
  if (hints.identifier && s.words <= nb * 1.05 && meanLength <= 40 && (unique || s.distinct > MAX_CODE_VALUES)) return 'identifier';
  if (s.distinctExact && s.distinctNonBlank <= MAX_CODE_VALUES && s.distinctNonBlank * 2 <= nb && meanLength <= 30) return 'code';
  // Codes with a namespace (Ed-Fi descriptor URIs) are long, but codes all the same.
  if (s.values !== null && s.distinctNonBlank <= MAX_CODE_VALUES && allDescriptors(s.values)) return 'code';
  if (column.type === 'unknown' && s.unreadable > 0) return 'unknown';
  return 'free-text';
}

/** The column's public profile. */
export function toColumnProfile(table: string, column: ColumnInfo, s: ColumnStats, semanticType: SemanticType): ColumnProfile {
  const profile: ColumnProfile = {
    table,
    column: column.name,
    nativeType: column.nativeType,
    semanticType,
    rows: s.rows,
    nulls: s.nulls,
    blanks: s.blanks,
    whitespaceOnly: s.whitespaceOnly,
    untrimmed: s.untrimmed,
    distinct: s.distinct,
    distinctExact: s.distinctExact,
    topValues: s.topValues,
    patterns: s.patterns.items(10).map((p) => ({ value: p.value, count: p.count })),
    sentinels: [...s.sentinels.entries()].map(([value, e]) => ({ value, count: e.count })).sort((a, b) => b.count - a.count),
    mojibake: s.mojibake,
    leadingZeros: s.leadingZeros,
  };
  if (semanticType === 'date' || semanticType === 'datetime') {
    profile.dateFormats = dateFormats(s);
    const order = decideDateOrder(s);
    if (order) profile.dateOrder = order;
    if (s.minDate !== null) profile.min = ymdToIso(s.minDate);
    if (s.maxDate !== null) profile.max = ymdToIso(s.maxDate);
  } else if ((semanticType === 'integer' || semanticType === 'decimal' || semanticType === 'identifier' || semanticType === 'boolean') && s.numericMin !== null && s.leadingZeros === 0) {
    profile.min = s.numericMin;
    profile.max = s.numericMax as number;
  } else if (s.textMin !== null) {
    profile.min = s.textMin;
    profile.max = s.textMax as string;
  }
  if (s.minLength !== null) {
    profile.minLength = s.minLength;
    profile.maxLength = s.maxLength as number;
    profile.meanLength = Math.round((s.lengthSum / Math.max(1, s.nonBlank)) * 10) / 10;
  }
  return profile;
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}
