/**
 * A crosswalk: a named table of legacy codes and what they become in Academia Pro ("M" → "male").
 * It is a project object of its own, so several mappings can share one table and a later screen
 * can edit, import and export it; a `crosswalk` transform names it (`{ kind: 'crosswalk',
 * crosswalk: 'students.gender' }`). Mappings saved before crosswalks had names carry the table
 * inline; project file migration 5 moved those into named crosswalks.
 */
export interface Crosswalk {
  /** Unique in the project; by default `<entity>.<field>` of the mapping it was made for. */
  name: string;
  /** Legacy code → Academia Pro value. The empty code says what a blank becomes. */
  table: Record<string, string>;
  /** Where it came from or what it is for, in words. */
  description: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** The longest crosswalk name the studio stores. */
export const CROSSWALK_NAME_MAX = 200;
