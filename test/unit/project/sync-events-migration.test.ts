import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../../../src/main/engine/project/project-file';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/engine/project/migrations';
import { Project } from '../../../src/main/engine/project/project';
import { SyncEventsRepo } from '../../../src/main/engine/project/sync-events-repo';
import { SyncRepo } from '../../../src/main/engine/project/sync-repo';
import { syncEventsMigration } from '../../../src/main/engine/project/sync-events-migration';
import { olderProjectFile } from '../../support/older-project-file';
import { tempDir } from '../../support/temp-dir';

const BEFORE = syncEventsMigration.version - 1;

/** A project file as a studio of the schema version before event-driven syncs left it, with a sync defined. */
function writeOldProject(file: string): void {
  const db = olderProjectFile(file, BEFORE);
  db.prepare("INSERT INTO meta (key, value) VALUES ('name', 'Old school')").run();
  const settings = { name: 'nightly', type: 'Delta', direction: 'one-way', entities: [{ entity: 'students', mode: 'Delta', deletes: { policy: 'delete' } }], sourceTimeZone: 'UTC', schedule: { cron: '0 2 * * *', timezone: 'UTC', blackouts: [], missedPolicy: 'skip' }, gate: { default: { deletes: 0.05 } } };
  db.prepare("INSERT INTO sync_definitions (name, definition_json, created_at, updated_at) VALUES ('nightly', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run(JSON.stringify(settings));
  db.close();
}

describe('project file migration 17 (event-driven syncs)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  it('upgrades a file of the version before in place: its syncs are kept (not event-driven), the feed cursor and last events are stored from then on', () => {
    const file = join(dir.path, 'old.apstudio');
    writeOldProject(file);
    const opened = openProjectFile(file, 'test');
    try {
      expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      const project = new Project(opened);
      const [def] = new SyncRepo(project).listDefinitions();
      expect(def).toMatchObject({ name: 'nightly', schedule: { cron: '0 2 * * *' } });
      expect(def.events ?? null).toBeNull();

      const events = new SyncEventsRepo(project);
      expect(events.feedCursor('embedded-sandbox|DEMO')).toBeNull();
      events.saveFeedCursor('embedded-sandbox|DEMO', 'c-1', new Date('2026-01-02T00:00:00Z'));
      events.saveFeedCursor('embedded-sandbox|DEMO', 'c-2', new Date('2026-01-02T00:01:00Z'));
      expect(events.feedCursor('embedded-sandbox|DEMO')).toBe('c-2');
      expect(events.feedCursor('remote|https://api.example.org|DEMO')).toBeNull();

      events.recordEvent('nightly', { id: 'evt_1', type: 'record.updated', entity: 'students', source: 'webhook', at: '2026-01-02T00:00:00.000Z' });
      events.recordEvent('nightly', { id: 'evt_2', type: 'record.created', entity: 'students', source: 'feed', at: '2026-01-02T00:00:05.000Z' });
      expect(events.lastEvents().get('nightly')).toEqual({ lastEvent: { id: 'evt_2', type: 'record.created', entity: 'students', source: 'feed', at: '2026-01-02T00:00:05.000Z' }, received: 2 });
      events.forgetJob('nightly');
      expect(events.lastEvents().size).toBe(0);
      expect(events.pushedVersion('students', '1')).toBeNull();
    } finally {
      opened.close();
    }
  });
});
