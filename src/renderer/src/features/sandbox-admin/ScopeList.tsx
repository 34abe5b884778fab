/** Scopes shown at most this many at a time; the rest are counted (all of them are in the tooltip). */
const SHOWN = 4;

/** A list of OAuth scopes as small tags. */
export function ScopeList({ scopes }: { scopes: string[] }) {
  const rest = scopes.length - SHOWN;
  return (
    <span className="scope-list" title={scopes.join(' ')}>
      {scopes.slice(0, SHOWN).map((s) => (
        <code key={s} className="scope-tag">
          {s}
        </code>
      ))}
      {rest > 0 && <span className="muted"> +{rest} more</span>}
    </span>
  );
}
