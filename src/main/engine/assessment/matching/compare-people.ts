import { compareBirthDates, type BirthDateAgreement } from './birth-dates';
import { compareNamePartsCached as compareParts, type NamePartMatch } from './name-similarity';
import { detailAgreement, type PersonRecord } from './person-records';

/** What is known about how common names are where two records were found. */
export interface NameFrequencies {
  /** Records in scope (one table, or both tables for a match across tables). */
  people: number;
  /** Pairs of records that could be compared in scope. */
  pairs: number;
  first: Map<string, number>;
  last: Map<string, number>;
}

/** The verdict on one pair of records. */
export interface PairScore {
  score: number;
  /** Reasons in words, with the names as recorded (for the review queue). */
  reasons: string[];
  /** The same reasons with names masked (for findings and reports). */
  maskedReasons: string[];
}

/** Both name parts must be at least this alike (0–1) for a pair to be considered at all. */
export const NAME_PART_GATE = 0.85;
/** Share of the score carried by the names when dates of birth can be compared (the rest: the date). */
const NAME_WEIGHT = 0.6;
const BIRTH_SCORE: Record<Exclude<BirthDateAgreement, 'unknown'>, number> = { same: 1, 'day-month-swapped': 0.8, 'same-year-month': 0.5, 'same-year': 0.3, different: 0 };
/** How often an unseen name part is assumed to occur (1 in 1,000 people). */
const RARE_NAME_FREQUENCY = 0.001;

/**
 * Scores two people records 0–1 and says why.
 *
 * Names: first name with first name and surname with surname (or crossed over, when the two
 * were swapped; 0.02 less), each part scored by `compareNameParts`; both parts must reach 0.85
 * or the pair is not a match (twins share a surname and a birthday, never a first name), and two
 * similar spellings that are both common in scope count as different names (`established`).
 * With dates of birth on both sides: score = 0.6 × names + 0.4 × date, the date scoring 1 when
 * the same, 0.8 day and month swapped, 0.5 same year and month, 0.3 same year, 0 different.
 * Without: score = names × (0.6 + 0.35 / (1 + E)), where E is how many pairs in scope would
 * share such names by chance (pairs × frequency of the first name × frequency of the surname,
 * the pair itself left out, each at least 1 in 1,000): a rare name shared is telling, a common
 * one is not; that is then weighed by the other details of the two rows (0.8 + 0.2 × the share of
 * columns filled on both that agree; 0.9 when there are none to compare). A shared e-mail adds 0.15, a shared phone 0.1; a different recorded sex takes
 * 0.25 off. Returns null when the names do not pass, or when the pair cannot reach `minScore`
 * whatever its names (checked first, cheaply: most pairs in a block fail on the date or on how
 * common their names are).
 */
export function comparePeople(a: PersonRecord, b: PersonRecord, freq: NameFrequencies, minScore = 0): PairScore | null {
  if (minScore > 0 && upperBound(a, b, freq) < minScore) return null;
  const part = (x: string, y: string) => established(compareParts(x, y), x, y, freq);
  const straight = orient(part(a.first, b.first), part(a.last, b.last), false);
  // Crossed over only when the straight reading is not already an exact match.
  const crossed = straight.first.how === 'same' && straight.last.how === 'same' ? straight : orient(part(a.first, b.last), part(a.last, b.first), true);
  const names = crossed.gate > straight.gate + 1e-9 ? crossed : straight;
  if (names.gate < NAME_PART_GATE) return null;

  const reasons: string[] = [];
  const masked: string[] = [];
  const say = (plain: string, hidden = plain) => {
    reasons.push(plain);
    masked.push(hidden);
  };
  const [bFirst, bLast] = names.swapped ? [b.lastShown, b.firstShown] : [b.firstShown, b.lastShown];
  describePart('first name', a.firstShown, bFirst, names.first, say);
  describePart('surname', a.lastShown, bLast, names.last, say);
  if (names.swapped) say('first name and surname swapped');
  if (a.repaired || b.repaired) say('a name was repaired from garbled characters (mojibake) before comparing');
  else if (names.first.how === 'same' && names.last.how === 'same' && (a.firstShown !== bFirst || a.lastShown !== bLast)) say('names differ only in case, accents or spacing');

  const nameScore = (names.first.score + names.last.score) / 2 - (names.swapped ? 0.02 : 0);
  const birth = compareBirthDates(a.birth, b.birth);
  let score: number;
  if (birth === 'unknown') {
    const chance = chanceLookAlikes(a, b, names.swapped, freq);
    score = nameScore * (0.6 + 0.35 / (1 + chance));
    say(
      chance < 0.05 ? 'no date of birth to compare; names this rare are seldom shared by chance here' : `no date of birth to compare; about ${formatChance(chance)} pairs here would share such names by chance`,
    );
    const detail = detailAgreement(a, b);
    if (detail.compared > 0) {
      score *= 0.8 + 0.2 * (detail.agreeing / detail.compared);
      say(`${detail.agreeing === detail.compared ? 'other details agree' : 'other details differ'} (${detail.agreeing} of ${detail.compared} the same)`);
    } else {
      score *= 0.9;
    }
  } else {
    score = NAME_WEIGHT * nameScore + (1 - NAME_WEIGHT) * BIRTH_SCORE[birth];
    say(BIRTH_REASON[birth]);
  }
  if (a.emails.some((e) => b.emails.includes(e))) {
    score += 0.15;
    say('same e-mail address');
  }
  if (a.phones.some((p) => b.phones.includes(p))) {
    score += 0.1;
    say('same phone number');
  }
  if (a.sex && b.sex && a.sex !== b.sex) {
    score -= 0.25;
    say(`different sex recorded (${a.sex} / ${b.sex})`);
  }
  return { score: Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000, reasons, maskedReasons: masked };
}

/** A spelling seen this many times in scope is a name in its own right, not a typo of another. */
export const ESTABLISHED_SPELLING = 3;

/**
 * Two merely similar spellings that are both common in scope (André and Andrés, Clark and Clarke,
 * שרה and שירה) are two names, not one name mistyped: typing mistakes make rare spellings. Such a
 * part is held below the gate. Known variants and transliterations are not affected.
 */
function established(m: NamePartMatch, x: string, y: string, freq: NameFrequencies): NamePartMatch {
  if (m.how !== 'similar') return m;
  const seen = (s: string) => (freq.first.get(s) ?? 0) + (freq.last.get(s) ?? 0);
  if (seen(x) >= ESTABLISHED_SPELLING && seen(y) >= ESTABLISHED_SPELLING) return { ...m, score: Math.min(m.score, 0.8), how: 'different' };
  return m;
}

/** The best score the pair could get with perfectly equal names. */
function upperBound(a: PersonRecord, b: PersonRecord, freq: NameFrequencies): number {
  const contact = (a.emails.some((e) => b.emails.includes(e)) ? 0.15 : 0) + (a.phones.some((p) => b.phones.includes(p)) ? 0.1 : 0);
  const birth = compareBirthDates(a.birth, b.birth);
  if (birth !== 'unknown') return NAME_WEIGHT + (1 - NAME_WEIGHT) * BIRTH_SCORE[birth] + contact;
  const share = (counts: Map<string, number>, x: string) => Math.max(RARE_NAME_FREQUENCY, Math.max(0, (counts.get(x) ?? 0) - 2) / Math.max(1, freq.people));
  const chance = freq.pairs * share(freq.first, a.first) * share(freq.last, a.last);
  return 0.6 + 0.35 / (1 + chance) + contact;
}

interface Orientation {
  first: NamePartMatch;
  last: NamePartMatch;
  swapped: boolean;
  /** The weaker part's score plus a little of the mean, to rank orientations. */
  gate: number;
}

function orient(first: NamePartMatch, last: NamePartMatch, swapped: boolean): Orientation {
  return { first, last, swapped, gate: Math.min(first.score, last.score) + (first.score + last.score) / 1000 };
}

const BIRTH_REASON: Record<Exclude<BirthDateAgreement, 'unknown'>, string> = {
  same: 'same date of birth',
  'day-month-swapped': 'date of birth with day and month swapped',
  'same-year-month': 'same birth year and month, different day',
  'same-year': 'same birth year only',
  different: 'different dates of birth',
};

function describePart(label: string, a: string, b: string, m: NamePartMatch, say: (plain: string, hidden?: string) => void): void {
  const hide = (s: string) => (s ? `${[...s][0]}***` : '');
  const pair = (x: string, y: string) => `${x} ~ ${y}`;
  switch (m.how) {
    case 'same':
      say(`same ${label}`);
      break;
    case 'variant':
      say(`${label} ${pair(a, b)} (known variant)`, `${label}s are known variants (${pair(hide(a), hide(b))})`);
      break;
    case 'transliteration':
      say(`${label} ${pair(a, b)} (the same name in another script)`, `${label}s are the same name in another script`);
      break;
    case 'within':
      say(`${label} ${pair(a, b)} (one contains the other)`, `one ${label} contains the other`);
      break;
    default:
      say(`${label} ${pair(a, b)} (${m.jaroWinkler.toFixed(2)})`, `${label}s alike (${pair(hide(a), hide(b))}, ${m.jaroWinkler.toFixed(2)})`);
  }
  if (m.how !== 'same' && m.soundsAlike) say(`${label} sounds alike (${m.soundexA})`);
}

/** Expected number of pairs in scope sharing such names by chance (the pair itself left out). */
function chanceLookAlikes(a: PersonRecord, b: PersonRecord, swapped: boolean, freq: NameFrequencies): number {
  const bFirst = swapped ? b.last : b.first;
  const bLast = swapped ? b.first : b.last;
  const share = (counts: Map<string, number>, x: string, y: string) => Math.max(RARE_NAME_FREQUENCY, Math.max(0, (counts.get(x) ?? 0) - (x === y ? 2 : 1)) / Math.max(1, freq.people));
  return freq.pairs * share(freq.first, a.first, bFirst) * share(freq.last, a.last, bLast);
}

function formatChance(x: number): string {
  return x >= 10 ? Math.round(x).toLocaleString('en-GB') : x.toFixed(1);
}
