/**
 * Where the demo keeps its files: a pure naming rule, importing nothing, so a host may use it
 * without reaching into the engine (the CLI's `demo --pupils` note; .dependency-cruiser.cjs,
 * rule `cli-through-the-api`).
 */

/** The demo's legacy database sits beside its project file. */
export function demoLegacyFileFor(projectPath: string): string {
  return projectPath.replace(/\.apstudio$/i, '') + '-legacy-school.sqlite';
}
