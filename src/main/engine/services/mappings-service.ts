import type { MappingsService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { EntityMappingInput, MappingRemark, MappingValidation } from '../../../shared/model/mapping-api';
import { requireSession, type EngineState } from '../core/engine-state';
import { adoptFixIntoMapping, mappingForFinding } from '../mapping/adopt-fix';
import { synthesizeByExample } from '../mapping/by-example/synthesize';
import { describeOutput } from '../pipeline/plan/describe-output';
import { planEnvFor } from '../pipeline/plan/plan-env';
import { previewMapping } from '../pipeline/plan/preview-mapping';
import { referenceRemarks } from '../pipeline/plan/reference-checks';
import { checkPlan } from '../pipeline/plan-executor';
import { planEntity } from '../pipeline/run-plan';
import type { ProjectSession } from '../core/project-session';
import { currentActor } from '../security/actor';
import { loadTargetContract, type TargetContract } from '../../../academia-api/contract';
import { throwIfCancelled } from './call-cancel';
import { acceptForConnection, freeId, suggestForConnection } from './mapping-suggestions';

export function mappingsService(state: EngineState): MappingsService {
  const contractOf = (s: ProjectSession): TargetContract => loadTargetContract(s.project.target().apiVersion);

  /** A saved mapping by id, or an unsaved one as given (the Mapping screen checks edits before saving). */
  const resolve = async (s: ProjectSession, req: { id: string } | { mapping: EntityMappingInput }): Promise<EntityMapping> =>
    'id' in req ? s.mappings.get(req.id) : { ...req.mapping, id: req.mapping.id ?? '', updatedAt: state.now().toISOString() };

  /** Refuses a mapping whose connection or entity does not exist; everything subtler is for `validate`. */
  const admit = async (s: ProjectSession, input: EntityMappingInput): Promise<void> => {
    const known = new Set((await s.connections.list(() => 'missing')).map((c) => c.id));
    for (const id of [input.connectionId, ...(input.joins ?? []).map((j) => j.connectionId ?? input.connectionId)]) {
      if (!known.has(id)) throw new StudioError('MAPPING_INVALID', `The mapping reads the connection ${id}, which this project does not have.`, 'Add the connection first, or use an id from `connections.list`.', { details: { place: 'connectionId' } });
    }
    const contract = contractOf(s);
    if (!contract.hasEntity(input.entity)) {
      throw new StudioError('MAPPING_INVALID', `Academia Pro API ${contract.version} has no entity "${input.entity}".`, `Use one of: ${contract.entities.map((e) => e.name).join(', ')}.`, { details: { place: 'entity' } });
    }
    const as = (input.joins ?? []).map((j) => j.as);
    const twice = as.find((a, i) => as.indexOf(a) !== i);
    if (twice) throw new StudioError('MAPPING_INVALID', `Two joins are named "${twice}", so their columns would collide.`, 'Give each join its own name (`as`).', { details: { place: 'joins' } });
  };

  /**
   * A spec using joins, filters or fan-out says it is version 2 (an older studio then knows it cannot
   * run it); a plain one stays as given, so a version-1 mapping saved again keeps its hash.
   */
  const withSpecVersion = <M extends EntityMappingInput>(m: M): M => (m.joins?.length || m.filters?.length || m.fanOut || m.rules?.length ? { ...m, specVersion: 2 } : m);

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
        await s.mappings.save(adoption.mapping, { action: 'adopt-fix' });
        // The summary names the finding and the change (fields, transform kinds, counts), never row values;
        // no "COLUMN: text" shape either, which the audit's masking would take for a personal field.
        s.audit.append({ action: 'mapping.adopt-fix', object: `mapping:${mapping.id}`, summary: `Adopted the fix for ${code} (${where}) into ${mapping.stream} → ${mapping.entity}. ${adoption.change}` });
      }
      return adoption;
    },
    async crosswalks() {
      return requireSession(state).crosswalks.list();
    },
    async crosswalk({ name }) {
      return requireSession(state).crosswalks.get(name);
    },
    async putCrosswalk({ name, table, description }) {
      const s = requireSession(state);
      const previous = (await s.crosswalks.list()).find((c) => c.name === name) ?? null;
      const crosswalk = { name, table, description: description ?? previous?.description ?? '', updatedAt: state.now().toISOString() };
      await s.crosswalks.put(crosswalk);
      // Counts only: codes can be anything a school typed, and the trail is read by auditors.
      const codes = Object.keys(table).length;
      s.audit.append({ action: 'crosswalk.put', object: `crosswalk:${name}`, summary: `${previous ? 'Replaced' : 'Created'} the crosswalk ${name} (${codes} code${codes === 1 ? '' : 's'}${previous ? `, was ${Object.keys(previous.table).length}` : ''}).` });
      return crosswalk;
    },

    async create({ mapping: input }) {
      const s = requireSession(state);
      await admit(s, input);
      const id = input.id ?? (await freeId(s, `${input.entity}-${input.stream}`));
      if (s.mappings.find(id)) throw new StudioError('MAPPING_INVALID', `A mapping with id ${id} already exists.`, 'Update it instead, or give the new mapping another id.', { details: { place: 'id' } });
      const mapping: EntityMapping = { ...withSpecVersion(input), id, updatedAt: state.now().toISOString() };
      const version = await s.mappings.save(mapping, { action: 'create' });
      s.audit.append({ action: 'mapping.create', object: `mapping:${id}`, summary: `Version ${version?.version ?? 1}. ${version?.change ?? ''}`.trim() });
      return mapping;
    },

    async update({ id, mapping: input }) {
      const s = requireSession(state);
      await s.mappings.get(id);
      if (input.id !== undefined && input.id !== id) throw new StudioError('MAPPING_INVALID', `The mapping's id cannot change (${id} → ${input.id}).`, 'Create a new mapping and delete the old one to rename it.', { details: { place: 'id' } });
      await admit(s, input);
      const mapping: EntityMapping = { ...withSpecVersion(input), id, updatedAt: state.now().toISOString() };
      const version = await s.mappings.save(mapping, { action: 'update' });
      if (version) s.audit.append({ action: 'mapping.update', object: `mapping:${id}`, summary: `Version ${version.version}. ${version.change}` });
      return mapping;
    },

    async delete({ id }) {
      const s = requireSession(state);
      const version = await s.mappings.remove(id, state.now().toISOString());
      s.audit.append({ action: 'mapping.delete', object: `mapping:${id}`, summary: `Version ${version.version}. ${version.change}` });
    },

    async history({ id }) {
      return requireSession(state).mappings.history(id);
    },

    async signOff({ id }) {
      const s = requireSession(state);
      const displayName = s.project.settings().displayName?.trim() || null;
      const signed = s.mappings.signOff(id, { account: currentActor(), displayName, at: state.now().toISOString() });
      s.audit.append({ action: 'mapping.sign-off', object: `mapping:${id}`, summary: `Signed off version ${signed.version} (sha256 ${signed.hash.slice(0, 16)}…, in full in the mapping's history)${displayName ? ` as ${displayName}` : ''}.` });
      return signed;
    },

    async validate(req) {
      const s = requireSession(state);
      const mapping = await resolve(s, req);
      const contract = contractOf(s);
      const env = await planEnvFor(mapping, contract, s.connections);
      const remarks: MappingRemark[] = checkPlan(planEntity(mapping, { kind: 'preview', limit: 1 }, { readBatchSize: 1000, pushBatchSize: 1 }), env).map((r) => ({ level: r.level, stage: r.stage, place: r.place, message: r.message }));
      const mapped = new Set((await s.mappings.list()).map((m) => m.entity));
      mapped.add(mapping.entity);
      remarks.push(...referenceRemarks(mapping, mapped, contract));
      const result: MappingValidation = { mappingId: mapping.id || null, entity: mapping.entity, ok: !remarks.some((r) => r.level === 'error'), remarks };
      return result;
    },

    async byExample(req) {
      return synthesizeByExample(req.examples.map((e) => [e.input, e.output] as const), req.rows);
    },
    async describeOutput(req) {
      const s = requireSession(state);
      return describeOutput(await resolve(s, req), contractOf(s));
    },

    async import({ mappings: inputs, connectionId }) {
      const s = requireSession(state);
      const prepared = inputs.map((raw) => {
        const { updatedAt: _exportedAt, ...input } = raw as EntityMappingInput & { updatedAt?: string };
        if (!connectionId) return input;
        const from = input.connectionId;
        return { ...input, connectionId, joins: input.joins?.map((j) => (j.connectionId === undefined || j.connectionId === from ? { ...j, connectionId: undefined } : j)) };
      });
      const ids = prepared.map((m) => m.id).filter((x): x is string => x !== undefined);
      const twice = ids.find((x, i) => ids.indexOf(x) !== i);
      if (twice) throw new StudioError('MAPPING_INVALID', `The file holds two mappings with the id ${twice}.`, 'Export the mappings again, or remove one of them from the file.');
      for (const m of prepared) await admit(s, m).catch((err: unknown) => {
        if (err instanceof StudioError && !connectionId && /connection/.test(err.message)) {
          throw new StudioError('MAPPING_INVALID', `${err.message} (mapping ${m.id ?? m.entity})`, 'Import with a connection of this project: `mapping <project> import FILE --connection ID` (ids: `mapping <project> list` or the Connections screen).');
        }
        throw err;
      });
      const imported: { id: string; entity: string; status: 'created' | 'updated' | 'unchanged' }[] = [];
      const at = state.now().toISOString();
      for (const input of prepared) {
        const id = input.id ?? (await freeId(s, `${input.entity}-${input.stream}`));
        const existed = s.mappings.find(id) !== null;
        const mapping: EntityMapping = { ...withSpecVersion(input), id, updatedAt: at };
        if (!mapping.joins?.length) delete mapping.joins;
        const version = await s.mappings.save(mapping, { action: 'import' });
        imported.push({ id, entity: mapping.entity, status: version ? (existed ? 'updated' : 'created') : 'unchanged' });
        if (version) s.audit.append({ action: 'mapping.import', object: `mapping:${id}`, summary: `Version ${version.version}. ${version.change}` });
      }
      return { imported };
    },

    async preview(req, options) {
      const signal = options?.signal;
      const s = requireSession(state);
      const mapping = await resolve(s, req);
      const contract = contractOf(s);
      if (!contract.hasEntity(mapping.entity)) throw new StudioError('MAPPING_INVALID', `Academia Pro API ${contract.version} has no entity "${mapping.entity}".`, `Use one of: ${contract.entities.map((e) => e.name).join(', ')}.`);
      const preview = await previewMapping(mapping, {
        contract,
        schoolId: s.project.target().schoolId,
        limit: req.limit ?? 20,
        mask: s.project.settings().maskPersonalData,
        openSource: (id) => s.openSource(id),
        joinIndex: s.joinIndex,
        signal,
      });
      throwIfCancelled(signal, 'The mapping preview');
      return preview;
    },

    async suggest({ connectionId }, options) {
      return (await suggestForConnection(requireSession(state), connectionId, state.now(), options?.signal)).result;
    },

    async acceptSuggestions(req) {
      const s = requireSession(state);
      return acceptForConnection(state, s, req, async (mapping) => {
        await admit(s, mapping);
        const version = await s.mappings.save(withSpecVersion(mapping), { action: 'create' });
        s.audit.append({ action: 'mapping.create', object: `mapping:${mapping.id}`, summary: `Version ${version?.version ?? 1}, accepted from suggestions. ${version?.change ?? ''}`.trim() });
      });
    },
  };
}
