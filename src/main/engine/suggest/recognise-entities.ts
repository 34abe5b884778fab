import type { ColumnProfile } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { ColumnCandidate, RowFilterSuggestion, StreamCandidate, StreamRecognition } from '../../../shared/model/suggestion';
import type { TargetModel, TargetModelEntity } from '../../../shared/model/target-model';
import { ENTITY_KEY_SYNONYMS, ENTITY_SYNONYMS, KEY_WORDS, ROLE_COLUMN_WORDS, ROLE_VALUES } from './dictionary';
import { isAuditColumn, rankColumns, round, type MatchContext } from './field-match';
import { BACKUP_WORDS, readName, singular } from './names';

/**
 * The one entity recogniser (issue 13): which Academia Pro entity each source stream is, for
 * suggestions, assessment, readiness and the push estimate alike. It weighs the table's name
 * (and its key's name) against the school dictionary, and how well the columns cover the
 * entity's fields, required ones first; then it corrects for structure:
 * - a link table (two references and little else) can only be an entity that is itself a link;
 * - a backup copy (`students_old`, `pupils_2019`, `copy_of_staff`) is never the live entity
 *   when the original is there;
 * - one person table shared by several roles (a role column: `Discriminator`, `role`,
 *   `profile`; or membership in enrolment and staff tables) becomes each role's entity, with
 *   the row filter that tells them apart.
 */
export interface RecogniseInput {
  streams: readonly StreamInfo[];
  /** Column profiles (assessment, or a sample): types, empties, top values. Optional. */
  profiles?: readonly ColumnProfile[];
  model: TargetModel;
  /** Only these entities (default: all of the model's). */
  entities?: readonly string[];
}

export interface EntityChoice {
  entity: string;
  stream: string;
  confidence: number;
  reasons: string[];
  filter?: RowFilterSuggestion;
  ranked: StreamCandidate[];
}

export interface Recognition {
  streams: StreamRecognition[];
  /** Per entity the chosen stream; entities the source does not seem to have are absent. */
  choices: EntityChoice[];
  /** Ranked columns per target field of an entity read from a stream. */
  fieldCandidates(entity: string, stream: string): Map<string, ColumnCandidate[]>;
  /** The entity a stream is chosen for (the strongest, when a shared table serves several). */
  entityOf(stream: string): string | null;
}

const MIN_SCORE = 0.45;
const PERSON_ENTITIES = ['students', 'staff', 'guardians'];

interface StreamFacts {
  stream: StreamInfo;
  words: string[];
  key: string;
  link: boolean;
  backupOf: string | null;
  backupWords: boolean;
  roles: Map<string, string[]> | null;
  roleColumn: string | null;
  /** Person entities this stream's rows are, by the foreign keys pointing at it (enrolments' student_id…). */
  members: Map<string, { inStream: string; inColumn: string }>;
}

export function recogniseEntities(input: RecogniseInput): Recognition {
  const profiles = new Map<string, ColumnProfile>();
  const byStream = new Map<string, Map<string, ColumnProfile>>();
  for (const p of input.profiles ?? []) {
    profiles.set(`${p.table}\u0000${p.column}`, p);
    let m = byStream.get(p.table);
    if (!m) byStream.set(p.table, (m = new Map()));
    m.set(p.column, p);
  }
  const entities = input.model.entities.filter((e) => !input.entities || input.entities.includes(e.name));
  const streams = input.streams.filter((s) => s.columns.length > 0);
  const keyIndex = new Map<string, string[]>();
  for (const s of streams) {
    if (s.primaryKey.length !== 1) continue;
    const k = readName(s.primaryKey[0]).key;
    keyIndex.set(k, [...(keyIndex.get(k) ?? []), s.name]);
  }
  const facts = new Map(streams.map((s) => [s.name, streamFacts(s, streams, profiles)]));

  // Pass 1: names alone say what a stream is, so references can be followed in pass 2.
  let streamEntities = new Map<string, string[]>();
  for (const s of streams) {
    const best = entities.map((e) => ({ e: e.name, n: nameScore(facts.get(s.name)!, e).score })).sort((a, b) => b.n - a.n)[0];
    if (best && best.n >= 0.8) streamEntities.set(s.name, [best.e]);
  }
  let fieldCache = new Map<string, Map<string, ColumnCandidate[]>>();
  const ctx: MatchContext = {
    profile: (stream, column) => byStream.get(stream)?.get(column),
    entitiesOfStream: (stream) => streamEntities.get(stream) ?? [],
    streamsKeyedBy: (key) => keyIndex.get(key) ?? [],
  };
  // Plain fields do not depend on what other streams are, so they are ranked once; references are ranked again each pass.
  const plainCache = new Map<string, ColumnCandidate[]>();
  const fieldsOf = (entity: TargetModelEntity, stream: StreamInfo) => {
    const k = `${entity.name}\u0000${stream.name}`;
    let hit = fieldCache.get(k);
    if (!hit) {
      hit = new Map();
      for (const f of entity.fields) {
        if (f.readOnly || f.name === 'externalId') continue;
        if (f.references) {
          hit.set(f.name, rankColumns(entity, f, stream, ctx));
          continue;
        }
        const pk = `${k}\u0000${f.name}`;
        let ranked = plainCache.get(pk);
        if (!ranked) plainCache.set(pk, (ranked = rankColumns(entity, f, stream, ctx)));
        hit.set(f.name, ranked);
      }
      fieldCache.set(k, hit);
    }
    return hit;
  };

  let choices: EntityChoice[] = [];
  for (let pass = 0; pass < 2; pass++) {
    choices = choose(entities, streams, facts, fieldsOf);
    streamEntities = new Map();
    for (const c of choices) streamEntities.set(c.stream, [...(streamEntities.get(c.stream) ?? []), c.entity]);
    if (pass === 0) fieldCache = new Map();
  }
  addMembershipFilters(choices, facts, fieldsOf, entities);

  const recognition: StreamRecognition[] = streams.map((s) => {
    const f = facts.get(s.name)!;
    const mine = choices.filter((c) => c.stream === s.name).sort((a, b) => b.confidence - a.confidence);
    const kind: StreamRecognition['kind'] = f.backupOf || (f.backupWords && !mine.length) ? 'backup' : mine.some((c) => PERSON_ENTITIES.includes(c.entity)) ? 'person' : f.link ? 'link' : mine.length ? 'entity' : 'other';
    const r: StreamRecognition = { stream: s.name, entity: mine[0]?.entity ?? null, confidence: mine[0]?.confidence ?? 0, kind, reasons: mine[0]?.reasons ?? [] };
    if (f.backupOf) r.reasons = [`a copy of ${f.backupOf}`];
    const roles = mine.filter((c) => c.filter);
    if (roles.length) r.roles = roles.map((c) => ({ entity: c.entity, filter: c.filter! }));
    return r;
  });
  const primary = new Map(recognition.map((r) => [r.stream, r.entity]));
  return {
    streams: recognition,
    choices,
    fieldCandidates: (entity, stream) => {
      const e = entities.find((x) => x.name === entity);
      const s = streams.find((x) => x.name === stream);
      return e && s ? fieldsOf(e, s) : new Map();
    },
    entityOf: (stream) => primary.get(stream) ?? null,
  };
}

/**
 * The entity a table's name alone says it is (exact or trailing dictionary phrase), or null:
 * for callers that have a name but no catalog. With a catalog, use `recogniseEntities`.
 */
export function entityByName(table: string, model: TargetModel): string | null {
  const stream: StreamInfo = { name: table, columns: [], primaryKey: [], foreignKeys: [], rowEstimate: null };
  const read = readName(table, { table: true });
  const f: StreamFacts = { stream, words: read.words, key: read.key, link: false, backupOf: null, backupWords: false, roles: null, roleColumn: null, members: new Map() };
  let best: { entity: string; score: number } | null = null;
  for (const e of model.entities) {
    const n = nameScore(f, e).score;
    if (n >= 0.8 && (!best || n > best.score)) best = { entity: e.name, score: n };
  }
  return best?.entity ?? null;
}

function choose(entities: TargetModelEntity[], streams: StreamInfo[], facts: Map<string, StreamFacts>, fieldsOf: (e: TargetModelEntity, s: StreamInfo) => Map<string, ColumnCandidate[]>): EntityChoice[] {
  const scored = new Map<string, (StreamCandidate & { filter?: RowFilterSuggestion; named: boolean })[]>();
  for (const e of entities) {
    const list: (StreamCandidate & { filter?: RowFilterSuggestion; named: boolean })[] = [];
    for (const s of streams) {
      const f = facts.get(s.name)!;
      const r = scoreStream(e, f, fieldsOf(e, s));
      if (r.score > 0.15) list.push({ stream: s.name, confidence: round(r.score), reasons: r.reasons, filter: r.filter, named: r.named });
    }
    list.sort((a, b) => b.confidence - a.confidence || a.stream.localeCompare(b.stream));
    scored.set(e.name, list);
  }
  // Each entity takes its best stream; a stream taken by several entities keeps the others only
  // when their own name or a role filter says so, or they fit nearly as well.
  const best = new Map<string, number>();
  for (const list of scored.values()) for (const c of list) best.set(c.stream, Math.max(best.get(c.stream) ?? 0, c.confidence));
  const choices: EntityChoice[] = [];
  for (const e of entities) {
    const list = scored.get(e.name)!;
    const pick = list.find((c) => c.confidence >= MIN_SCORE && (c.filter || c.named || c.confidence >= 0.9 * (best.get(c.stream) ?? 0)));
    if (!pick) continue;
    const choice: EntityChoice = { entity: e.name, stream: pick.stream, confidence: pick.confidence, reasons: pick.reasons, ranked: list.slice(0, 3).map(({ stream, confidence, reasons }) => ({ stream, confidence, reasons })) };
    if (pick.filter) choice.filter = pick.filter;
    choices.push(choice);
  }
  return choices;
}

function scoreStream(e: TargetModelEntity, f: StreamFacts, fields: Map<string, ColumnCandidate[]>): { score: number; reasons: string[]; filter?: RowFilterSuggestion; named: boolean } {
  const reasons: string[] = [];
  const name = nameScore(f, e);
  if (name.reason) reasons.push(name.reason);
  // Required fields weigh most, references among them double; optional fields count when found.
  let reqWeight = 0;
  let reqSum = 0;
  let optHits = 0;
  let optCount = 0;
  const found: string[] = [];
  for (const field of e.fields) {
    if (field.readOnly || field.name === 'externalId') continue;
    const top = fields.get(field.name)?.[0]?.confidence ?? 0;
    if (field.required) {
      const w = field.references ? 2 : 1;
      reqWeight += w;
      reqSum += w * top;
    } else {
      optCount++;
      if (top >= 0.5) optHits++;
    }
    if (top >= 0.6) found.push(field.name);
  }
  const req = reqWeight ? reqSum / reqWeight : 0.5;
  const opt = optCount ? optHits / optCount : 0;
  const fit = 0.75 * req + 0.25 * opt;
  if (found.length) reasons.push(`columns for ${found.slice(0, 6).join(', ')}${found.length > 6 ? ', …' : ''}`);
  let score = 0.4 * name.score + 0.6 * fit;

  const refs = e.fields.filter((x) => x.references && !x.readOnly).length;
  if (f.link && refs < 2) {
    score *= 0.3;
    reasons.push('a link table (two references and little else), not a record of its own');
  } else if (f.link) reasons.push('a link table');
  if (f.backupOf) {
    score *= 0.3;
    reasons.push(`a copy of ${f.backupOf}`);
  } else if (f.backupWords) score *= 0.7;
  if (f.stream.rowEstimate === 0) score *= 0.9;

  let filter: RowFilterSuggestion | undefined;
  if (!f.roleColumn && f.members.size >= 2 && PERSON_ENTITIES.includes(e.name) && f.stream.primaryKey.length === 1) {
    const m = f.members.get(e.name);
    if (m) {
      filter = { column: f.stream.primaryKey[0], inStream: m.inStream, inColumn: m.inColumn, reason: `${e.name} are the rows ${m.inStream}.${m.inColumn} points at` };
      score = Math.max(score, 0.5 + 0.45 * fit);
      reasons.push(filter.reason);
    } else score *= 0.5;
  } else if (f.roles && f.roleColumn) {
    if (PERSON_ENTITIES.includes(e.name)) {
      const values = f.roles.get(e.name);
      if (values) {
        filter = { column: f.roleColumn, values, reason: `${f.roleColumn} tells the roles apart` };
        score = Math.max(score, 0.5 + 0.45 * fit);
        reasons.push(`${e.name} are the rows whose ${f.roleColumn} is ${values.join(' or ')}`);
      } else score *= 0.3;
    } else {
      // A link entity whose person is told apart by role (enrolments of students, of teachers).
      const personRefs = e.fields.filter((x) => x.references && PERSON_ENTITIES.includes(x.references));
      const values = personRefs.length === 1 ? f.roles.get(personRefs[0].references!) : undefined;
      if (values) filter = { column: f.roleColumn, values, reason: `${f.roleColumn} says whose rows these are` };
    }
  }
  return { score: Math.min(1, score), reasons, filter, named: name.score >= 0.5 };
}

/** How well a stream's name (or its key's name) names the entity. */
function nameScore(f: StreamFacts, e: TargetModelEntity): { score: number; reason: string | null } {
  let best = { score: 0, reason: null as string | null };
  const words = f.words;
  for (const phrase of [e.name.replace(/-/g, ' '), ...(ENTITY_SYNONYMS[e.name] ?? [])]) {
    const p = readName(phrase);
    let s = 0;
    if (f.key === p.key) s = 1;
    else if (endsWithRun(words, p.words)) s = 0.8;
    else if (indexOfRun(words, p.words) === 0) s = p.words.length > 1 ? 0.6 : 0.5;
    else if (indexOfRun(words, p.words) > 0) s = 0.5;
    if (s > best.score) best = { score: s, reason: s === 1 ? `the table is named "${phrase}"` : `the table's name holds "${phrase}"` };
  }
  const refEntities = [...new Set(e.fields.filter((x) => x.references).map((x) => x.references!))];
  if (refEntities.length >= 2 && best.score < 0.8) {
    // STUDENTS_JOIN_PEOPLE, PUPIL_CONTACT_LINK: a table named after both ends of a link entity.
    const named = refEntities.filter((r) => [r.replace(/-/g, ' '), ...(ENTITY_SYNONYMS[r] ?? [])].some((p) => indexOfRun(words, readName(p).words) >= 0));
    if (named.length >= 2) best = { score: 0.8, reason: `the table's name joins ${named.join(' and ')}` };
  }
  if (best.score > 0 && best.score < 1 && words.length > 1) {
    // STAFF_EMERGENCY_CONTACT names a contact, but one of staff: a table that starts with
    // another entity's word belongs to that entity.
    const owner = Object.entries(ENTITY_SYNONYMS).find(([other, phrases]) => other !== e.name && PERSON_ENTITIES.includes(other) && phrases.some((p) => readName(p).words.length === 1 && readName(p).words[0] === words[0]));
    if (owner && !(ENTITY_SYNONYMS[e.name] ?? []).some((p) => readName(p).words[0] === words[0])) best = { score: best.score * 0.75, reason: `${best.reason} (of ${owner[0]})` };
  }
  if (f.stream.primaryKey.length === 1) {
    const k = readName(f.stream.primaryKey[0]).words.filter((w) => !KEY_WORDS.has(w));
    if (k.length) {
      for (const phrase of ENTITY_SYNONYMS[e.name] ?? []) {
        const p = readName(phrase);
        if (p.key === k.join('') && 0.8 > best.score) best = { score: 0.8, reason: `its key is called ${f.stream.primaryKey[0]}` };
      }
    }
  }
  return best;
}

function streamFacts(s: StreamInfo, all: readonly StreamInfo[], profiles: Map<string, ColumnProfile>): StreamFacts {
  const read = readName(s.name, { table: true });
  const words = read.words;
  const backupWords = read.raw.some((w) => BACKUP_WORDS.has(w)) || /(?:19|20)\d\d$/.test(read.raw.join('')) || read.raw.some((w) => /^(?:19|20)\d\d(?:\d{4})?$/.test(w));
  let backupOf: string | null = null;
  if (backupWords) {
    const core = read.raw.filter((w) => !BACKUP_WORDS.has(w) && !/^\d+$/.test(w)).map(singular).join('');
    const original = all.find((o) => o !== s && readName(o.name, { table: true }).raw.map(singular).join('') === core);
    if (original) backupOf = original.name;
  }
  // Link: two or more key columns naming other records, and at most one other column.
  const keyish = s.columns.filter((c) => {
    if (s.foreignKeys.some((fk) => fk.columns.includes(c.name))) return true;
    const w = readName(c.name).words;
    return w.length >= 2 && KEY_WORDS.has(w[w.length - 1]) && !(s.primaryKey.length === 1 && s.primaryKey[0] === c.name);
  });
  const others = s.columns.filter((c) => !keyish.includes(c) && !isAuditColumn(c.name) && !(s.primaryKey.length === 1 && s.primaryKey[0] === c.name));
  const link = keyish.length >= 2 && others.length <= 1;
  const role = roleColumn(s, profiles);
  const members = new Map<string, { inStream: string; inColumn: string }>();
  for (const other of all) {
    if (other === s) continue;
    for (const k of other.foreignKeys) {
      if (k.refStream !== s.name || k.columns.length !== 1) continue;
      const w = readName(k.columns[0]).words;
      for (const person of PERSON_ENTITIES) {
        if (!members.has(person) && (ENTITY_KEY_SYNONYMS[person] ?? []).some((p) => w.includes(p))) members.set(person, { inStream: other.name, inColumn: k.columns[0] });
      }
    }
  }
  return { stream: s, words, key: read.key, link, backupOf, backupWords, roles: role?.roles ?? null, roleColumn: role?.column ?? null, members };
}

/** A column whose values name the people's roles (student, teacher, parent…), two roles at least. */
function roleColumn(s: StreamInfo, profiles: Map<string, ColumnProfile>): { column: string; roles: Map<string, string[]> } | null {
  let best: { column: string; roles: Map<string, string[]>; share: number } | null = null;
  for (const c of s.columns) {
    const p = profiles.get(`${s.name}\u0000${c.name}`);
    if (!p || !p.topValues.length || p.distinct > 30) continue;
    const named = readName(c.name).words.some((w) => ROLE_COLUMN_WORDS.has(w));
    const roles = new Map<string, string[]>();
    let total = 0;
    let hit = 0;
    for (const { value, count } of p.topValues) {
      const v = singular(String(value).trim().toLowerCase());
      if (!v) continue;
      total += count;
      const entity = Object.keys(ROLE_VALUES).find((e) => ROLE_VALUES[e].includes(v));
      if (!entity) continue;
      hit += count;
      roles.set(entity, [...(roles.get(entity) ?? []), String(value)]);
    }
    const share = total ? hit / total : 0;
    if (roles.size >= 2 && share >= (named ? 0.5 : 0.8) && (!best || share > best.share)) best = { column: c.name, roles, share };
  }
  return best ? { column: best.column, roles: best.roles } : null;
}

/**
 * A person table chosen for two roles with nothing in its rows to tell them apart: the role is
 * membership, e.g. students are the people an enrolment table points at, staff the ones a
 * class-teacher table points at.
 */
function addMembershipFilters(choices: EntityChoice[], facts: Map<string, StreamFacts>, fieldsOf: (e: TargetModelEntity, s: StreamInfo) => Map<string, ColumnCandidate[]>, entities: TargetModelEntity[]): void {
  const people = choices.filter((c) => PERSON_ENTITIES.includes(c.entity) && !c.filter);
  for (const c of people) {
    if (!people.some((o) => o !== c && o.stream === c.stream)) continue;
    const stream = facts.get(c.stream)!.stream;
    if (stream.primaryKey.length !== 1) continue;
    for (const other of choices) {
      if (other.stream === c.stream) continue;
      const e = entities.find((x) => x.name === other.entity)!;
      const ref = e.fields.find((f) => f.references === c.entity);
      if (!ref) continue;
      const top = fieldsOf(e, facts.get(other.stream)!.stream).get(ref.name)?.[0];
      if (top && top.confidence >= 0.8) {
        c.filter = { column: stream.primaryKey[0], inStream: other.stream, inColumn: top.column, reason: `${c.entity} are the rows ${other.stream}.${top.column} points at` };
        c.reasons = [...c.reasons, c.filter.reason];
        break;
      }
    }
  }
}

function endsWithRun(words: string[], run: string[]): boolean {
  return run.length > 0 && words.length >= run.length && run.every((w, i) => words[words.length - run.length + i] === w);
}

function indexOfRun(words: string[], run: string[]): number {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}
