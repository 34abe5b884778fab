import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CHANNELS, type PickPathRequest, type PickPathResult, type PortHandoff, type StudioBridge } from '../shared/api/bridge';
import { createPortBridge, type BridgePort } from './port-bridge';

// Sandboxed preload: bundled into one CommonJS file (electron.vite.config.ts), so the only
// `require` left is Electron's own. ipcRenderer stays in here; the page gets `studioBridge` only.
const bridge = createPortBridge();

ipcRenderer.on(BRIDGE_CHANNELS.port, (event, handoff: PortHandoff) => {
  const port = event.ports[0] as BridgePort | undefined;
  if (port) bridge.attach(port, handoff);
});

ipcRenderer.on(BRIDGE_CHANNELS.engineStopped, (_event, info: { reason: string }) => {
  bridge.engineStopped(info.reason);
});

// The system's file dialog: main shows it and grants the choice to the engine before answering.
const pickPath = (request: PickPathRequest): Promise<PickPathResult> => ipcRenderer.invoke(BRIDGE_CHANNELS.pickPath, { kind: request?.kind === 'folder' ? 'folder' : 'file' });

contextBridge.exposeInMainWorld('studioBridge', { ...bridge.api, pickPath } satisfies StudioBridge);

// Ask only once the listeners above exist, so the port cannot arrive before anyone hears it.
ipcRenderer.send(BRIDGE_CHANNELS.hello);
