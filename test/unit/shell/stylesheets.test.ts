import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(__dirname, '..', '..', '..', 'src', 'renderer', 'src');

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? stylesheets(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : []));
}

/** Where a stylesheet's braces stop balancing (comments and strings left out), or null. */
function unbalanced(css: string): string | null {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
  let depth = 0;
  let line = 1;
  for (const ch of text) {
    if (ch === '\n') line++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return `a "}" with no block open, line ${line}`;
  }
  return depth === 0 ? null : `${depth} block(s) never closed`;
}

/**
 * The bundler does not refuse a stylesheet with a block left open: it swallows every rule after it
 * (a merge once dropped one "}" in syncs.css and the mapping canvas lost its height). So every
 * stylesheet of the renderer is checked here.
 */
describe('renderer stylesheets', () => {
  it('close every block they open', () => {
    const problems = stylesheets(RENDERER)
      .map((f) => [relative(RENDERER, f), unbalanced(readFileSync(f, 'utf8'))] as const)
      .filter(([, problem]) => problem !== null);
    expect(problems).toEqual([]);
  });
});
