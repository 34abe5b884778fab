import { z } from 'zod';

/**
 * What a transform *is*, apart from what it does to a value: its saved shape (a zod schema the
 * contract's transform type is derived from), the words the mapping screen shows, the source
 * columns it reads besides the field's own, and the facts the assessment and fix adoption reason
 * with (does it give a blank a value, where does it sit in a chain). It lives in `src/shared` so
 * the renderer can list transforms and draw their forms from the schema; what a transform does
 * to a value (`apply`) lives in the engine (src/main/engine/mapping/transforms/).
 */

/** How the mapping screen groups transforms. */
export type TransformCategory = 'clean-up' | 'text' | 'convert' | 'lookup' | 'value';

/**
 * What comes out, for a screen that shows a field's type along its chain: `same` keeps the input's
 * type, `text` a string (or a list of strings after `split`), `date` an ISO `YYYY-MM-DD` string,
 * `list` an array of strings, `number` a JSON number, `boolean` true or false, `any` whatever an
 * expression or a conditional gives.
 */
export type TransformOutput = 'same' | 'text' | 'date' | 'list' | 'number' | 'boolean' | 'any';

/** One problem with a transform's settings, at a place (`formats[1]`, `length`) in them. */
export interface TransformRemark {
  severity: 'error' | 'warning';
  /** The setting the remark is about, as a path into the saved transform ('' for the whole). */
  place: string;
  message: string;
  hint: string;
}

/** What a transform may look up outside its own settings: the project's named crosswalks. */
export interface TransformLookup {
  /** A named crosswalk's table, or null when the project has none of that name. */
  crosswalk?(name: string): Readonly<Record<string, string>> | null;
}

/** The saved object of a transform whose settings have the zod shape `Shape`. */
export type TransformParams<K extends string, Shape extends z.ZodRawShape> = z.infer<z.ZodObject<{ kind: z.ZodLiteral<K> } & Shape>>;

/** What a transform file declares (see `defineTransformMeta`). */
export interface TransformMetaSpec<K extends string, Shape extends z.ZodRawShape> {
  kind: K;
  /** Short name on the mapping screen. */
  label: string;
  /** One sentence: what it does, for the form's help text. */
  description: string;
  category: TransformCategory;
  /** The settings (everything but `kind`); `.describe()` on each gives the form's label. */
  params: Shape;
  outputType: TransformOutput;
  /** Source columns read from the row besides the field's own column (catalog drift watches them). Default: none. */
  reads?: (t: TransformParams<K, Shape>) => string[];
  /** True when the transform can give a missing or blank value a value, so a required field fed by it never goes out empty. Default: false. */
  suppliesBlank?: (t: TransformParams<K, Shape>, lookup: TransformLookup) => boolean;
  /**
   * A text clean-up's place in a chain (lower runs first), or null for a converter. Clean-ups must
   * see the raw text, so an adopted one goes before whatever converts the value. Default: null.
   */
  cleanupRank?: (t: TransformParams<K, Shape>) => number | null;
  /** How a suggested transform of this kind folds into one the chain already has. Default: the suggestion replaces it. */
  merge?: (current: TransformParams<K, Shape>, suggested: TransformParams<K, Shape>) => TransformParams<K, Shape>;
  /** Problems with settings that the schema accepts (a format without a year, an empty fill character). Default: none. */
  check?: (t: TransformParams<K, Shape>) => TransformRemark[];
  /** What makes two transforms of this kind the same one, for "already in the chain". Default: all their settings. */
  identity?: (t: TransformParams<K, Shape>) => unknown;
}

/** A registered transform's metadata: the spec with its defaults filled in, and its schema built. */
export interface TransformMeta<K extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> {
  kind: K;
  label: string;
  description: string;
  category: TransformCategory;
  /** The whole saved object, `kind` included: one option of the contract's discriminated union. */
  schema: z.ZodObject<{ kind: z.ZodLiteral<K> } & Shape>;
  outputType: TransformOutput;
  reads(t: TransformParams<K, Shape>): string[];
  suppliesBlank(t: TransformParams<K, Shape>, lookup: TransformLookup): boolean;
  cleanupRank(t: TransformParams<K, Shape>): number | null;
  merge(current: TransformParams<K, Shape>, suggested: TransformParams<K, Shape>): TransformParams<K, Shape>;
  check(t: TransformParams<K, Shape>): TransformRemark[];
  identity(t: TransformParams<K, Shape>): unknown;
}

/** The saved object of a registered transform's metadata. */
export type ParamsOf<M> = M extends TransformMeta<infer K, infer Shape> ? TransformParams<K, Shape> : never;

/** Declares one transform's metadata; see src/shared/transforms/registry.ts to register it. */
export function defineTransformMeta<const K extends string, Shape extends z.ZodRawShape>(spec: TransformMetaSpec<K, Shape>): TransformMeta<K, Shape> {
  const schema = z.object({ kind: z.literal(spec.kind), ...spec.params }) as unknown as z.ZodObject<{ kind: z.ZodLiteral<K> } & Shape>;
  return {
    kind: spec.kind,
    label: spec.label,
    description: spec.description,
    category: spec.category,
    schema,
    outputType: spec.outputType,
    reads: spec.reads ?? (() => []),
    suppliesBlank: spec.suppliesBlank ?? (() => false),
    cleanupRank: spec.cleanupRank ?? (() => null),
    merge: spec.merge ?? ((_current, suggested) => structuredClone(suggested)),
    check: spec.check ?? (() => []),
    identity: spec.identity ?? ((t) => t),
  };
}

/** A remark about one setting. */
export function remark(place: string, message: string, hint: string, severity: TransformRemark['severity'] = 'error'): TransformRemark {
  return { severity, place, message, hint };
}
