/**
 * The target of the `rel` asked for in an RFC 8288 `Link` header
 * (`<https://…?offset=100>; rel="next", <…>; rel="last"`), resolved against the answer's own
 * address; null when there is none. A `rel` may list several relations (`rel="next last"`), and a
 * target may hold commas, so the header is read link by link rather than split on commas.
 */
export function linkTarget(header: string | null, rel: string, base: URL): URL | null {
  if (!header) return null;
  const link = /<([^>]*)>((?:\s*;\s*[^;,<]+(?:="[^"]*"|=[^;,<]*)?)*)/g;
  for (let m = link.exec(header); m; m = link.exec(header)) {
    const params = m[2];
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const names = (rels?.[1] ?? rels?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!names.includes(rel)) continue;
    try {
      return new URL(m[1].trim(), base);
    } catch {
      return null;
    }
  }
  return null;
}
