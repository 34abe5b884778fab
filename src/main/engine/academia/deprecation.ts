import { deprecationNotice } from '../../../shared/model/deprecation';
import type { TargetDeprecation } from '../../../shared/model/target';

/** What an answer said about its API version being deprecated (Deprecation / Sunset / Link headers). */
export type DeprecationNotice = TargetDeprecation;

/**
 * Reads the deprecation headers of an answer: `Deprecation` as RFC 9745 writes it (`@<unix
 * seconds>`), or as earlier drafts did (`true`, or an HTTP-date); `Sunset` as an HTTP-date (RFC
 * 8594); `Link` relations successor-version and deprecation. Null when the answer carries no
 * Deprecation header.
 */
export function readDeprecation(headers: Headers, apiVersion: string): DeprecationNotice | null {
  const deprecation = headers.get('deprecation');
  if (deprecation === null) return null;
  const value = deprecation.trim();
  let deprecatedAt: string | null = null;
  const epoch = /^@(-?\d+)$/.exec(value);
  if (epoch) deprecatedAt = new Date(Number(epoch[1]) * 1000).toISOString();
  else if (value.toLowerCase() !== 'true' && !Number.isNaN(Date.parse(value))) deprecatedAt = new Date(Date.parse(value)).toISOString();
  const sunsetText = headers.get('sunset');
  const sunsetAt = sunsetText && !Number.isNaN(Date.parse(sunsetText)) ? new Date(Date.parse(sunsetText)).toISOString() : null;
  const links = parseLinks(headers.get('link'));
  return deprecationNotice({ apiVersion, deprecatedAt, sunsetAt, successorUrl: links.get('successor-version') ?? null, docsUrl: links.get('deprecation') ?? null });
}

/** rel → URL of an RFC 8288 Link header (the first link of each relation). */
export function parseLinks(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2])?.[1];
    if (!rel) continue;
    for (const r of rel.trim().split(/\s+/)) if (!out.has(r.toLowerCase())) out.set(r.toLowerCase(), m[1]);
  }
  return out;
}
