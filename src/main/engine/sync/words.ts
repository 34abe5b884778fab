/** Plain English for the gate's sentences: "1 student", "42 students", "3 classes". */
export function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

export function counted(n: number, singular: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural(singular)}`;
}

/** An entity's title as a noun in a sentence: "Class teacher" → "class teacher". */
export function noun(title: string): string {
  return title.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
}
