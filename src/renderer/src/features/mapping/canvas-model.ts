import { useMemo } from 'react';
import type { Catalog, ColumnType } from '../../../../shared/model/connection';
import type { EntityMappingInput, OutputFieldInfo } from '../../../../shared/model/mapping-api';
import type { FieldSuggestion } from '../../../../shared/model/suggestion';
import { t } from '../../i18n';
import { KEY_FIELD, sourceColumns } from '../../stores/mapping-store';
import { useMappingStore } from '../../stores/StudioProvider';

export interface CanvasColumn {
  /** As fields name it (`family.CONSENT` for a joined column). */
  name: string;
  /** As the stream names it. */
  label: string;
  type: ColumnType | null;
}

export interface CanvasSource {
  /** `source` for the driving stream, `join:<as>` for a joined one. */
  id: string;
  stream: string;
  /** "joined as family (left) on PUPIL_NO = PUPIL_NO", for a join. */
  joinedAs: string | null;
  columns: CanvasColumn[];
}

export interface CanvasModel {
  draft: EntityMappingInput;
  sources: CanvasSource[];
  /** The entity's fields, fed as the draft stands now (the engine's description may lag an edit). */
  fields: OutputFieldInfo[];
  suggestions: FieldSuggestion[];
  /** True when the source's columns come from the mapping, not from a saved catalog. */
  columnsGuessed: boolean;
}

/** What feeds a field in this draft: its column (or the key columns) and the columns its steps read. */
export function fedByInDraft(draft: EntityMappingInput, field: string): OutputFieldInfo['fedBy'] {
  if (field === KEY_FIELD) return draft.keyColumns.length ? { columns: [...draft.keyColumns], transforms: [] } : null;
  const m = draft.fields.find((f) => f.field === field);
  if (!m || (m.column === null && m.transforms.length === 0)) return null;
  const columns = m.column !== null ? [m.column] : [];
  for (const step of m.transforms as { kind: string; columns?: unknown }[]) if (Array.isArray(step.columns)) columns.push(...step.columns.filter((c): c is string => typeof c === 'string'));
  return { columns, transforms: m.transforms.map((s) => s.kind) };
}

/** The canvas's picture of the selected mapping, rebuilt when the draft, catalogs, description or suggestions change. */
export function useCanvasModel(): CanvasModel | null {
  const draft = useMappingStore((s) => s.draft);
  const catalogs = useMappingStore((s) => s.catalogs);
  const output = useMappingStore((s) => s.output);
  const suggestion = useMappingStore((s) => s.suggestion);
  const openSuggestions = useMappingStore((s) => s.openSuggestions);
  // The sources change only with the stream, the joins and the columns known; an edit of a field
  // keeps them (and so the canvas's source nodes) as they are, which keeps an edit cheap on a wide source.
  const all = draft ? sourceColumns(draft, catalogs) : [];
  const sourcesKey = draft ? JSON.stringify([draft.connectionId, draft.stream, draft.joins ?? [], all]) : '';
  const sources = useMemo(() => (draft ? buildSources(draft, catalogs, all) : []), [sourcesKey, catalogs]); // eslint-disable-line react-hooks/exhaustive-deps
  return useMemo(() => {
    if (!draft) return null;
    const driving = catalogs[draft.connectionId]?.streams.find((s) => s.name === draft.stream) ?? null;
    const fields = (output?.fields ?? []).map((f) => ({ ...f, fedBy: fedByInDraft(draft, f.field) }));
    return { draft, sources, fields, suggestions: suggestion ? openSuggestions() : [], columnsGuessed: driving === null };
  }, [draft, sources, catalogs, output, suggestion, openSuggestions]);
}

function buildSources(draft: EntityMappingInput, catalogs: Record<string, Catalog | null>, all: string[]): CanvasSource[] {
  const streamOf = (connectionId: string, stream: string) => catalogs[connectionId]?.streams.find((s) => s.name === stream) ?? null;
  const driving = streamOf(draft.connectionId, draft.stream);
  const joins = draft.joins ?? [];
  return [
    {
      id: 'source',
      stream: draft.stream,
      joinedAs: null,
      columns: all.filter((c) => !joins.some((j) => c.startsWith(`${j.as}.`))).map((name) => ({ name, label: name, type: driving?.columns.find((c) => c.name === name)?.type ?? null })),
    },
    ...joins.map((j) => {
      const info = streamOf(j.connectionId ?? draft.connectionId, j.stream);
      const on = j.on.map((o) => `${o.column} = ${o.joinColumn}`).join(', ');
      return {
        id: `join:${j.as}`,
        stream: j.stream,
        joinedAs: t('mapping.joinedAs', { as: j.as, kind: j.kind ?? 'left', on }),
        columns: all
          .filter((c) => c.startsWith(`${j.as}.`))
          .map((name) => {
            const label = name.slice(j.as.length + 1);
            return { name, label, type: info?.columns.find((c) => c.name === label)?.type ?? null };
          }),
      };
    }),
  ];
}
