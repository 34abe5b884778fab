// The desktop shell: one window, one engine process, and the guards around them. The engine
// itself lives in src/main/engine and runs in a utility process (engine-process.ts); nothing
// here touches a project or a database.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, safeStorage, session, utilityProcess, type MessagePortMain } from 'electron';
import { devToolsAllowed, studioMenuTemplate } from './window/app-menu';
import { registerAppScheme, serveAppScheme } from './window/app-protocol';
import { APP_ENTRY_URL, APP_ORIGIN, type AppOrigins } from './window/app-url';
import { EngineLink } from './window/engine-link';
import { EngineSupervisor } from './window/engine-supervisor';
import { listenForPathPicks } from './window/file-dialog';
import { guardWebContents } from './window/guard-web-contents';
import { answerKeychainRequest } from './window/keychain-bridge';
import { hardenSession } from './window/harden-session';
import { createMainWindow } from './window/main-window';
import { grantRequester } from './window/path-grant-bridge';
import { externalLinkHosts } from './window/navigation-policy';
import { launchRequestFromArgv, projectFileFromArgv, type LaunchRequest } from './window/project-file-arg';
import { chooseSqliteBinding, SQLITE_BINDING_ENV, type SqliteBindingChoice } from './window/sqlite-binding';

const PRODUCT_NAME = 'Academia Pro Migration & Sync Studio';
const APP_USER_MODEL_ID = 'org.academiapro.studio';

const mainDir = dirname(fileURLToPath(import.meta.url));
const appRoot = resolve(mainDir, '..', '..');
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const origins: AppOrigins = { appOrigin: APP_ORIGIN, devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : undefined };

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another studio window is already open; it receives our argv through `second-instance`.
  app.quit();
} else {
  runShell();
}

function runShell(): void {
  const sqlite = chooseSqliteBinding({
    env: process.env,
    isPackaged: app.isPackaged,
    appRoot,
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
    exists: existsSync,
  });
  const externalHosts = externalLinkHosts(process.env);
  let window: BrowserWindow | null = null;
  let engineStopped = false;
  let pendingLaunch: LaunchRequest | null = launchRequestFromArgv(process.argv, process.cwd());

  // Files a person picks in the system's dialog are granted to the engine through its parent port.
  const grants = grantRequester((request) => supervisor.send(request));
  const supervisor = new EngineSupervisor<MessagePortMain>({
    fork: () => {
      const child = utilityProcess.fork(join(mainDir, 'engine-process.js'), [], {
        serviceName: 'Academia Studio engine',
        stdio: 'inherit',
        env: engineEnvironment(sqlite),
      });
      // The engine asks here to seal or open its vault key with the OS keychain (safeStorage).
      child.on('message', (message: unknown) => {
        if (grants.handleMessage(message)) return;
        const reply = answerKeychainRequest(safeStorage, message);
        if (reply) child.postMessage(reply);
      });
      return child;
    },
    onRestart: ({ reason }) => link.engineRestarted(reason),
    onGiveUp: (reason) => {
      console.error(reason);
      link.engineGaveUp(reason);
    },
  });
  const link = new EngineLink(supervisor, origins);

  const showWindow = () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
      return;
    }
    window = createMainWindow({
      preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
      entryUrl: devServerUrl ?? APP_ENTRY_URL,
      title: PRODUCT_NAME,
      devTools: devToolsAllowed(app.isPackaged),
    });
    window.on('closed', () => {
      window = null;
    });
  };

  const open = (request: LaunchRequest) => {
    link
      .call((api) => (request.kind === 'demo' ? api.projects.openDemo({}) : api.projects.open({ path: request.path })))
      .catch((error: { message?: string; hint?: string }) => {
        dialog.showErrorBox('The project could not be opened', [error.message ?? String(error), error.hint].filter(Boolean).join('\n\n'));
      });
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    showWindow();
    const file = projectFileFromArgv(argv, workingDirectory);
    if (file) open({ kind: 'project', path: file });
  });

  // macOS hands files over by event, possibly before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) open({ kind: 'project', path });
    else pendingLaunch = { kind: 'project', path };
  });

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origins, externalHosts));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showWindow();
  });

  // Let the engine release the project lock and checkpoint SQLite before the app goes.
  app.on('before-quit', (event) => {
    if (engineStopped) return;
    event.preventDefault();
    supervisor.stop().finally(() => {
      engineStopped = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(() => {
      if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
      hardenSession(session.defaultSession, origins);
      // Electron's default menu offers Toggle Developer Tools in every build; ours does not when installed.
      Menu.setApplicationMenu(Menu.buildFromTemplate(studioMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, productName: PRODUCT_NAME })));
      serveAppScheme(session.defaultSession, join(mainDir, '..', 'renderer'));
      link.listen();
      listenForPathPicks(origins, grants);
      supervisor.start();
      showWindow();
      if (sqlite.path === null) warnMissingSqlite(sqlite.expected);
      if (pendingLaunch) {
        open(pendingLaunch);
        pendingLaunch = null;
      }
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('The studio could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

function engineEnvironment(sqlite: SqliteBindingChoice): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  if (sqlite.path !== null) env[SQLITE_BINDING_ENV] = sqlite.path;
  // Installed apps keep resources/ outside the asar archive (electron-builder.yml
  // extraResources), where SQLite and file readers can open them like any other file.
  if (app.isPackaged && !env.APSTUDIO_RESOURCES) env.APSTUDIO_RESOURCES = join(process.resourcesPath, 'resources');
  return env;
}

function warnMissingSqlite(expected: string): void {
  const detail = app.isPackaged
    ? `The installed app is missing ${expected}. Reinstall the studio; if this keeps happening the installer was built without its database module (see docs/electron.md).`
    : `Expected ${expected}.\n\nBuild it once (needs internet access): node scripts/build-electron-sqlite.mjs\nOr use the browser version, which needs no extra build: npm run cli -- serve --demo --open`;
  console.error(`The Electron build of better-sqlite3 was not found. ${detail}`);
  dialog.showMessageBox({ type: 'warning', message: 'The studio cannot open project files yet', detail }).catch(() => undefined);
}
