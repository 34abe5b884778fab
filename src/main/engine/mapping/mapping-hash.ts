import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';
import type { EntityMapping } from '../../../shared/model/mapping';

/**
 * The hash a mapping version is known by (and signed off with): SHA-256 over the spec's canonical
 * JSON without `updatedAt`, so saving the same spec again gives the same hash, and any change to
 * what the mapping does gives another.
 */
export function mappingHash(mapping: EntityMapping): string {
  const { updatedAt: _updatedAt, ...spec } = mapping;
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
