import type { TargetCheck, TargetDeprecation } from './target';

/**
 * The deprecation notice of an Academia Pro API version, one copy for the engine (built from an
 * answer's Deprecation / Sunset / Link headers, or from the API's own info, in
 * src/main/engine/academia/) and the renderer (the target screen's banner, for a check whose info
 * alone says the version is deprecated), so both say the same thing in the same words.
 */

/** A sunset this close (or past) makes the notice urgent. */
export const URGENT_SUNSET_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeprecationFacts {
  apiVersion: string;
  deprecatedAt: string | null;
  sunsetAt: string | null;
  successorUrl: string | null;
  docsUrl: string | null;
  /** The successor's name (`v2`) when known without a URL (the API's info says it). */
  successorVersion?: string | null;
}

/** The notice with its one sentence: since when, until when, and where to move. */
export function deprecationNotice(facts: DeprecationFacts): TargetDeprecation {
  const { apiVersion, deprecatedAt, sunsetAt, successorUrl, docsUrl } = facts;
  const successor = facts.successorVersion ?? (successorUrl ? versionOfUrl(successorUrl) : null);
  const since = deprecatedAt ? ` since ${deprecatedAt.slice(0, 10)}` : '';
  const when = sunsetAt ? ` It may stop answering after ${sunsetAt.slice(0, 10)}.` : '';
  const move = successor ? ` Move the target to API ${successor}.` : successorUrl ? ` Its successor is at ${successorUrl}.` : '';
  return { apiVersion, deprecatedAt, sunsetAt, successorUrl, docsUrl, message: `Academia Pro API ${apiVersion} is deprecated${since}.${when}${move}` };
}

/**
 * The deprecation a check announces: the one the answers' headers carried, or, when only the
 * API's own info says the version is deprecated, one built from that.
 */
export function deprecationOf(check: TargetCheck | null): TargetDeprecation | null {
  if (!check) return null;
  if (check.deprecation) return check.deprecation;
  const info = check.info;
  if (!info || info.status !== 'Deprecated') return null;
  return deprecationNotice({ apiVersion: info.apiVersion, deprecatedAt: info.deprecatedAt, sunsetAt: info.sunsetAt, successorUrl: null, successorVersion: info.successorVersion, docsUrl: info.docsUrl || null });
}

/** The successor version's name (`v2`) from a successor link such as `https://host/api/v2`. */
export function successorName(deprecation: TargetDeprecation, fallback: string | null): string | null {
  return (deprecation.successorUrl ? versionOfUrl(deprecation.successorUrl) : null) ?? fallback;
}

/** Days until the sunset, to the nearest whole day (negative once past); null without a sunset date. */
export function daysUntilSunset(deprecation: TargetDeprecation, now: number): number | null {
  if (!deprecation.sunsetAt) return null;
  const at = Date.parse(deprecation.sunsetAt);
  if (Number.isNaN(at)) return null;
  const diff = at - now;
  // Past by any amount counts as past (negative); ahead, the nearest whole day (0 = within half a day).
  return diff <= 0 ? Math.min(-1, Math.floor(diff / DAY_MS)) : Math.round(diff / DAY_MS);
}

/** `v2` from `https://host/api/v2` (or `…/api/v2/…`), else null. */
function versionOfUrl(url: string): string | null {
  return /\/api\/(v\d+)\b/.exec(url)?.[1] ?? null;
}
