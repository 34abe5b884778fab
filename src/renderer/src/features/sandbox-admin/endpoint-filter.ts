import type { SandboxEndpoint } from '../../../../shared/model/target';

/** What the endpoint list is narrowed to; empty strings mean "any". */
export interface EndpointFilter {
  text: string;
  method: string;
  version: string;
}

/**
 * Endpoints matching every word of the text (in the path, operation id, summary, tags or
 * scopes, ignoring case) and the chosen method and version, in path order.
 */
export function filterEndpoints(endpoints: SandboxEndpoint[], filter: EndpointFilter): SandboxEndpoint[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return endpoints
    .filter((e) => (filter.method === '' || e.method.toUpperCase() === filter.method) && (filter.version === '' || e.apiVersion === filter.version))
    .filter((e) => {
      if (words.length === 0) return true;
      const haystack = [e.path, e.operationId, e.summary ?? '', ...e.tags, ...(e.scopes ?? [])].join(' ').toLowerCase();
      return words.every((w) => haystack.includes(w));
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
