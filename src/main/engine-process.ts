// The engine's home inside the desktop app: an Electron utility process, so SQLite and source
// reads never block the window. Plain Node.js: never import `electron` here (lint enforces it);
// Electron's `process.parentPort` is reached through a structural type instead.
import type { ClientMessage, ServerMessage } from '../shared/api/rpc';
import { serveChannel } from './engine/index';
import { createHostEngine } from './hosts/host-engine';
import { remoteKeyWrapper } from './window/keychain-bridge';
import { answerGrantRequests } from './window/path-grant-bridge';
import { acceptEnginePorts, type ParentPortLike } from './window/port-channel';

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;

if (!parentPort) {
  console.error('engine-process.js runs inside the desktop app only. For a terminal or a browser, use: academia-studio serve --demo --open');
  process.exit(2);
} else {
  // APSTUDIO_SQLITE_BINDING (set by main, docs/electron.md) makes the engine load the
  // Electron-ABI build of better-sqlite3; APSTUDIO_CONFIG_DIR, when set, is honoured by the engine.
  // The vault key is also sealed by the OS keychain (Electron's safeStorage), which only main can
  // reach: the wrapper asks it over the parent port. The key file stays the source (docs/security.md).
  const engine = createHostEngine({ host: 'electron', keyWrapper: remoteKeyWrapper(parentPort) });
  // Only main (its file dialog) grants files in the desktop app; pages cannot reach this port.
  answerGrantRequests(parentPort, (path) => engine.grant(path, 'picked'));
  acceptEnginePorts<ClientMessage, ServerMessage>(parentPort, {
    serve: (channel) => serveChannel(engine, channel),
    shutdown: () => engine.dispose(),
    exit: (code) => process.exit(code),
  });
}
