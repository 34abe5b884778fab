import type { MappingsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { requireSession, type EngineState } from '../engine-state';
import { adoptFixIntoMapping, mappingForFinding } from '../mapping/adopt-fix';
import { sampleProfiles } from '../mapping/suggest/sample-profiles';
import { suggestMappings } from '../mapping/suggest/suggest-mappings';
import { loadTargetModel } from '../target/target-model';

export function mappingsService(state: EngineState): MappingsService {
  return {
    async list() {
      return requireSession(state).mappings.list();
    },
    async get({ id }) {
      return requireSession(state).mappings.get(id);
    },
    async adoptFix({ assessmentId, code, table, column }) {
      const s = requireSession(state);
      const result = s.assessments.result(assessmentId);
      const where = column === null ? table : `${table}.${column}`;
      const finding = result.findings.find((f) => f.code === code && f.table === table && f.column === column);
      if (!finding) {
        throw new StudioError('BAD_REQUEST', `The assessment ${assessmentId} has no finding ${code} on ${where}.`, 'Refresh the Assessment screen; the finding may belong to another assessment.', { where: { table, ...(column ? { column } : {}) } });
      }
      const connectionId = s.assessments.connectionOf(assessmentId);
      const mapping = mappingForFinding(await s.mappings.list(), connectionId, finding);
      if (!mapping) {
        throw new StudioError('MAPPING_NOT_FOUND', `No mapping reads the table ${table} from the assessed connection, so there is nothing to adopt the fix into.`, `Map ${table} onto an Academia Pro entity on the Mapping screen first, then adopt the fix.`, { where: { table } });
      }
      const adoption = adoptFixIntoMapping(mapping, finding, state.now().toISOString());
      if (adoption.changed) {
        await s.mappings.save(adoption.mapping);
        // The summary names the finding and the change (fields, transform kinds, counts), never row values;
        // no "COLUMN: text" shape either, which the audit's masking would take for a personal field.
        s.audit.append({ action: 'mapping.adopt-fix', object: `mapping:${mapping.id}`, summary: `Adopted the fix for ${code} (${where}) into ${mapping.stream} → ${mapping.entity}. ${adoption.change}` });
      }
      return adoption;
    },
    async suggest({ connectionId }) {
      const s = requireSession(state);
      await s.connections.get(connectionId, () => 'missing');
      const connector = await s.openSource(connectionId);
      try {
        const streams = await connector.discover();
        const { profiles } = await sampleProfiles(connector, streams, { now: state.now() });
        return suggestMappings({ streams, profiles, model: loadTargetModel(s.project.target().apiVersion) });
      } finally {
        await connector.close();
      }
    },
  };
}
