import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PersonDataCounts, PersonEraseResult, PersonExportResult, PersonFound } from '../../../shared/api/contracts/privacy';
import type { AssessmentReportFile } from '../../../shared/model/assessment';
import { StudioError } from '../../../shared/errors';
import { loadTargetContract, type TargetContract } from '../../../academia-api/contract';
import { writeOwnerOnlyFile } from '../../../platform/owner-only';
import type { EngineState } from '../core/engine-state';
import { requireSession } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { ErasedPeopleRepo } from '../project/erased-people-repo';
import { erasePersonData, findPeople, personData, personEntities, recordsAbout, type RecordKey } from '../project/person-records';

/**
 * A family's request about one person (issue 21 point 1; docs/security.md "A family's request"):
 * find them, export everything the project holds about them, or erase it. "About them" is their
 * own record and every record that references it, transitively (enrolments, guardian links,
 * invoices and their payments). The audit trail records what was done with counts and an
 * erasure id — never the key, a name or a value — so an erasure leaves the chain intact and
 * holds nothing of the person.
 */
export function personRequests(state: EngineState) {
  return {
    async personFind({ text, limit }: { text: string; limit?: number }): Promise<PersonFound[]> {
      const s = requireSession(state);
      return findPeople(s.project.db, contractOf(s), text, limit ?? 50);
    },

    async personExport({ entity, externalId, out, overwrite }: RecordKey & { out: string; overwrite?: boolean }): Promise<PersonExportResult> {
      const s = requireSession(state);
      const doc = personDocument(s, { entity, externalId }, state.now());
      const file = resolve(out);
      writeOwnerOnlyFile(file, doc.text, { overwrite: Boolean(overwrite), existsHint: 'Choose another file name, or give overwrite to replace it.' });
      auditExport(s, entity, doc, 'to a file readable only by its owner');
      return { file, bytes: Buffer.byteLength(doc.text), records: doc.records, counts: doc.counts };
    },

    async personDocument({ entity, externalId }: RecordKey): Promise<AssessmentReportFile> {
      const s = requireSession(state);
      const doc = personDocument(s, { entity, externalId }, state.now());
      auditExport(s, entity, doc, 'for download');
      return { filename: `${entity}-person-export.json`, contentType: 'application/json', content: doc.text, encoding: 'utf8' };
    },

    async personErase({ entity, externalId }: RecordKey): Promise<PersonEraseResult> {
      const s = requireSession(state);
      if (state.activeRun) {
        throw new StudioError('RUN_ALREADY_ACTIVE', 'A run is in progress; an erasure waits until it ends, so the run cannot stage the person again behind it.', 'Erase again when the run has finished, or cancel it on the Runs screen.');
      }
      const keys = keysAbout(s, { entity, externalId });
      const counts = erasePersonData(s.project.db, keys);
      new ErasedPeopleRepo(s.project).remember(keys, state.now());
      const erasureId = `erasure-${randomUUID()}`;
      s.audit.append({
        action: 'person.erase',
        object: `person:${entity}`,
        summary: `${erasureId}: erased one ${singular(entity)} and the records about them (${keys.length} records: ${describeCounts(counts)}); kept out of later runs and syncs. Push receipts and run summaries keep ids only.`,
      });
      return { erasureId, records: keys.length, counts, heldOut: keys.length };
    },
  };
}

interface PersonDocument {
  text: string;
  records: number;
  counts: PersonDataCounts;
}

/** Everything the project holds about the person, as the JSON document the export writes (docs/conventions.md). */
function personDocument(s: ProjectSession, person: RecordKey, now: Date): PersonDocument {
  const keys = keysAbout(s, person);
  const { records, counts } = personData(s.project.db, keys);
  const document = {
    kind: 'academia-studio person export',
    project: s.project.info().name,
    exportedAt: now.toISOString(),
    person,
    note: 'Everything this studio project holds about the person: their record and every record referring to it, as staged for Academia Pro, with rejects, rollback pre-images, reconciliation mismatches, merges and sync changes. The legacy source and Academia Pro hold their own copies.',
    counts,
    records,
  };
  return { text: `${JSON.stringify(document, null, 2)}\n`, records: keys.length, counts };
}

function auditExport(s: ProjectSession, entity: string, doc: PersonDocument, where: string): void {
  s.audit.append({ action: 'person.export', object: `person:${entity}`, summary: `Exported what the project holds about one ${singular(entity)} (${doc.records} records: ${describeCounts(doc.counts)}) ${where}.` });
}

/** The person's records and those about them; refuses an entity that holds no people, or a key the project does not hold. */
function keysAbout(s: ProjectSession, person: RecordKey): RecordKey[] {
  const contract = contractOf(s);
  const people = personEntities(contract);
  if (!people.includes(person.entity)) {
    throw new StudioError('USAGE', `"${person.entity}" is not an entity of people.`, `Give one of ${people.join(', ')}, with the person's key (the legacy system's id, as the Runs screen and rejects show it).`);
  }
  const keys = recordsAbout(s.project.db, contract, person);
  const held = personData(s.project.db, keys.slice(0, 1)).counts;
  if (Object.values(held).every((n) => n === 0)) {
    throw new StudioError('PERSON_NOT_FOUND', `The project holds no ${singular(person.entity)} with the key "${person.externalId}".`, 'Search by name first (person find), and use the key it shows; a person a run never staged is held only by the legacy source.');
  }
  return keys;
}

function contractOf(s: ProjectSession): TargetContract {
  return loadTargetContract(s.project.target().apiVersion);
}

function singular(entity: string): string {
  return entity === 'staff' ? 'staff member' : entity.replace(/s$/, '');
}

function describeCounts(c: PersonDataCounts): string {
  return Object.entries(c)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}
