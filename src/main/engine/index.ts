export { createEngine, type Engine, type EngineOptions } from './api/engine';
export { serveChannel } from './rpc/serve-channel';
export { dispatch } from './rpc/dispatch';
// For `sync <project> --job NAME` (the CLI's one door): whether the studio that holds the project runs the job itself.
export { schedulerHandoff, type SchedulerHandoff } from './sync/schedule/scheduler-handoff';
