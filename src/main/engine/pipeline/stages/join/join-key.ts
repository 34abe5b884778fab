/**
 * The text a join compares: each key value trimmed, as text (an integer 42 and a text "42" from a
 * CSV meet), parts separated by a control character no key holds. A row with an empty key part
 * has no key and matches nothing.
 */
export function joinKeyText(values: readonly unknown[]): string | null {
  const parts: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) return null;
    const text = (v instanceof Date ? v.toISOString() : String(v)).trim();
    if (text === '') return null;
    parts.push(text);
  }
  return parts.join('\u001f');
}

/** Column types that compare alike as join keys (normalized catalog types, docs/conventions.md). */
export function joinTypeFamily(type: string): string | null {
  switch (type) {
    case 'integer':
    case 'decimal':
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'date':
    case 'datetime':
      return 'date';
    case 'boolean':
    case 'binary':
    case 'json':
    case 'time':
      return type;
    default:
      return null;
  }
}
