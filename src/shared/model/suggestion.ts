import type { MappingJoin } from './mapping';
/**
 * Mapping suggestions: for each Academia Pro entity the source stream(s) it probably comes from,
 * and for each target field the columns that probably feed it, ranked, each with a confidence
 * (0–1) and the reasons. A suggestion is only ever offered: nothing is applied without a person
 * (or `--accept`) saying so. Shape of `suggest --json` (docs/conventions.md).
 */

/** One candidate column for a target field. */
export interface ColumnCandidate {
  column: string;
  confidence: number;
  reasons: string[];
}

export interface FieldSuggestion {
  field: string;
  /** The best column, or null when none is likely enough. */
  column: string | null;
  confidence: number;
  reasons: string[];
  required: boolean;
  /** Ranked alternatives, best first (the chosen column included), at most five. */
  candidates: ColumnCandidate[];
}

/** A stream that could feed an entity, with how sure and why. */
export interface StreamCandidate {
  stream: string;
  confidence: number;
  reasons: string[];
}

/**
 * Which rows of a shared table belong to the entity: rows whose `column` holds one of `values`
 * (a role column), or rows whose `column` appears in `inStream.inColumn` (membership in an
 * enrolment or staff table).
 */
export interface RowFilterSuggestion {
  column: string;
  values?: string[];
  inStream?: string;
  inColumn?: string;
  reason: string;
}

export interface EntitySuggestion {
  entity: string;
  /** The primary stream. */
  table: string;
  confidence: number;
  reasons: string[];
  /** Ranked candidate streams, best first (the chosen one included), at most three. */
  streams: StreamCandidate[];
  /** Source columns that identify a row (become externalId). */
  keyColumns: string[];
  filter?: RowFilterSuggestion;
  fields: FieldSuggestion[];
  /**
   * Streams joined onto `table` for fields it has no column for (OneRoster's demographics, one
   * row per user): a field read through one names its column `<as>.<column>`.
   */
  joins?: MappingJoin[];
}

/** How the recogniser sees one stream. */
export interface StreamRecognition {
  stream: string;
  /** The entity it most probably is, or null. */
  entity: string | null;
  confidence: number;
  /** `link`: two references and little else; `backup`: a copy of another stream; `person`: a table of people. */
  kind: 'entity' | 'link' | 'backup' | 'person' | 'other';
  /** For a person table holding several roles: each role's entity and its row filter. */
  roles?: { entity: string; filter: RowFilterSuggestion }[];
  reasons: string[];
}

export interface SuggestionResult {
  entities: EntitySuggestion[];
  /** Every stream as the recogniser saw it. */
  recognition: StreamRecognition[];
}

/** An entity `--accept` did not turn into a mapping, and why (a person maps it instead). */
export interface SuggestionLeftOut {
  entity: string;
  table: string;
  reason: string;
}

/**
 * What `mappings.acceptSuggestions` did (`mapping <project> suggest --accept`): the suggestions it
 * judged, the mappings it saved, the entities it left for a person, and the target school it
 * set when the source's school table decided it.
 */
export interface AcceptSuggestionsResult {
  suggestions: SuggestionResult;
  accepted: { id: string; entity: string; stream: string }[];
  /** Entities that already had a mapping: kept as they are, never replaced by a suggestion. */
  kept: { id: string; entity: string }[];
  leftOut: SuggestionLeftOut[];
  /** The embedded sandbox's school, when accepting a schools mapping set it; otherwise null. */
  schoolId: string | null;
}
