/**
 * Parses PostgreSQL's text form of an array (`{1,2,NULL}`, `{"a \"b\"",c}`, `{{1,2},{3,4}}`,
 * optionally prefixed by bounds like `[0:1]=`) into nested JS arrays, each element passed through
 * `parseElement` (the element type's own parser). Written here rather than reaching into pg's
 * private dependencies.
 */
export function parsePgArray(text: string, parseElement: (value: string) => unknown): unknown[] {
  let i = 0;
  if (text[0] === '[') {
    const eq = text.indexOf('=');
    i = eq >= 0 ? eq + 1 : 0;
  }
  const parseLevel = (): unknown[] => {
    if (text[i] !== '{') throw new Error(`Not a PostgreSQL array: ${text.slice(0, 40)}`);
    i++;
    const out: unknown[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      const ch = text[i];
      if (ch === '{') {
        out.push(parseLevel());
      } else if (ch === '"') {
        i++;
        let value = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i++];
        }
        i++;
        out.push(parseElement(value));
      } else {
        const start = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
        const raw = text.slice(start, i).trim();
        out.push(raw.toUpperCase() === 'NULL' ? null : parseElement(raw));
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw new Error(`Malformed PostgreSQL array near position ${i}: ${text.slice(0, 40)}`);
    }
  };
  return parseLevel();
}
