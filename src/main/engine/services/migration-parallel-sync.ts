import type { MigrationService, StudioApi } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { PARALLEL_SYNC_NAME } from '../../../shared/model/migration-plan';
import type { SyncDefinitionInput, SyncEntity } from '../../../shared/model/sync';
import { requireSession, type EngineState } from '../core/engine-state';
import { storedRecord, syncMigrationStatus } from './migration-service';

/** A parallel run's sync runs every night unless the school sets another schedule (Syncs screen). */
const PARALLEL_SCHEDULE = { cron: '0 2 * * *', timezone: 'UTC' };

/**
 * A parallel run (issue 22, point 2) keeps Academia Pro in step with the legacy system until
 * cutover: `parallelSync` defines that sync, or brings an existing one up to the mapped entities,
 * through the `syncs` service as a person would (so it is checked, audited and scheduled the same
 * way). Delta needs no cursor column: each run compares the source with what was last pushed,
 * starting from the migration's staged hashes. The cutover runbook's last step stops it.
 */
export function parallelSyncMethods(state: EngineState, api: () => StudioApi): Pick<MigrationService, 'parallelSync'> {
  return {
    async parallelSync() {
      const s = requireSession(state);
      const record = storedRecord(s);
      if (record.approach !== 'parallel-run') {
        throw new StudioError(
          'MIGRATION_PLAN_INVALID',
          `The migration's approach is ${record.approach ? `"${record.approach}"` : 'not chosen yet'}, not a parallel run: there is no legacy system to keep in step.`,
          'Choose the approach "parallel run with ongoing sync" in the migration record first (Plan screen, or `academia-studio migration record <project> --approach parallel-run`).',
          { where: { field: 'approach' } },
        );
      }
      const mapped = [...new Set((await s.mappings.list()).map((m) => m.entity))];
      if (mapped.length === 0) {
        throw new StudioError('MIGRATION_PLAN_INVALID', 'No entity is mapped yet, so the parallel run\'s sync would have nothing to follow.', 'Map the source tables onto Academia Pro entities on the Mapping screen first.', { where: { field: 'mappings' } });
      }
      const existing = (await api().syncs.list({})).find((d) => d.name === PARALLEL_SYNC_NAME);
      if (!existing) {
        const input: SyncDefinitionInput = { name: PARALLEL_SYNC_NAME, type: 'Delta', direction: 'one-way', entities: mapped.map((entity) => ({ entity })), schedule: PARALLEL_SCHEDULE };
        await api().syncs.define(input);
        s.audit.append({ action: 'migration.parallel-sync', object: `sync:${PARALLEL_SYNC_NAME}`, summary: `Parallel run: sync "${PARALLEL_SYNC_NAME}" defined for ${mapped.join(', ')}, nightly at 02:00 UTC.` });
      } else {
        // Keep what the school set on the Syncs screen (schedule, gate, each entity's mode); follow the mappings as they are now.
        const kept = new Map(existing.entities.map((e) => [e.entity, e]));
        const entities: SyncEntity[] = mapped.map((entity) => kept.get(entity) ?? { entity });
        const same = entities.length === existing.entities.length && entities.every((e) => kept.has(e.entity));
        if (!same) {
          await api().syncs.update({ name: existing.name, type: existing.type, direction: existing.direction, entities, sourceTimeZone: existing.sourceTimeZone, schedule: existing.schedule, gate: existing.gate });
          s.audit.append({ action: 'migration.parallel-sync', object: `sync:${PARALLEL_SYNC_NAME}`, summary: `Parallel run: sync "${PARALLEL_SYNC_NAME}" now follows ${mapped.join(', ')}.` });
        }
      }
      return syncMigrationStatus(state, s);
    },
  };
}
