import type { ColumnProfile } from '../../../shared/model/assessment';
import type { ColumnInfo, StreamInfo } from '../../../shared/model/connection';
import type { ColumnCandidate } from '../../../shared/model/suggestion';
import type { TargetModelEntity, TargetModelField } from '../../../shared/model/target-model';
import { ENTITY_KEY_SYNONYMS, FIELD_SYNONYMS, KEY_WORDS } from './dictionary';
import { readName, singular, type ReadName } from './names';
import { columnHints } from '../values/column-hints';
import { valueFit } from './value-fit';

/** What field matching needs to know about the source beyond one column. */
export interface MatchContext {
  profile(stream: string, column: string): ColumnProfile | undefined;
  /** The entities a stream was recognised as (first pass: by name alone); several for a shared person table. */
  entitiesOfStream(stream: string): string[];
  /** Streams whose own key column has this comparable name (`readName(...).key`). */
  streamsKeyedBy(key: string): string[];
}

/** Audit columns every table has; never a target field. */
const AUDIT = /^(?:last_?updated?|updated_?(?:by|at|on)?|modified_?(?:by|date|at|on)?|created_?(?:by|at|on|date)?|date_?last_?modified|rollover_?id|sort_?order|timestamp|rowversion|last_?update)$/i;

export function isAuditColumn(name: string): boolean {
  return AUDIT.test(name) || /^(?:last ?modified|date ?last ?modified)$/i.test(name);
}

/** Phrases for a field: its own name, then the dictionary's synonyms, as comparable keys. */
const phraseCache = new Map<string, { key: string; words: string[]; own: boolean; text: string }[]>();
function fieldPhrases(field: string): { key: string; words: string[]; own: boolean; text: string }[] {
  let hit = phraseCache.get(field);
  if (!hit) {
    const own = readName(field);
    hit = [{ key: own.key, words: own.words, own: true, text: field }];
    for (const p of FIELD_SYNONYMS[field] ?? []) {
      const r = readName(p);
      if (!hit.some((h) => h.key === r.key)) hit.push({ key: r.key, words: r.words, own: false, text: p });
    }
    phraseCache.set(field, hit);
  }
  return hit;
}

/** The column's words less the ones that repeat its table's or entity's name (`PUPIL_SURNAME` in PUPILS). */
function strippedWords(column: ReadName, tableWords: Set<string>): string[] {
  const words = [...column.words];
  while (words.length > 1 && tableWords.has(words[0])) words.shift();
  return words;
}

/**
 * Scores a column's name against a plain (non-reference) field: 1 for the field's own name,
 * 0.95 for a dictionary synonym, less once the table's own words are stripped or an
 * abbreviation expanded, and a share for phrases whose words the name contains.
 */
export function nameScore(field: string, column: ReadName, tableWords: Set<string>): { score: number; reason: string | null } {
  const stripped = strippedWords(column, tableWords);
  const strippedKey = stripped.length === column.words.length ? column.key : stripped.join('');
  let score = 0;
  let kind = '';
  let phrase: { own: boolean; text: string } | null = null;
  const abbrev = column.abbreviated ? 0.95 : 1;
  for (const p of fieldPhrases(field)) {
    let s = 0;
    let k = '';
    if (column.key === p.key) {
      s = (p.own ? 1 : 0.95) * abbrev;
      k = 'same';
    } else if (strippedKey === p.key) {
      s = (p.own ? 0.9 : 0.86) * abbrev;
      k = 'stripped';
    } else {
      let inName = 0;
      for (const w of p.words) if (stripped.includes(w)) inName++;
      if (inName === p.words.length && p.words.length > 0) {
        s = Math.max(0.35, (p.own ? 0.75 : 0.7) - 0.12 * (stripped.length - p.words.length)) * abbrev;
        k = 'contains';
      } else if (inName > 0 && p.words.length > 1) {
        s = (0.45 * inName) / Math.max(p.words.length, stripped.length);
        k = 'shares';
      }
    }
    if (s > score) {
      score = s;
      kind = k;
      phrase = p;
    }
  }
  if (!phrase) return { score: 0, reason: null };
  const what = phrase.own ? 'the field\'s own name' : `school synonym "${phrase.text}"`;
  const reason = kind === 'same' ? `${column.abbreviated ? 'abbreviation of ' : ''}${what}` : kind === 'stripped' ? `${what} after the table's own words` : kind === 'contains' ? `contains ${what}` : `shares words with ${what}`;
  return { score, reason };
}

/**
 * Scores a column as a reference to another entity's record: a declared foreign key to a stream
 * recognised as that entity, the same name as such a stream's key, or a name saying whose key it
 * holds (`PUPIL_NO`, `student_id`, `userSourcedId`).
 */
export function referenceScore(refEntity: string, stream: StreamInfo, column: ColumnInfo, read: ReadName, ctx: MatchContext): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  const fk = stream.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.name);
  if (fk) {
    const targets = ctx.entitiesOfStream(fk.refStream);
    const target = targets.find((t) => closeEntities(t, refEntity)) ?? targets[0];
    if (targets.includes(refEntity)) {
      score = Math.max(score, fk.declared ? 0.97 : 0.9);
      reasons.push(`${fk.declared ? 'declared' : 'inferred'} foreign key to ${fk.refStream} (${refEntity})`);
    } else if (target && closeEntities(target, refEntity)) {
      score = Math.max(score, 0.6);
      reasons.push(`foreign key to ${fk.refStream} (${target}, the nearest to ${refEntity})`);
    }
  }
  const ownKey = stream.primaryKey.length === 1 && stream.primaryKey[0] === column.name;
  if (!ownKey) {
    const keyed = ctx.streamsKeyedBy(read.key).filter((s) => s !== stream.name);
    const same = keyed.find((s) => ctx.entitiesOfStream(s).includes(refEntity));
    if (same) {
      score = Math.max(score, 0.9);
      reasons.push(`same name as the key of ${same} (${refEntity})`);
    }
  }
  const words = read.words;
  const hasKeyWord = words.some((w) => KEY_WORDS.has(w)) || words.length === 1;
  const synonyms = ENTITY_KEY_SYNONYMS[refEntity] ?? [singular(refEntity)];
  for (const [i, s] of synonyms.entries()) {
    const sw = readName(s).words;
    const at = indexOfRun(words, sw);
    if (at >= 0 && (hasKeyWord || words.length === sw.length)) {
      const rest = words.length - sw.length - words.filter((w) => KEY_WORDS.has(w)).length;
      // The entity's own word (student, class) says more than a looser one (section, period).
      const value = Math.max(0.55, (i < 2 ? 0.85 : 0.78) - 0.1 * Math.max(0, rest));
      if (value > score) {
        score = value;
        reasons.push(`the name says it holds a ${s} key`);
      }
      break;
    }
  }
  if (score < 0.6 && ['students', 'staff', 'guardians'].includes(refEntity) && (words.includes('user') || words.includes('person') || words.includes('people')) && hasKeyWord) {
    score = Math.max(score, 0.6);
    reasons.push('a person key (the row\'s role says whose)');
  }
  if (score < 0.6 && refEntity === 'classes' && words.includes('course') && hasKeyWord) {
    score = Math.max(score, 0.6);
    reasons.push('a course key (the source has no separate classes)');
  }
  if (ownKey && score > 0) score *= 0.5;
  return { score, reasons };
}

function closeEntities(a: string, b: string): boolean {
  const pairs = [
    ['classes', 'courses'],
    ['terms', 'academic-years'],
  ];
  return pairs.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}

function indexOfRun(words: string[], run: string[]): number {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}

/** Every column of a stream scored for one target field, best first (only those worth showing). */
const streamColumns = new WeakMap<StreamInfo, { column: ColumnInfo; read: ReadName }[]>();
const streamWords = new WeakMap<StreamInfo, Map<string, Set<string>>>();

/** A stream's columns worth matching (audit columns left out), each read once. */
function columnsOf(stream: StreamInfo): { column: ColumnInfo; read: ReadName }[] {
  let hit = streamColumns.get(stream);
  if (!hit) {
    hit = stream.columns.filter((c) => !isAuditColumn(c.name)).map((column) => ({ column, read: readName(column.name) }));
    streamColumns.set(stream, hit);
  }
  return hit;
}

/** The words a column may repeat from its table or entity (`PUPIL_SURNAME` in PUPILS). */
function tableWordsOf(stream: StreamInfo, entity: string): Set<string> {
  let byEntity = streamWords.get(stream);
  if (!byEntity) streamWords.set(stream, (byEntity = new Map()));
  let hit = byEntity.get(entity);
  if (!hit) {
    hit = new Set([...readName(stream.name, { table: true }).words, ...readName(entity).words, ...readName(singular(entity)).words]);
    byEntity.set(entity, hit);
  }
  return hit;
}

export function rankColumns(entity: TargetModelEntity, field: TargetModelField, stream: StreamInfo, ctx: MatchContext): ColumnCandidate[] {
  const tableWords = tableWordsOf(stream, entity.name);
  const out: ColumnCandidate[] = [];
  const ownKey = stream.primaryKey.length === 1 ? stream.primaryKey[0] : null;
  const identifying = /(?:Number|code)$/.test(field.name);
  let dateIndex = -1;
  for (const { column, read } of columnsOf(stream)) {
    const profile = ctx.profile(stream.name, column.name);
    if (field.references) {
      const ref = referenceScore(field.references, stream, column, read, ctx);
      if (ref.score <= 0) continue;
      out.push({ column: column.name, confidence: round(ref.score), reasons: ref.reasons });
      continue;
    }
    const name = nameScore(field.name, read, tableWords);
    const fit = valueFit(field, column, profile);
    const holdsDates = column.type === 'date' || column.type === 'datetime' || profile?.semanticType === 'date' || profile?.semanticType === 'datetime';
    if (holdsDates) dateIndex++;
    let score: number;
    const reasons: string[] = [];
    if (name.score > 0) {
      score = name.score * 0.8 + 0.2 * (0.5 + fit.score / 2);
      if (name.reason) reasons.push(`name: ${name.reason}`);
    } else if (fit.specific && (identifying || !read.words.some((w) => KEY_WORDS.has(w)))) score = 0.3 + 0.25 * fit.score;
    else if (identifying && column.name === ownKey) {
      score = 0.45;
      reasons.push('the table\'s own key');
    } else if (field.format === 'date' && holdsDates && fit.score > 0 && (field.name === 'birthDate' || !columnHints(column.name).birthDate)) {
      // Nothing in the name: dates are offered in the order the table lists them (a weak guess).
      score = Math.max(0.3, 0.4 - 0.01 * dateIndex);
    } else continue;
    if (column.name === ownKey && !identifying && name.score < 0.9) score *= 0.6;
    if (fit.score <= -0.5) score *= 0.5;
    reasons.push(...fit.reasons);
    if (score < 0.2) continue;
    out.push({ column: column.name, confidence: round(score), reasons });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.column.localeCompare(b.column));
}

export function round(n: number): number {
  return Math.round(Math.max(0, Math.min(1, n)) * 100) / 100;
}
