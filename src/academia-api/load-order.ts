import { StudioError } from '../shared/errors';

/** What an entity must wait for: the entities its records point at. */
export interface DependencyNode {
  name: string;
  dependsOn: string[];
}

/**
 * Orders entities so each comes after everything it references (Kahn's algorithm). Ties keep
 * the order the nodes were given in (the document's order), so the result is stable from run
 * to run. Self-references do not constrain the order (such records load in one entity step).
 */
export function topologicalOrder(nodes: DependencyNode[]): string[] {
  const position = new Map(nodes.map((n, i) => [n.name, i]));
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = new Set(n.dependsOn.filter((d) => d !== n.name && position.has(d)));
    waitingOn.set(n.name, deps);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), n.name]);
  }
  const ready = nodes.filter((n) => waitingOn.get(n.name)?.size === 0).map((n) => n.name);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const next = ready.shift() as string;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const deps = waitingOn.get(dependent) as Set<string>;
      deps.delete(next);
      if (deps.size === 0) ready.push(dependent);
    }
  }
  if (order.length < nodes.length) {
    const stuck = nodes.map((n) => n.name).filter((n) => !order.includes(n));
    throw new StudioError('INTERNAL', `The Academia Pro API document has entities that reference each other in a circle: ${stuck.join(', ')}.`, 'Report this to the studio maintainers; the API document needs fixing.');
  }
  return order;
}
