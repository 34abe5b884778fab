import { z } from 'zod';
import { CROSSWALK_NAME_MAX, type Crosswalk } from '../../model/crosswalk';
import type { EntityMapping } from '../../model/mapping';
import type { EntityMappingInput, MappingHistory, MappingOutputDescription, MappingPreview, MappingSignOffInfo, MappingValidation } from '../../model/mapping-api';
import { entityMappingInputSchema } from '../../model/mapping-schema';
import type { AcceptSuggestionsResult, SuggestionResult } from '../../model/suggestion';
import type { ByExampleResult } from '../../model/by-example';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id } from './common';

/** What adopting a finding's fix did to the mapping. */
export interface AdoptFixResult {
  mapping: EntityMapping;
  /** One sentence: what changed ("Added trim, titleCase to students.firstName"). */
  change: string;
  /** False when the mapping already had the fix. */
  changed: boolean;
}

const crosswalkName = z.string().trim().min(1).max(CROSSWALK_NAME_MAX);
/**
 * A mapping spec in a request. Its inferred type is looser than EntityMappingInput about
 * transforms (any `kind`: the transform library judges them, and `validate` reports a bad one
 * with its place), so the declared type is the model's: what a caller writes and a service reads.
 */
const mappingInput = entityMappingInputSchema as unknown as z.ZodType<EntityMappingInput>;
const idOrMapping = z.union([z.object({ id }).strict(), z.object({ mapping: mappingInput }).strict()]);
const limit = z.number().int().min(1).max(1000).optional();

/** Mappings from source streams onto Academia Pro entities. */
export const mappingsContract = defineService({
  list: method(noParams).returns<EntityMapping[]>(),
  get: method(z.object({ id }).strict()).returns<EntityMapping>(),
  /**
   * Adopt an assessment finding's suggested fix into the mapping that reads its table: a
   * transform or crosswalk is appended to the field fed by the finding's column, an exclusion
   * becomes a skip rule. Adopting the same fix twice changes nothing.
   */
  adoptFix: method(z.object({ assessmentId: id, code: z.string().min(1).max(100), table: z.string().min(1).max(300), column: z.string().min(1).max(300).nullable() }).strict()).returns<AdoptFixResult>(),
  /** The project's named crosswalks (code tables a `crosswalk` transform names), by name. */
  crosswalks: method(noParams).returns<Crosswalk[]>(),
  crosswalk: method(z.object({ name: crosswalkName }).strict()).returns<Crosswalk>(),
  /** Create or replace a named crosswalk; every mapping that names it uses the new table from the next run on. */
  putCrosswalk: method(
    z
      .object({
        name: crosswalkName,
        table: z.record(z.string().max(1000), z.string().max(1000)).refine((t) => Object.keys(t).length <= 100_000, 'A crosswalk holds at most 100,000 codes.'),
        description: z.string().max(1000).optional(),
      })
      .strict(),
  ).returns<Crosswalk>(),
  /** Save a new mapping (its id is made from the entity and stream unless given; an id in use is refused). Audited, version 1. */
  create: method(z.object({ mapping: mappingInput }).strict()).returns<EntityMapping>(),
  /** Replace a mapping's spec; a new version, which voids any sign-off. Audited. */
  update: method(z.object({ id, mapping: mappingInput }).strict()).returns<EntityMapping>(),
  /** Remove a mapping; its history stays. Audited. */
  delete: method(z.object({ id }).strict()).returns<void>(),
  /** Every version (who changed what, when) and the latest sign-off, valid or voided. */
  history: method(z.object({ id }).strict()).returns<MappingHistory>(),
  /** Sign the current version off: the OS account, the display name from Settings, the time and the version's hash. Audited. */
  signOff: method(z.object({ id }).strict()).returns<MappingSignOffInfo>(),
  /** The plan's checks, each remark with its place, against the saved catalogs and the target's contract. Reads no data. */
  validate: method(idOrMapping).returns<MappingValidation>(),
  /** Each target field's type and whether it is fed, without reading data. */
  describeOutput: method(idOrMapping).returns<MappingOutputDescription>(),
  /** The first rows (default 20) through the real stages, each with its fields and outcome; writes nothing. Cancellable. */
  preview: method(z.union([z.object({ id, limit }).strict(), z.object({ mapping: mappingInput, limit }).strict()])).returns<MappingPreview>(),
  /**
   * Save exported mappings (`mapping export`): a new id is created, a known one updated (a new
   * version, recorded as an import). All or nothing: one refused mapping saves none. `connectionId`
   * points every imported mapping (and its joins on the exporting project's connection) at a
   * connection of this project.
   */
  import: method(
    z
      .object({
        mappings: z
          .array(entityMappingInputSchema.extend({ updatedAt: z.string().max(40).optional() }) as unknown as z.ZodType<EntityMappingInput>)
          .min(1)
          .max(1000),
        connectionId: id.optional(),
      })
      .strict(),
  ).returns<{ imported: { id: string; entity: string; status: 'created' | 'updated' | 'unchanged' }[] }>(),
  /**
   * Suggestions for one of the project's connections, against the API version of the project's
   * target: for each entity the likely stream(s), for each field ranked columns with a
   * confidence (0–1) and reasons. Reads a sample of each stream; saves nothing.
   */
  suggest: method(z.object({ connectionId: id }).strict()).returns<SuggestionResult>(),
  /**
   * Save the suggestions for one connection as mappings (`mapping <project> suggest --accept`):
   * each entity no mapping feeds yet, whose required fields all have a column at or above
   * `minConfidence` (default 0.5), with the transforms its target types need; the rest are listed
   * with the reason. Existing mappings are kept. A schools mapping accepted on the embedded
   * sandbox makes that school the target's school. Audited.
   */
  acceptSuggestions: method(z.object({ connectionId: id, minConfidence: z.number().min(0).max(1).optional() }).strict()).returns<AcceptSuggestionsResult>(),
  /**
   * Transform by example: the transform that turns each example's input into its output (at most
   * three examples), shown as steps and previewed on the other rows, each marked unsure where
   * another fitting transform would answer differently; "not sure" when none fits. Reads no data.
   */
  byExample: method(
    z
      .object({
        examples: z.array(z.object({ input: z.string().max(1000), output: z.string().max(1000) }).strict()).min(1).max(3),
        rows: z.array(z.string().max(1000)).max(500),
      })
      .strict(),
  ).returns<ByExampleResult>(),
});

export type MappingsService = ServiceOf<typeof mappingsContract>;
