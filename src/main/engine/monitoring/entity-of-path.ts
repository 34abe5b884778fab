/**
 * The entity an API call was about, from its path, as the API names it: `/api/v1/schools/DEMO/students/bulk`
 * is `students`, `/api/v1/schools` is `schools`; `/health` and other paths outside a collection give ''.
 */
export function entityOfPath(path: string): string {
  const clean = path.split(/[?#]/, 1)[0];
  const m = /^\/api\/v\d+\/(.*)$/.exec(clean);
  if (!m) return '';
  const parts = m[1].split('/').filter(Boolean);
  if (parts.length === 0) return '';
  if (parts[0] === 'schools' && parts.length >= 3) return parts[2];
  return parts[0];
}
