import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

// The import walls of .dependency-cruiser.cjs (docs/architecture.md, "Walls"): the real tree keeps
// them, and each wall stops the import it is there for, checked on a small tree of its own.
const config = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

async function violations(files: string[], baseDir: string, withTsConfig: boolean): Promise<{ rule: string; from: string; to: string }[]> {
  const { options } = config;
  const cruiseOptions = {
    ...options,
    ...(withTsConfig ? {} : { tsConfig: undefined }),
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  };
  const result = await cruise(files, cruiseOptions as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import walls', () => {
  const root = mkdtempSync(join(tmpdir(), 'apstudio-walls-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('hold on the whole source tree: no cycle, no import across a wall', async () => {
    const found = await violations(['src'], process.cwd(), true);
    expect(found).toEqual([]);
  }, 60_000);

  /** Writes `from` importing `to` (and `to` itself) under a fresh folder, and returns the walls it breaks. */
  async function breaches(from: string, to: string): Promise<string[]> {
    const base = mkdtempSync(join(root, 'case-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(base, file)), { recursive: true });
      writeFileSync(join(base, file), text);
    };
    let spec = relative(dirname(from), to).replace(/\.ts$/, '');
    if (!spec.startsWith('.')) spec = `./${spec}`;
    write(to, 'export const b = 1;\n');
    write(from, `import { b } from '${spec}';\nexport const a = b;\n`);
    return (await violations(['src'], base, false)).map((v) => v.rule);
  }

  const cases: [string, string, string][] = [
    ['src/main/engine/academia/x.ts', 'src/sandbox/sandbox-server.ts', 'engine-not-sandbox'],
    ['src/sandbox/x.ts', 'src/main/engine/project/project-file.ts', 'sandbox-not-engine'],
    ['src/academia-api/x.ts', 'src/main/engine/academia/academia-client.ts', 'academia-api-low'],
    ['src/platform/x.ts', 'src/academia-api/contract.ts', 'platform-low'],
    ['src/shared/x.ts', 'src/main/engine/values/cp1252.ts', 'shared-is-the-contract'],
    ['src/renderer/src/x.ts', 'src/main/engine/api/engine.ts', 'renderer-through-the-api'],
    ['src/main/engine/services/x.ts', 'src/main/hosts/web-host.ts', 'engine-not-hosts'],
    ['src/main/engine/connectors/x.ts', 'src/main/engine/assessment/assess-source.ts', 'engine-connectors'],
    ['src/main/engine/assessment/x.ts', 'src/main/engine/pipeline/run-plan.ts', 'engine-assessment'],
    ['src/main/engine/values/x.ts', 'src/main/engine/mapping/map-row.ts', 'engine-values'],
    ['src/main/engine/pipeline/x.ts', 'src/main/engine/assessment/findings/y.ts', 'engine-pipeline-1'],
    ['src/main/hosts/cli/commands/x.ts', 'src/main/engine/connectors/open-connector.ts', 'cli-through-the-api'],
    ['src/main/hosts/cli/x.ts', 'src/main/engine/api/engine.ts', 'cli-through-the-api'],
  ];

  it.each(cases)('%s importing %s breaks %s', async (from, to, rule) => {
    expect(await breaches(from, to)).toEqual([rule]);
  });

  it('let a folder import what lies below it', async () => {
    expect(await breaches('src/main/engine/pipeline/x.ts', 'src/main/engine/assessment/matching/crosswalk.ts')).toEqual([]);
    expect(await breaches('src/main/engine/assessment/x.ts', 'src/main/engine/connectors/connector.ts')).toEqual([]);
    expect(await breaches('src/sandbox/x.ts', 'src/academia-api/contract.ts')).toEqual([]);
    expect(await breaches('src/main/hosts/x.ts', 'src/sandbox/index.ts')).toEqual([]);
    // The CLI's one door, and the host-engine wiring beside it.
    expect(await breaches('src/main/hosts/cli/commands/x.ts', 'src/main/engine/index.ts')).toEqual([]);
    expect(await breaches('src/main/hosts/cli/commands/x.ts', 'src/main/engine/demo/demo-files.ts')).toEqual([]);
    expect(await breaches('src/main/hosts/cli/commands/x.ts', 'src/main/hosts/host-engine.ts')).toEqual([]);
  });

  it('finds an import cycle', async () => {
    const base = mkdtempSync(join(root, 'cycle-'));
    mkdirSync(join(base, 'src/main/engine/project'), { recursive: true });
    writeFileSync(join(base, 'src/main/engine/project/a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(join(base, 'src/main/engine/project/b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
    const rules = (await violations(['src'], base, false)).map((v) => v.rule);
    expect(rules).toContain('no-circular');
  });
});
