import { throwIfCancelled } from './call-cancel';
import type { ColumnProfile } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { AcceptSuggestionsResult, SuggestionResult } from '../../../shared/model/suggestion';
import { loadTargetContract } from '../../../academia-api/contract';
import { loadTargetModel } from '../academia/target-model';
import { sampleProfiles } from '../assessment/profiling/sample-profiles';
import type { EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { previewMapping } from '../pipeline/plan/preview-mapping';
import { acceptSuggestions } from '../suggest/accept-suggestions';
import { suggestMappings } from '../suggest/suggest-mappings';

/** Suggestions for one connection of the open project, with what they were judged on. */
export async function suggestForConnection(s: ProjectSession, connectionId: string, now: Date, signal?: AbortSignal): Promise<{ result: SuggestionResult; streams: StreamInfo[]; profiles: ColumnProfile[] }> {
  await s.connections.get(connectionId, () => 'missing');
  const connector = await s.openSource(connectionId);
  try {
    const streams = await connector.discover();
    throwIfCancelled(signal, 'Suggesting mappings');
    const { profiles } = await sampleProfiles(connector, streams, { now, signal });
    throwIfCancelled(signal, 'Suggesting mappings');
    return { result: suggestMappings({ streams, profiles, model: loadTargetModel(s.project.target().apiVersion) }), streams, profiles };
  } finally {
    await connector.close();
  }
}

/**
 * Saves the suggestions for one connection as mappings (`mapping <project> suggest --accept`):
 * every entity no mapping feeds yet gets the suggested one (created, versioned and audited like
 * any other), its code tables as named crosswalks; an entity that already has a mapping keeps it,
 * so accepting twice, or after a person's edits, changes nothing. When a schools mapping is
 * accepted and the target is the embedded sandbox, the sandbox's school becomes that school's
 * externalId (the project's scope, until scopes name several), so the run works at once.
 */
export async function acceptForConnection(
  state: EngineState,
  s: ProjectSession,
  req: { connectionId: string; minConfidence?: number },
  create: (mapping: EntityMapping) => Promise<void>,
): Promise<AcceptSuggestionsResult> {
  const now = state.now();
  const { result, streams, profiles } = await suggestForConnection(s, req.connectionId, now);
  const model = loadTargetModel(s.project.target().apiVersion);
  const existing = await s.mappings.list();
  const decided = acceptSuggestions({ entities: result.entities, streams, profiles, model, connectionId: req.connectionId, minConfidence: req.minConfidence, mapped: existing.map((m) => m.entity) });
  const kept: AcceptSuggestionsResult['kept'] = [];
  const accepted: AcceptSuggestionsResult['accepted'] = [];
  const known = new Set((await s.crosswalks.list()).map((c) => c.name));
  for (const input of decided.mappings) {
    const has = existing.find((m) => m.entity === input.entity);
    if (has) {
      kept.push({ id: has.id, entity: has.entity });
      continue;
    }
    for (const c of decided.crosswalks) {
      if (known.has(c.name) || !input.fields.some((f) => f.transforms.some((t) => t.kind === 'crosswalk' && t.crosswalk === c.name))) continue;
      await s.crosswalks.put({ ...c, updatedAt: now.toISOString() });
      s.audit.append({ action: 'crosswalk.put', object: `crosswalk:${c.name}`, summary: `Created the crosswalk ${c.name} (${Object.keys(c.table).length} codes) from accepted suggestions.` });
      known.add(c.name);
    }
    const id = await freeId(s, `${input.entity}-${input.stream}`);
    const mapping: EntityMapping = { ...input, id, updatedAt: now.toISOString() };
    await create(mapping);
    accepted.push({ id, entity: input.entity, stream: input.stream });
  }

  let schoolId: string | null = null;
  const school = accepted.find((a) => a.entity === 'schools');
  const target = s.project.target();
  if (school && target.kind === 'embedded-sandbox') {
    const preview = await previewMapping(await s.mappings.get(school.id), {
      contract: loadTargetContract(target.apiVersion),
      schoolId: target.schoolId,
      limit: 1,
      mask: true,
      openSource: (id) => s.openSource(id),
      joinIndex: s.joinIndex,
    });
    const first = preview.rows.find((r) => r.externalId)?.externalId ?? null;
    if (first && first !== target.schoolId) {
      s.project.setMeta('target', JSON.stringify({ ...target, schoolId: first }));
      // The shared target connection knew the old school; the next use reads the new one.
      state.target = {};
      s.audit.append({ action: 'target.save', object: 'target', summary: `The embedded sandbox's school is now ${first}, from the accepted schools mapping ${school.id} (was ${target.schoolId}).` });
    }
    schoolId = first;
  }
  return { suggestions: result, accepted, kept, leftOut: decided.leftOut, schoolId };
}

/** `students-PUPILS`, or `students-PUPILS-2` when that is taken. */
export async function freeId(s: ProjectSession, base: string): Promise<string> {
  const clean = base.replace(/[^\w.:-]+/g, '_').slice(0, 150);
  if (!s.mappings.find(clean)) return clean;
  for (let n = 2; ; n++) if (!s.mappings.find(`${clean}-${n}`)) return `${clean}-${n}`;
}
