import { z } from 'zod';
import { transformMeta } from './registry';

/** One input of a transform's form, read off its zod schema. */
export interface TransformFormField {
  /** The setting's key in the saved transform. */
  name: string;
  /** From the schema's `.describe()`. */
  label: string;
  /** text: one line; number; boolean: a checkbox; list: one text per line; codes: code → value pairs; choice: one of `options`. */
  input: 'text' | 'number' | 'boolean' | 'list' | 'codes' | 'choice';
  optional: boolean;
  options?: readonly string[];
}

/**
 * The form a transform's settings need, in declaration order, derived from its registered schema
 * so a new transform gets its form without screen code. Empty for a kind without settings (and
 * for an unknown kind).
 */
export function transformFormFields(kind: string): TransformFormField[] {
  const meta = transformMeta(kind);
  if (!meta) return [];
  return Object.entries(meta.schema.shape)
    .filter(([name]) => name !== 'kind')
    .map(([name, schema]) => {
      const described = schema as z.ZodType;
      const optional = described instanceof z.ZodOptional;
      const inner = (optional ? (described as z.ZodOptional).unwrap() : described) as z.ZodType;
      const field: TransformFormField = { name, label: described.description ?? inner.description ?? name, input: inputOf(inner), optional };
      if (inner instanceof z.ZodEnum) field.options = inner.options as readonly string[];
      return field;
    });
}

function inputOf(schema: unknown): TransformFormField['input'] {
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodArray) return 'list';
  if (schema instanceof z.ZodRecord) return 'codes';
  if (schema instanceof z.ZodEnum) return 'choice';
  return 'text';
}
