import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer walls of eslint.config.js, checked on small snippets placed at the paths they guard.
describe('lint boundaries', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: process.cwd() });
  });

  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    // One rule name per kind of breach (an import may trip two patterns of the same rule).
    return [...new Set(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.ruleId))];
  };

  it('keeps electron out of the engine, hosts, sandbox, contract and engine process', async () => {
    for (const file of ['src/main/engine/x.ts', 'src/main/hosts/web/x.ts', 'src/sandbox/x.ts', 'src/shared/x.ts', 'src/main/engine-process.ts']) {
      expect(await problems(file, "import { app } from 'electron';\nexport const a = app;\n"), file).toEqual(['no-restricted-imports']);
      expect(await problems(file, "import { app } from 'electron/main';\nexport const a = app;\n"), file).toEqual(['no-restricted-imports']);
      expect(await problems(file, "export const a = import('electron');\n"), file).toEqual(['no-restricted-syntax']);
    }
  });

  it('lets the shell and the preload use electron', async () => {
    expect(await problems('src/main/index.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await problems('src/preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual([]);
  });

  it('keeps Node built-ins and better-sqlite3 out of the renderer, the preload and the contract', async () => {
    for (const file of ['src/renderer/src/x.ts', 'src/preload/x.ts', 'src/shared/x.ts']) {
      for (const source of ['fs', 'node:fs', 'path', 'child_process', 'node:crypto', 'better-sqlite3']) {
        expect(await problems(file, `import x from '${source}';\nexport const a = x;\n`), `${file} ← ${source}`).toEqual(['no-restricted-imports']);
      }
    }
    expect(await problems('src/main/engine/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });

  it('keeps the renderer and the preload away from main, and the contract away from every layer', async () => {
    expect(await problems('src/renderer/src/x.ts', "import { createEngine } from '../../main/engine/index';\nexport const a = createEngine;\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/renderer/src/x.ts', "import { b } from '../../preload/port-bridge';\nexport const a = b;\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/preload/x.ts', "import { c } from '../main/window/csp';\nexport const a = c;\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/shared/api/x.ts', "import { r } from '../../renderer/src/App';\nexport const a = r;\n")).toEqual(['no-restricted-imports']);
    expect(await problems('src/renderer/src/x.ts', "import { createStudioClient } from '../../shared/api/client';\nexport const a = createStudioClient;\n")).toEqual([]);
  });
});
