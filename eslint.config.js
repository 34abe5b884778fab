// Lint: the recommended rules plus the walls between the studio's layers (docs/architecture.md).
//
//   engine, hosts, sandbox, engine process  no `electron` (the engine runs under plain Node too)
//   shared (the contract)                   no `electron`, no Node built-ins, no native modules,
//                                           nothing from main / preload / renderer
//   renderer                                no `electron`, no Node built-ins, no native modules,
//                                           nothing from main / preload (talk through the API)
//   preload                                 `electron` yes; no Node built-ins, no native
//                                           modules, nothing from main / renderer
//
// A flat config applies the last matching setting of a rule, so each layer below states its
// whole `no-restricted-imports` list rather than adding to another's.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electron = {
  paths: [{ name: 'electron', message: 'Only src/main (the shell) and src/preload may use Electron; the engine must run under plain Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src/main (the shell) and src/preload may use Electron.' }],
};

const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: 'Node built-ins do not exist in the browser page; ask the engine through the API.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins do not exist in the browser page; ask the engine through the API.' }],
};

const nativeModules = {
  paths: [{ name: 'better-sqlite3', message: 'SQLite belongs to the engine (src/main/engine).' }],
  patterns: [],
};

const layerPatterns = (layers, message) => ({
  paths: [],
  patterns: [{ group: layers.flatMap((layer) => [`**/${layer}`, `**/${layer}/**`]), message }],
});

const restrict = (...parts) => [
  'error',
  {
    paths: parts.flatMap((p) => p.paths),
    patterns: parts.flatMap((p) => p.patterns),
  },
];

// `import('electron')` and `require('electron')` slip past no-restricted-imports.
const noDynamicElectron = [
  'error',
  { selector: "ImportExpression[source.value=/^electron(\\u002F|$)/]", message: 'The engine must not load Electron, not even lazily.' },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]", message: 'The engine must not load Electron, not even lazily.' },
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'native/**', 'coverage/**', '**/*.d.ts', '**/*.d.mts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions after a check the compiler cannot follow are fine.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Legacy data is full of control characters and byte ranges; regexes over them are the job.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/main/engine/**', 'src/main/hosts/**', 'src/sandbox/**', 'src/main/engine-process.ts'],
    rules: {
      'no-restricted-imports': restrict(electron),
      'no-restricted-syntax': noDynamicElectron,
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        nodeBuiltins,
        nativeModules,
        layerPatterns(['main', 'preload', 'renderer'], 'src/shared is the contract: it imports nothing from main, preload or renderer.'),
      ),
      'no-restricted-syntax': noDynamicElectron,
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        nodeBuiltins,
        nativeModules,
        layerPatterns(['main', 'preload'], 'The renderer reaches the engine only through the typed API (src/shared/api) and its transport.'),
      ),
      'no-restricted-syntax': noDynamicElectron,
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins,
        nativeModules,
        layerPatterns(['main', 'renderer'], 'The preload is the bridge only: it may use electron and src/shared, nothing else.'),
      ),
    },
  },
);
