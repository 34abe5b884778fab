// The import walls of the studio (docs/architecture.md, "Walls"), checked by `npm run lint` and by
// test/unit/shell/import-walls.test.ts. Written as a table of what each part MAY import; every
// other import between the parts named here is an error. Paths match with or without a leading
// folder so the test can check the rules on a small tree of its own.

/** The engine's folders, lowest first. A folder may import only the folders listed for it. */
const ENGINE_MAY_IMPORT = {
  values: [],
  security: ['values'],
  connectors: ['values', 'security'],
  academia: ['values'],
  mapping: ['values'],
  suggest: ['values', 'mapping'],
  project: ['values', 'security', 'academia', 'mapping'],
  assessment: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project'],
  // The merge stage shares assessment's person matching; nothing else of assessment.
  pipeline: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project', 'assessment/matching'],
  demo: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project'],
  // Ongoing sync (issue 19): its schedules and events sit above the pipeline, below core.
  sync: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project', 'assessment', 'pipeline'],
  // Outgoing webhooks and alert email (issue 20): the queue and the SMTP sender, above the project file.
  notify: ['values', 'security', 'project'],
  // Reports of runs and errors (issue 20): they print as the assessment report does, and borrow only its report/ rendering.
  reports: ['values', 'project', 'assessment/report'],
  // Metrics and alerts over what the project file records; it reads the tables, imports no repository.
  monitoring: ['values'],
  // The school-year rollover's rules and plan (issue 22 point 7): pure, over records the target holds.
  rollover: [],
  // OneRoster 1.2 CSV: the column-rule table, the validator and the bundle writer's rows.
  oneroster: [],
  core: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project', 'assessment', 'pipeline', 'demo', 'sync', 'notify', 'reports', 'monitoring', 'rollover', 'oneroster'],
  services: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project', 'assessment', 'pipeline', 'demo', 'core', 'sync', 'notify', 'reports', 'monitoring', 'rollover', 'oneroster'],
  api: ['values', 'security', 'connectors', 'academia', 'mapping', 'suggest', 'project', 'assessment', 'pipeline', 'demo', 'core', 'services', 'sync', 'notify', 'reports', 'monitoring', 'rollover', 'oneroster'],
  rpc: ['core', 'api'],
};

const ROOT = '(^|/)src/';
const ENGINE = `${ROOT}main/engine/`;
const folderPattern = (folder) => `${ENGINE}${folder}/`;

function engineWalls() {
  const folders = Object.keys(ENGINE_MAY_IMPORT);
  return folders.map((folder) => {
    const allowed = ENGINE_MAY_IMPORT[folder];
    // Folders named whole, plus the other folders a sub-folder grant leaves out (assessment/ for assessment/matching).
    const whole = allowed.filter((a) => !a.includes('/'));
    const partial = allowed.filter((a) => a.includes('/'));
    const forbiddenWhole = folders.filter((f) => f !== folder && !whole.includes(f) && !partial.some((p) => p.startsWith(`${f}/`)));
    const rules = [];
    if (forbiddenWhole.length > 0) rules.push({ path: `${ENGINE}(${forbiddenWhole.join('|')})/` });
    for (const p of partial) {
      const [parent, child] = p.split('/');
      rules.push({ path: `${ENGINE}${parent}/`, pathNot: `${ENGINE}${parent}/${child}/` });
    }
    return rules.map((to, i) => ({
      name: `engine-${folder}${i ? `-${i}` : ''}`,
      severity: 'error',
      comment: `engine/${folder} may import only: ${allowed.join(', ') || 'nothing else of the engine'} (docs/architecture.md, "Walls")`,
      from: { path: folderPattern(folder) },
      to,
    }));
  }).flat();
}

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles tie modules into one: break them with a smaller module both can import.', from: {}, to: { circular: true } },
    { name: 'engine-not-sandbox', severity: 'error', comment: 'The engine never imports the sandbox: the host starts it and hands the engine a starter.', from: { path: `${ROOT}main/engine/` }, to: { path: `${ROOT}sandbox/` } },
    { name: 'sandbox-not-engine', severity: 'error', comment: 'The sandbox imports only src/academia-api, src/platform and src/shared.', from: { path: `${ROOT}sandbox/` }, to: { path: `${ROOT}(main|renderer|preload)/` } },
    { name: 'academia-api-low', severity: 'error', comment: 'The Academia Pro API package is shared by the engine and the sandbox; it imports only platform and shared.', from: { path: `${ROOT}academia-api/` }, to: { path: `${ROOT}(main|sandbox|renderer|preload)/` } },
    { name: 'platform-low', severity: 'error', comment: 'src/platform holds Node helpers any process uses; it imports only shared.', from: { path: `${ROOT}platform/` }, to: { path: `${ROOT}(main|sandbox|academia-api|renderer|preload)/` } },
    { name: 'shared-is-the-contract', severity: 'error', comment: 'src/shared is imported by every side and imports none of them.', from: { path: `${ROOT}shared/` }, to: { path: `${ROOT}(main|sandbox|academia-api|platform|renderer|preload)/` } },
    { name: 'renderer-through-the-api', severity: 'error', comment: 'The renderer talks to the engine through the API in src/shared only.', from: { path: `${ROOT}renderer/` }, to: { path: `${ROOT}(main|sandbox|academia-api|platform|preload)/` } },
    {
      name: 'cli-through-the-api',
      severity: 'error',
      comment:
        'The CLI has one door into the engine, as the window has: src/main/engine/index.ts (createEngine, the Engine type) and engine.api. ' +
        'Besides it only engine/demo/demo-files.ts, a pure naming rule with no imports (where the demo keeps its legacy school, for `demo --pupils`). ' +
        'Starting the engine with its sandbox goes through hosts/host-engine.ts. (docs/architecture.md, "One door")',
      from: { path: `${ROOT}main/hosts/cli/` },
      to: { path: `${ROOT}main/engine/`, pathNot: `${ROOT}main/engine/(index|demo/demo-files)\\.ts$` },
    },
    { name: 'engine-not-hosts', severity: 'error', comment: 'Hosts start the engine; the engine knows no host.', from: { path: `${ROOT}main/engine/` }, to: { path: `${ROOT}main/(hosts|window)/|${ROOT}main/(index|engine-process)\\.ts$` } },
    ...engineWalls(),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
