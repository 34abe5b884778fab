import type { TransformKind } from '../../../../shared/transforms/registry';
import { collapseSpaces } from './collapse-spaces';
import { concat } from './concat';
import { constant } from './constant';
import { crosswalk } from './crosswalk';
import type { EngineTransform } from './define';
import { emptyToNull } from './empty-to-null';
import { fixMojibake } from './fix-mojibake';
import { padStart } from './pad-start';
import { parseDate } from './parse-date';
import { split } from './split';
import { titleCaseTransform } from './title-case';
import { trim } from './trim';
import { changeCase } from './change-case';
import { substring } from './substring';
import { regexExtract } from './regex-extract';
import { regexReplace } from './regex-replace';
import { detectDate } from './detect-date';
import { parseNumber } from './parse-number';
import { parseBoolean } from './parse-boolean';
import { defaultValue } from './default-value';
import { coalesce } from './coalesce';
import { generateId } from './generate-id';
import { normalizePhone } from './normalize-phone';
import { normalizeEmail } from './normalize-email';
import { splitName } from './split-name';
import { when } from './when';
import { expression } from './expression';

/**
 * What each registered transform does (its metadata is in src/shared/transforms/registry.ts).
 * One line per transform; the type check below fails when a shared kind has no `apply` here.
 */
export const ENGINE_TRANSFORMS = [trim, fixMojibake, titleCaseTransform, parseDate, crosswalk, padStart, constant, concat, emptyToNull, split, collapseSpaces, changeCase, substring, regexExtract, regexReplace, detectDate, parseNumber, parseBoolean, defaultValue, coalesce, generateId, normalizePhone, normalizeEmail, splitName, when, expression] as const;

type Missing = Exclude<TransformKind, (typeof ENGINE_TRANSFORMS)[number]['kind']>;
/** Compile-time proof that every kind of the shared registry can be applied. */
export const EVERY_KIND_APPLIES: [Missing] extends [never] ? true : { missingApply: Missing } = true;

const BY_KIND = new Map<string, EngineTransform>(ENGINE_TRANSFORMS.map((t) => [t.kind, t as unknown as EngineTransform]));

/** The engine transform of a kind, or null for a kind this studio does not know. */
export function engineTransform(kind: string): EngineTransform | null {
  return BY_KIND.get(kind) ?? null;
}
