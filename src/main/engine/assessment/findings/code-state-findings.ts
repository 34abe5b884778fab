import type { Finding } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import { nameWords } from '../../values/column-hints';

/** What an attendance code's title says, as an Academia Pro attendance status. */
const TITLE_STATUS: Record<string, string> = { present: 'present', absent: 'absent', late: 'late', tardy: 'late', excused: 'excused', authorised: 'excused', authorized: 'excused' };
/** What a state code says, as the same status (P, A, L/T, E and the words themselves). */
const STATE_STATUS: Record<string, string> = { p: 'present', present: 'present', a: 'absent', absent: 'absent', l: 'late', t: 'late', late: 'late', tardy: 'late', e: 'excused', excused: 'excused' };
/** Code tables are small; a bigger table is records, not codes. */
const MAX_CODE_ROWS = 500;

/**
 * CODE_STATE_MISMATCH (warning): in an attendance code table (a title column and a state or
 * category column), a code whose title is itself an attendance status but whose state code says
 * another one — openSIS's "Late" with the state code of Present. Mapped by its state, every late
 * mark arrives as present; by its title, as late: the school has to say which it meant. Count:
 * those codes (rows of the code table).
 */
export async function codeStateFindings(connector: SourceConnector, streams: readonly StreamInfo[], signal?: AbortSignal): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const s of streams) {
    const words = nameWords(s.name);
    if (!words.some((w) => /^(?:attendance|absence|absences|register|registers)$/.test(w)) || (s.rowEstimate ?? 0) > MAX_CODE_ROWS) continue;
    const title = s.columns.find((c) => /^(?:title|name|description|label)$/i.test(c.name));
    const state = s.columns.find((c) => c !== title && nameWords(c.name).some((w) => w === 'state' || w === 'category'));
    if (!title || !state) continue;
    const key = s.primaryKey.length === 1 ? s.primaryKey[0] : null;
    const bad: { row: unknown; name: unknown; code: unknown; byTitle: string; byState: string }[] = [];
    let rows = 0;
    for await (const batch of connector.read(s.name, { batchSize: MAX_CODE_ROWS, signal })) {
      for (const r of batch) {
        if (++rows > MAX_CODE_ROWS) break;
        const t = TITLE_STATUS[String(r[title.name] ?? '').trim().toLowerCase()];
        const st = STATE_STATUS[String(r[state.name] ?? '').trim().toLowerCase()];
        if (t && st && t !== st) bad.push({ row: key ? r[key] : rows, name: r[title.name], code: r[state.name], byTitle: t, byState: st });
      }
    }
    if (!bad.length) continue;
    out.push({
      code: 'CODE_STATE_MISMATCH',
      severity: 'warning',
      table: s.name,
      column: state.name,
      count: bad.length,
      message: `${bad.length === 1 ? '1 code' : `${bad.length} codes`} of ${s.name} carry a ${state.name} that contradicts their ${title.name} (${bad.map((b) => `"${String(b.name)}" is ${b.byTitle} by its name but ${b.byState} by its ${state.name}`).join('; ')}): mapped by the state, these marks arrive as the wrong status.`,
      examples: bad.slice(0, 5).map((b) => ({ row: b.row, [title.name]: b.name, [state.name]: b.code })),
      fix: { kind: 'review', description: `Ask the school what each code means, then map the attendance status with a crosswalk from the code (its ${title.name} says ${bad.map((b) => `${String(b.name)} → ${b.byTitle}`).join(', ')}).`, payload: { codes: bad.map((b) => ({ name: b.name, state: b.code, byTitle: b.byTitle, byState: b.byState })) } },
    });
  }
  return out;
}
