/**
 * How each host names itself in the project's lock file (`app`), so "in use by …" says who holds
 * the project, and a scheduled CLI job can tell the studio (whose own scheduler then runs the
 * project's sync jobs) from another command.
 */
export const APP_NAMES = { electron: 'the studio desktop app', web: 'the studio (web host)', cli: 'the academia-studio command' } as const;

export type HostKind = keyof typeof APP_NAMES;

/** Hosts that run the project's sync schedules while the project is open in them. */
export const SCHEDULING_HOSTS: readonly HostKind[] = ['electron', 'web'];

/** True when a lock's `app` is a studio that runs the project's sync schedules itself. */
export function appRunsSyncSchedules(app: string): boolean {
  return SCHEDULING_HOSTS.some((host) => APP_NAMES[host] === app);
}
