import type { AssessmentEvents } from './contracts/assessment';
import type { MonitoringEvents } from './contracts/monitoring';
import type { ProjectsEvents } from './contracts/projects';
import type { RunsEvents } from './contracts/runs';
import type { SourcesEvents } from './contracts/sources';
import type { TargetsEvents } from './contracts/targets';

/**
 * Events the engine pushes. Global ones (`project.changed`, `target.checked`) go to every client;
 * the others can be listened to for one run or assessment (`listen(event, id)`, the key each
 * names in its service's contract module, ./contracts/). A channel that never listened hears them all.
 */
export interface StudioEvents extends ProjectsEvents, RunsEvents, AssessmentEvents, TargetsEvents, SourcesEvents, MonitoringEvents {}

export type EventName = keyof StudioEvents;

import type { studioEvents } from './contracts/index';

/** The events one can listen to for one run or assessment (`client.listen(event, id, …)`). */
export type ScopedEventName = { [E in EventName]: (typeof studioEvents)[E]['scope'] extends null ? never : E }[EventName];
