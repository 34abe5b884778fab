/**
 * Compares two strings by Unicode code point, which is the order SQLite's BINARY collation gives
 * UTF-8 text. JavaScript's `<` compares UTF-16 code units instead, and the two disagree only when
 * a character above U+FFFF meets one in U+E000–U+FFFF. The matcher sorts blocks in memory and on
 * disk (spilled to SQLite), and needs one order for both.
 */
export function codePointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF: they sort after everything.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
