/**
 * Uptime from health checks, honest about gaps: a check vouches for the state it saw from its own
 * instant until the next check of the same integration or until CHECK_VALIDITY_MS have passed,
 * whichever comes first. Time no check vouches for is unknown — neither up nor down — so a
 * weekend with the studio closed does not count as a weekend of uptime.
 */
export const CHECK_VALIDITY_MS = 15 * 60_000;

export interface CheckPoint {
  at: number;
  ok: boolean;
}

export interface Coverage {
  from: number;
  to: number;
  up: boolean;
}

/**
 * The stretches `checks` (one integration's, ascending) vouch for, cut at `horizon` (now: the
 * future is not known). `next` is the first check after the list, if one is known.
 */
export function coverageOf(checks: CheckPoint[], horizon: number, next: number | null = null, validityMs = CHECK_VALIDITY_MS): Coverage[] {
  const out: Coverage[] = [];
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i];
    const following = i + 1 < checks.length ? checks[i + 1].at : next;
    let to = c.at + validityMs;
    if (following !== null && following < to) to = following;
    if (horizon < to) to = horizon;
    if (to > c.at) out.push({ from: c.at, to, up: c.ok });
  }
  return out;
}
