export { createEngine, type Engine, type EngineOptions } from './api/engine';
export { serveChannel } from './rpc/serve-channel';
export { dispatch } from './rpc/dispatch';
