import type { TargetCheck, TargetDeprecation } from '../../../../shared/model/target';

/** A sunset this close (or past) makes the notice urgent. */
export const URGENT_SUNSET_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deprecation a check announces: the one the answers' headers carried, or, when only the
 * API's own info says the version is deprecated, one built from that.
 */
export function deprecationOf(check: TargetCheck | null): TargetDeprecation | null {
  if (!check) return null;
  if (check.deprecation) return check.deprecation;
  const info = check.info;
  if (!info || info.status !== 'Deprecated') return null;
  return {
    apiVersion: info.apiVersion,
    deprecatedAt: info.deprecatedAt,
    sunsetAt: info.sunsetAt,
    successorUrl: null,
    docsUrl: info.docsUrl || null,
    message: `Academia Pro has deprecated API version ${info.apiVersion}${info.successorVersion ? ` in favour of ${info.successorVersion}` : ''}.`,
  };
}

/** The successor version's name (`v2`) from a successor link such as `https://host/api/v2`. */
export function successorName(deprecation: TargetDeprecation, fallback: string | null): string | null {
  const match = deprecation.successorUrl?.match(/\/api\/(v\d+)\b/);
  return match ? match[1] : fallback;
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
