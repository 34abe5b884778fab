import { launchRpcUrl, rememberAccessToken, rpcUrl, takeAccessCredential, type TokenEnvironment } from './access-token';
import { findStudioBridge, type StudioBridge } from './studio-bridge';
import type { StudioTransport, TransportStatus } from './transport';
import { createWebSocketChannel, type WebSocketChannelOptions } from './websocket-channel';

/** What the page knows about where it runs (a browser window, or a fake in tests). */
export interface TransportEnvironment extends TokenEnvironment {
  location: { href: string; protocol: string; host: string };
}

export type TransportChoice = { kind: 'ready'; transport: StudioTransport } | { kind: 'missing-token' };

/**
 * Wraps the desktop app's preload bridge. IPC has no socket to lose, but the engine process
 * can die: a restart passes through `reconnecting` back to `open` (so the window reloads what
 * it missed), and a final stop shows why.
 */
export function bridgeTransport(bridge: StudioBridge): StudioTransport {
  let status: TransportStatus = 'open';
  let stopReason: string | null = null;
  const listeners = new Set<(status: TransportStatus) => void>();
  const setStatus = (next: TransportStatus) => {
    status = next;
    for (const l of listeners) l(next);
  };
  const unsubscribe =
    typeof bridge.onEngineStatus === 'function'
      ? bridge.onEngineStatus((engine) => {
          if (engine.state === 'stopped') {
            stopReason = engine.reason;
            setStatus('stopped');
          } else {
            setStatus('reconnecting');
            setStatus('open');
          }
        })
      : () => {};
  return {
    kind: 'bridge',
    send: (message) => bridge.send(message),
    onMessage: (listener) => bridge.onMessage(listener),
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stopReason: () => stopReason,
    close: unsubscribe,
  };
}

/**
 * Picks how to reach the engine: the preload bridge inside the desktop app, otherwise the web
 * host's WebSocket, which needs the access token from the link `npm start` printed (or the
 * one-time launch code of the link `serve --open` gave the browser, traded for the token).
 */
export function chooseTransport(
  env: TransportEnvironment,
  socketOptions: Omit<WebSocketChannelOptions, 'url'> = {},
): TransportChoice {
  const bridge = findStudioBridge(env);
  if (bridge) return { kind: 'ready', transport: bridgeTransport(bridge) };
  const credential = takeAccessCredential(env);
  if (!credential) return { kind: 'missing-token' };
  if (credential.kind === 'token') return { kind: 'ready', transport: createWebSocketChannel({ ...socketOptions, url: rpcUrl(env.location, credential.token) }) };
  return {
    kind: 'ready',
    transport: createWebSocketChannel({
      ...socketOptions,
      url: launchRpcUrl(env.location, credential.code),
      onSession: (token) => {
        rememberAccessToken(env, token);
        return rpcUrl(env.location, token);
      },
    }),
  };
}
