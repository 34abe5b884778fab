import { z } from 'zod';
import { COMPARE_OPS } from './mapping-rules';

/**
 * The shape of a mapping spec as requests and imported files carry it. Transforms are checked
 * only for naming their kind here: which kinds exist and what settings they take is the
 * transform library's business, and `mappings.validate` reports a bad one with its place.
 */
const name = z.string().min(1).max(300);
const transform = z.looseObject({ kind: z.string().min(1).max(100) });
const field = z.object({ field: name, column: z.string().min(1).max(300).nullable(), transforms: z.array(transform).max(100) }).strict();
const join = z
  .object({
    as: z.string().min(1).max(100).regex(/^[A-Za-z_][\w-]*$/, 'A join name is letters, digits, _ or - (it prefixes the joined columns).'),
    connectionId: z.string().min(1).max(200).optional(),
    stream: name,
    on: z.array(z.object({ column: name, joinColumn: name }).strict()).min(1).max(10),
    kind: z.enum(['left', 'inner']).optional(),
    match: z.enum(['one', 'many']).optional(),
  })
  .strict();
const filter = z
  .object({
    column: name,
    op: z.enum(['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty']),
    values: z.array(z.string().max(1000)).max(1000).optional(),
    label: z.string().min(1).max(200).optional(),
  })
  .strict();
const fanOut = z
  .object({
    branches: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100),
            columns: z.record(z.string().min(1).max(300), z.string().min(1).max(300)),
            constants: z.record(z.string().min(1).max(300), z.string().max(1000)).optional(),
            requireColumn: name.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();

const ruleBase = { name: z.string().min(1).max(200), severity: z.enum(['error', 'warning']).optional(), message: z.string().min(1).max(1000).optional() };
const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('compare'), field: name, op: z.enum(COMPARE_OPS), other: name, ...ruleBase }).strict(),
  z.object({ kind: z.literal('unique'), fields: z.array(name).min(1).max(10), ...ruleBase }).strict(),
  z.object({ kind: z.literal('exists'), field: name, inField: name.optional(), ...ruleBase }).strict(),
  z.object({ kind: z.literal('expression'), expression: z.string().min(1).max(4000), ...ruleBase }).strict(),
]);

export const entityMappingInputSchema = z
  .object({
    id: z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'A mapping id is letters, digits, _, ., : or -.').optional(),
    entity: z.string().min(1).max(100),
    connectionId: z.string().min(1).max(200),
    stream: name,
    keyColumns: z.array(name).max(10),
    fields: z.array(field).max(500),
    skipWhen: z.array(z.object({ column: name, values: z.array(z.string().max(1000)).max(1000) }).strict()).max(50).optional(),
    adoptedFixes: z.array(z.object({ code: z.string().max(100), table: z.string().max(300), column: z.string().max(300).nullable(), at: z.string().max(40) }).strict()).max(1000).optional(),
    specVersion: z.union([z.literal(1), z.literal(2)]).optional(),
    joins: z.array(join).max(10).optional(),
    filters: z.array(filter).max(50).optional(),
    fanOut: fanOut.optional(),
    rules: z.array(rule).max(100).optional(),
  })
  .strict();

/** A stored or exported mapping: an input with its id and time. */
export const entityMappingSchema = entityMappingInputSchema.extend({ id: z.string().min(1).max(200), updatedAt: z.string().min(1).max(40) });
