import { z } from 'zod';
import { collapseSpacesMeta } from './collapse-spaces';
import { concatMeta } from './concat';
import { constantMeta } from './constant';
import { crosswalkMeta } from './crosswalk';
import type { ParamsOf, TransformLookup, TransformMeta, TransformRemark } from './define';
import { emptyToNullMeta } from './empty-to-null';
import { fixMojibakeMeta } from './fix-mojibake';
import { padStartMeta } from './pad-start';
import { parseDateMeta } from './parse-date';
import { splitMeta } from './split';
import { titleCaseMeta } from './title-case';
import { trimMeta } from './trim';
import { changeCaseMeta } from './change-case';
import { substringMeta } from './substring';
import { regexExtractMeta } from './regex-extract';
import { regexReplaceMeta } from './regex-replace';
import { detectDateMeta } from './detect-date';
import { parseNumberMeta } from './parse-number';
import { parseBooleanMeta } from './parse-boolean';
import { defaultValueMeta } from './default-value';
import { coalesceMeta } from './coalesce';
import { generateIdMeta } from './generate-id';
import { normalizePhoneMeta } from './normalize-phone';
import { normalizeEmailMeta } from './normalize-email';
import { splitNameMeta } from './split-name';
import { whenMeta } from './when';
import { expressionMeta } from './expression';

/**
 * Every transform the studio knows, in the order the mapping screen offers them. Adding a
 * transform is one file here (its metadata), one in src/main/engine/mapping/transforms/ (what it
 * does), and one line in each registry; the contract's type and schema follow from this list.
 */
export const TRANSFORM_METAS = [trimMeta, fixMojibakeMeta, titleCaseMeta, parseDateMeta, crosswalkMeta, padStartMeta, constantMeta, concatMeta, emptyToNullMeta, splitMeta, collapseSpacesMeta, changeCaseMeta, substringMeta, regexExtractMeta, regexReplaceMeta, detectDateMeta, parseNumberMeta, parseBooleanMeta, defaultValueMeta, coalesceMeta, generateIdMeta, normalizePhoneMeta, normalizeEmailMeta, splitNameMeta, whenMeta, expressionMeta] as const;

/** A transform applied on a field edge, as saved in a mapping: one option per registered transform. */
export type FieldTransform = ParamsOf<(typeof TRANSFORM_METAS)[number]>;
export type TransformKind = FieldTransform['kind'];

/** Every transform kind, in the order the mapping screen offers them. */
export const TRANSFORM_KINDS = TRANSFORM_METAS.map((m) => m.kind) as readonly TransformKind[];

type AnyMeta = TransformMeta<string, z.ZodRawShape>;
const BY_KIND = new Map<string, AnyMeta>(TRANSFORM_METAS.map((m) => [m.kind, m as unknown as AnyMeta]));

/** The metadata of a kind, or null for a kind this studio does not know (a newer studio's, or a typo). */
export function transformMeta(kind: string): TransformMeta<string, z.ZodRawShape> | null {
  return BY_KIND.get(kind) ?? null;
}

/** The metadata of a saved transform; its methods accept that transform. */
function metaOf(t: FieldTransform): { meta: AnyMeta; t: Record<string, unknown> & { kind: string } } | null {
  const meta = BY_KIND.get(t.kind);
  return meta ? { meta, t: t as unknown as Record<string, unknown> & { kind: string } } : null;
}

/**
 * The contract's transform schema, built from the registered ones. An unknown kind is refused
 * with a message that names the known ones.
 */
export const fieldTransformSchema: z.ZodType<FieldTransform> = z.discriminatedUnion(
  'kind',
  TRANSFORM_METAS.map((m) => m.schema) as unknown as [z.ZodObject, ...z.ZodObject[]],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
      return kind === undefined ? `A transform needs a kind (one of ${TRANSFORM_KINDS.join(', ')}).` : `Unknown transform kind ${JSON.stringify(kind)}: this studio knows ${TRANSFORM_KINDS.join(', ')}.`;
    },
  },
) as unknown as z.ZodType<FieldTransform>;

// ---- what callers ask the registry -----------------------------------------------------------

/** Source columns a transform reads from the row besides its field's own column. */
export function transformReads(t: FieldTransform): string[] {
  const m = metaOf(t);
  return m ? m.meta.reads(m.t) : [];
}

/** True when the transform can give a missing or blank value a value. */
export function transformSuppliesBlank(t: FieldTransform, lookup: TransformLookup = {}): boolean {
  const m = metaOf(t);
  return m ? m.meta.suppliesBlank(m.t, lookup) : false;
}

/** A clean-up's rank in a chain (lower first), or null for a converter (and an unknown kind). */
export function transformCleanupRank(t: FieldTransform): number | null {
  const m = metaOf(t);
  return m ? m.meta.cleanupRank(m.t) : null;
}

/** A suggested transform folded into one of the same kind the chain already has. */
export function mergeTransform(current: FieldTransform, suggested: FieldTransform): FieldTransform {
  const m = metaOf(current);
  if (!m || current.kind !== suggested.kind) return structuredClone(suggested);
  return m.meta.merge(m.t, suggested as unknown as typeof m.t) as unknown as FieldTransform;
}

/** What makes a transform the same as another (for "already in the chain"): compare these with a canonical JSON. */
export function transformIdentity(t: FieldTransform): unknown {
  const m = metaOf(t);
  return m ? m.meta.identity(m.t) : t;
}

/**
 * Problems with a transform's settings, each at a place. A value the schema refuses (an unknown
 * kind, a number where text belongs) is reported from the schema, with the schema's path.
 */
export function checkTransform(t: unknown): TransformRemark[] {
  const parsed = fieldTransformSchema.safeParse(t);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({ severity: 'error' as const, place: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''), message: i.message, hint: 'Correct the transform on the Mapping screen.' }));
  }
  const m = metaOf(parsed.data);
  return m ? m.meta.check(m.t) : [];
}
