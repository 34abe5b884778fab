import type { ConflictPolicy, FieldOwner, SyncEntity, TwoWaySettings } from '../../../../shared/model/sync';

/** The two-way part of the sync form: `entity.field` lists, as a person types them. */
export interface TwoWayFormValues {
  policy: ConflictPolicy;
  /** Fields Academia Pro owns, e.g. "students.gradeLevel, enrollments.status". */
  targetOwned: string;
  /** Fields either side may change (conflicts possible). */
  bothOwned: string;
  /** Fields allowed to be written back into the old system. */
  writeBack: string;
}

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** What the form shows for a definition's entities (their two-way settings put back into `entity.field` lists). */
export function twoWayFormOf(entities: SyncEntity[]): TwoWayFormValues {
  const owned = (owner: FieldOwner) => entities.flatMap((e) => Object.entries(e.twoWay?.owners ?? {}).filter(([, o]) => o === owner).map(([f]) => `${e.entity}.${f}`));
  return {
    policy: entities.find((e) => e.twoWay?.policy)?.twoWay?.policy ?? 'manual',
    targetOwned: owned('target').join(', '),
    bothOwned: owned('both').join(', '),
    writeBack: entities.flatMap((e) => (e.twoWay?.writeBack ?? []).map((f) => `${e.entity}.${f}`)).join(', '),
  };
}

/**
 * The form's lists as each entity's two-way settings, or the first entry that cannot be placed
 * (no `entity.` in front, or an entity the sync does not follow), for the form to say so.
 */
export function twoWaySettingsOf(values: TwoWayFormValues, entities: string[]): { settings: Record<string, TwoWaySettings> } | { bad: string } {
  const settings: Record<string, TwoWaySettings> = Object.fromEntries(entities.map((e) => [e, { policy: values.policy, owners: {}, writeBack: [] }]));
  const place = (entry: string): [string, string] | null => {
    const dot = entry.indexOf('.');
    if (dot <= 0 || dot === entry.length - 1) return null;
    const entity = entry.slice(0, dot);
    return settings[entity] ? [entity, entry.slice(dot + 1)] : null;
  };
  for (const [text, owner] of [
    [values.targetOwned, 'target'],
    [values.bothOwned, 'both'],
  ] as const) {
    for (const entry of list(text)) {
      const at = place(entry);
      if (!at) return { bad: entry };
      settings[at[0]].owners![at[1]] = owner;
    }
  }
  for (const entry of list(values.writeBack)) {
    const at = place(entry);
    if (!at) return { bad: entry };
    settings[at[0]].writeBack!.push(at[1]);
  }
  return { settings };
}
