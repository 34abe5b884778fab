import { afterAll, describe, expect, it } from 'vitest';
import { createJsonConnector, createXmlConnector } from '../../../../src/main/engine/connectors/files';
import { jsonDepthExceededAt, MAX_NESTING_DEPTH } from '../../../../src/main/engine/connectors/files/nesting-limit';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';

const temp = tempDir('apstudio-depth-');
afterAll(() => temp.cleanup());

/** Far past any stack: these used to end as INTERNAL (stack overflow), or hang (XML detection). */
const HOSTILE = 100_000;

describe('nesting depth is capped with a typed error', () => {
  it('refuses a JSON document nested 100,000 deep (objects, and lists) with the file and line', async () => {
    for (const [name, text] of [
      ['deep-objects.json', `[\n{"a":1},\n${'{"a":'.repeat(HOSTILE)}1${'}'.repeat(HOSTILE)}]`],
      ['deep-lists.json', `[\n{"a":1},\n{"a":${'['.repeat(HOSTILE)}${']'.repeat(HOSTILE)}}]`],
    ]) {
      const c = createJsonConnector({ path: put(temp.path, name, text) }, null);
      const err = await studioError(c.discover());
      expect(err.code).toBe('SOURCE_UNSAFE');
      expect(err.where).toMatchObject({ file: expect.stringContaining(name), line: 3 });
      expect(err.message).toContain(`more than ${MAX_NESTING_DEPTH} levels`);
      expect(err.hint).toBeTruthy();
    }
  });

  it('refuses an NDJSON line nested 100,000 deep with its line and column', async () => {
    const c = createJsonConnector({ path: put(temp.path, 'deep.ndjson', `{"a":1}\n{"a":${'['.repeat(HOSTILE)}${']'.repeat(HOSTILE)}}\n{"a":3}\n`) }, null);
    const err = await studioError(readAll(c, 'deep'));
    expect(err).toMatchObject({ code: 'SOURCE_UNSAFE', where: { line: 2, column: 5 + MAX_NESTING_DEPTH } });
  });

  it('refuses an XML document nested 100,000 deep, found or given its record path', async () => {
    const text = `<Students><Student>${'<a>'.repeat(HOSTILE)}${'</a>'.repeat(HOSTILE)}</Student></Students>`;
    const path = put(temp.path, 'deep.xml', text);
    const configs: Record<string, string>[] = [{ path }, { path, recordPath: '/Students/Student' }];
    for (const config of configs) {
      const c = createXmlConnector(config, null);
      const err = await studioError(c.discover().then((streams) => readAll(c, streams[0].name)));
      expect(err).toMatchObject({ code: 'SOURCE_UNSAFE', where: { file: path, line: 1 } });
    }
  }, 15_000);

  it('reads records nested just under the cap', async () => {
    const depth = MAX_NESTING_DEPTH - 3;
    const json = createJsonConnector({ path: put(temp.path, 'nested-ok.json', `[{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}]`) }, null);
    const [row] = await readAll(json, 'nested-ok');
    let value = row.a;
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];
    expect(value).toBe(1);
    const xml = createXmlConnector({ path: put(temp.path, 'nested-ok.xml', `<R><S>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</S></R>`), recordPath: '/R/S' }, null);
    const [xrow] = await readAll(xml, 'nested-ok');
    expect(xrow[`${Array(depth).fill('a').join('.')}`]).toBe('x');
  });

  it('counts JSON depth outside strings only', () => {
    expect(jsonDepthExceededAt('[[[1]]]', 3)).toBe(-1);
    expect(jsonDepthExceededAt('[[[[1]]]]', 3)).toBe(3);
    expect(jsonDepthExceededAt('["[[[[[", "\\"[[[[["]', 2)).toBe(-1);
    expect(jsonDepthExceededAt('{"a":{"b":[{}]}}', 3)).toBe(11);
  });
});
