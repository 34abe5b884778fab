/**
 * A run's display label, one people can tell apart in a list: "Run 3 · students, guardians ·
 * 7 Dec 14:02". Run ids (`run-2026…`) stay what scripts use (docs/conventions.md); the label is
 * for screens only and may change its wording. Shared so the engine (RunInfo.label) and any
 * screen that builds one for an older engine's run read the same.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** More entities than this are counted ("+2 more") rather than named. */
const NAMED_ENTITIES = 3;

export interface RunLabelInput {
  /** 1, 2, 3… in the order the project's runs started. */
  number: number;
  /** The run's entities, in plan order. */
  entities: readonly string[];
  /** ISO 8601. */
  startedAt: string;
}

/** `timeZone` is an IANA name; the machine's own when left out (the studio runs where its user is). */
export function runLabel(run: RunLabelInput, timeZone?: string): string {
  const parts = [`Run ${run.number}`];
  if (run.entities.length) {
    const named = run.entities.slice(0, NAMED_ENTITIES).join(', ');
    const more = run.entities.length - NAMED_ENTITIES;
    parts.push(more > 0 ? `${named} +${more} more` : named);
  }
  const when = shortTime(run.startedAt, timeZone);
  if (when) parts.push(when);
  return parts.join(' · ');
}

/** "7 Dec 14:02", or null for a time that does not parse. */
export function shortTime(iso: string, timeZone?: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const fields = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(fields.day)} ${MONTHS[Number(fields.month) - 1]} ${fields.hour}:${fields.minute}`;
}
