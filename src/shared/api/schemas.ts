import { z } from 'zod';
import type { EntityMapping } from '../model/mapping';
import { entityMappingInputSchema } from '../model/mapping-schema';
import { fieldTransformSchema } from '../transforms/registry';
import type { MethodContract } from './contract';
import { studioContract, type StudioContract } from './contracts/index';

/**
 * Request schemas, one per method, as a table by service and method. They live with each
 * service's contract (./contracts/); this is the same table seen from the schemas' side. The
 * engine validates every request against these at its edge, so a malformed request gets a typed
 * BAD_REQUEST instead of reaching the services. Methods without parameters take no argument.
 */
export const requestSchemas = Object.fromEntries(
  Object.entries(studioContract).map(([service, methods]) => [service, Object.fromEntries(Object.entries(methods as Record<string, MethodContract>).map(([name, m]) => [name, m.params]))]),
) as { [S in keyof StudioContract]: { [M in keyof StudioContract[S]]: StudioContract[S][M] extends MethodContract<infer P> ? P : never } };

const id = z.string().min(1).max(200);

/**
 * A saved entity mapping (src/shared/model/mapping.ts). Its transforms are the discriminated union
 * derived from the registered transforms (src/shared/transforms/registry.ts), so a new transform
 * is accepted here without touching this file, and an unknown kind is refused by name.
 */
export const entityMappingSchema: z.ZodType<EntityMapping> = z.object({
  id,
  entity: z.string().min(1).max(200),
  connectionId: id,
  stream: z.string().min(1).max(1000),
  keyColumns: z.array(z.string().min(1).max(300)),
  fields: z.array(z.object({ field: z.string().min(1).max(300), column: z.string().min(1).max(300).nullable(), transforms: z.array(fieldTransformSchema) })),
  skipWhen: z.array(z.object({ column: z.string().min(1).max(300), values: z.array(z.string()) })).optional(),
  adoptedFixes: z.array(z.object({ code: z.string(), table: z.string(), column: z.string().nullable(), at: z.string() })).optional(),
  updatedAt: z.string(),
  // The plan's members (spec version 2), shaped as an edit carries them.
  specVersion: entityMappingInputSchema.shape.specVersion,
  joins: entityMappingInputSchema.shape.joins,
  filters: entityMappingInputSchema.shape.filters,
  fanOut: entityMappingInputSchema.shape.fanOut,
  rules: entityMappingInputSchema.shape.rules,
});
