/**
 * Follows a record path (`$.data.items`, `data.items`, `$`, `users`) into a JSON answer. Returns
 * `undefined` when a step is missing. Only plain member names: a REST page keeps its records in
 * one list, and anything cleverer would hide a wrong setting.
 */
export function atPath(body: unknown, path: string | null): unknown {
  if (path === null) return body;
  const steps = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  let at: unknown = body;
  for (const step of steps) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}
