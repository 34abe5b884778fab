import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ValueCount } from '../../../shared/model/assessment';
import type { Catalog } from '../../../shared/model/connection';
import type { Crosswalk } from '../../../shared/model/crosswalk';
import type { EntityMapping, FieldMapping, FieldTransform, MappingFilter } from '../../../shared/model/mapping';
import type { EntityMappingInput, MappingExportFile, MappingHistory, MappingOutputDescription, MappingPreview, MappingValidation } from '../../../shared/model/mapping-api';
import type { EntitySuggestion, FieldSuggestion, SuggestionResult } from '../../../shared/model/suggestion';
import { StudioError } from '../../../shared/errors';
import { isNoProjectError, type StoreDeps } from './store-deps';

/** Rows the live preview asks for (the engine reads no more than these through the real stages). */
export const PREVIEW_ROWS = 50;
/** Quiet time after the last edit before the checks and the preview are asked again. */
export const CHECK_DELAY_MS = 350;

/** A place on the Mapping screen a message points at: the mapping (by id, or by the stream it reads) and a field or column in it. */
export interface MappingFocus {
  mappingId?: string;
  /** The source table/stream: the first mapping that reads it. */
  stream?: string;
  entity?: string;
  field?: string;
  column?: string;
}

/** One imported mapping: what import did, and what the checks say of it in this project. */
export interface ImportReportLine {
  id: string;
  entity: string;
  status: 'created' | 'updated' | 'unchanged';
  errors: number;
  warnings: number;
  /** The first few remarks, for the report. */
  remarks: string[];
}

export type MappingTask = 'save' | 'signOff' | 'suggest' | 'discover' | null;

/** Timers for the debounced checks (tests inject their own). */
export interface MappingTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface MappingState {
  mappings: EntityMapping[];
  loaded: boolean;
  selectedId: string | null;
  /** The spec being edited (unsaved edits live here until Save). */
  draft: EntityMappingInput | null;
  dirty: boolean;
  /** Saved catalogs by connection id (null: never discovered). */
  catalogs: Record<string, Catalog | null>;
  output: MappingOutputDescription | null;
  validation: MappingValidation | null;
  preview: MappingPreview | null;
  previewing: boolean;
  /** Why the preview could not be made (the engine's message), or null. */
  previewError: string | null;
  /** The engine's suggestions for the draft's entity, once asked for. */
  suggestion: EntitySuggestion | null;
  /** The target field shown in the side panel. */
  selectedField: string | null;
  /** A source column picked with the keyboard, waiting for a target field. */
  pendingColumn: string | null;
  /** A place asked for before the mappings were loaded (a link from another screen). */
  focus: MappingFocus | null;
  history: MappingHistory | null;
  task: MappingTask;
  load(): Promise<void>;
  select(id: string | null): Promise<void>;
  /**
   * Starts an unsaved mapping on the canvas (Save creates it). From a suggestion, its key is taken
   * and its field suggestions are offered dashed, to accept one by one or all.
   */
  startNew(start: { connectionId: string; stream: string; entity: string; suggestion?: EntitySuggestion }): Promise<void>;
  /** A named crosswalk, or null when there is none of that name yet (or it cannot be read: the error is shown). */
  readCrosswalk(name: string): Promise<Crosswalk | null>;
  /** Saves a named crosswalk; every mapping that names it uses it from the next run (and the preview at once). */
  saveCrosswalk(name: string, table: Record<string, string>, description?: string): Promise<Crosswalk | null>;
  /**
   * The values a source column holds, most common first, from the connection's latest completed
   * assessment (its profile's top values); null when the column was never assessed.
   */
  sourceValues(connectionId: string, stream: string, column: string): Promise<ValueCount[] | null>;
  /** The saved mapping shown (or every mapping) as an export file, like `mapping export`. */
  exportFile(all: boolean): MappingExportFile | null;
  /**
   * Imports an export file onto one of this project's connections (all or none), then checks each
   * imported mapping here: the compatibility report. Null when the file was refused (shown).
   */
  importFile(text: string, connectionId: string): Promise<ImportReportLine[] | null>;
  /** The connection's saved catalog (read once, then kept), or null when it was never discovered. */
  ensureCatalog(connectionId: string): Promise<Catalog | null>;
  /** Suggestions for a whole connection (the new-mapping dialog offers an entity per likely stream). */
  suggestFor(connectionId: string): Promise<SuggestionResult | null>;
  /** Opens the mapping a message is about, and selects its field. */
  focusOn(focus: MappingFocus): void;
  pickColumn(column: string | null): void;
  /** Selects a target field; with a column picked, connects the two. */
  pickField(field: string | null): void;
  connect(column: string, field: string): void;
  disconnect(field: string): void;
  /** Feeds the field from no column, keeping its steps (a constant, a join of columns). */
  clearColumn(field: string): void;
  /** The project's named crosswalks (for the crosswalk step's name); empty when they cannot be read. */
  listCrosswalkNames(): Promise<string[]>;
  setTransforms(field: string, transforms: FieldTransform[]): void;
  /** Replaces the row filters (a mapping with filters is a version-2 spec). */
  setFilters(filters: MappingFilter[]): void;
  suggest(): Promise<void>;
  /** Suggestions that would feed a field nothing feeds yet, with a column the source has. */
  openSuggestions(): FieldSuggestion[];
  acceptSuggestion(field: string): void;
  acceptAllSuggestions(): void;
  discover(connectionId: string): Promise<void>;
  save(): Promise<boolean>;
  revert(): void;
  loadHistory(): Promise<void>;
  signOff(): Promise<boolean>;
  /** Asks the checks and the preview again now (also done on each edit, debounced). */
  refreshChecks(): Promise<void>;
  reset(): void;
}

export type MappingStore = StoreApi<MappingState>;

const initial = {
  mappings: [] as EntityMapping[],
  loaded: false,
  selectedId: null as string | null,
  draft: null as EntityMappingInput | null,
  dirty: false,
  catalogs: {} as Record<string, Catalog | null>,
  output: null as MappingOutputDescription | null,
  validation: null as MappingValidation | null,
  preview: null as MappingPreview | null,
  previewing: false,
  previewError: null as string | null,
  suggestion: null as EntitySuggestion | null,
  selectedField: null as string | null,
  pendingColumn: null as string | null,
  focus: null as MappingFocus | null,
  history: null as MappingHistory | null,
  task: null as MappingTask,
};

/** The spec as `create` / `update` take it (no id or time). */
export function toInput(mapping: EntityMapping): EntityMappingInput {
  const { id: _id, updatedAt: _at, ...rest } = structuredClone(mapping);
  return rest;
}

/** Fields whose crosswalk steps name `crosswalk` and carry its table get the saved table. */
export function withCrosswalkTable(fields: FieldMapping[], crosswalk: Crosswalk): FieldMapping[] {
  return fields.map((f) => ({
    ...f,
    transforms: f.transforms.map((step) => (step.kind === 'crosswalk' && step.crosswalk === crosswalk.name && step.table !== undefined ? { ...step, table: { ...crosswalk.table } } : step)),
  }));
}

/** A file the screen refuses before the engine sees it (not JSON, not a mappings export). */
function badImportFile(message: string): StudioError {
  return new StudioError('MAPPING_INVALID', message, 'Choose a file written by “Export” on the Mapping screen or by `academia-studio mapping export`.');
}

/** The key field: fed by the key columns, not by a field mapping. */
export const KEY_FIELD = 'externalId';

/** Every column the draft's source offers: the driving stream's, then each join's as `<as>.<column>`. */
export function sourceColumns(draft: EntityMappingInput, catalogs: Record<string, Catalog | null>): string[] {
  const streamColumns = (connectionId: string, stream: string) => catalogs[connectionId]?.streams.find((s) => s.name === stream)?.columns.map((c) => c.name) ?? null;
  const used = new Set<string>([...draft.keyColumns, ...draft.fields.flatMap((f) => (f.column ? [f.column] : []))]);
  const driving = streamColumns(draft.connectionId, draft.stream) ?? [...used].filter((c) => !(draft.joins ?? []).some((j) => c.startsWith(`${j.as}.`)));
  const joined = (draft.joins ?? []).flatMap((j) => {
    const known = streamColumns(j.connectionId ?? draft.connectionId, j.stream);
    return known ? known.map((c) => `${j.as}.${c}`) : [...used].filter((c) => c.startsWith(`${j.as}.`));
  });
  return [...driving, ...joined];
}

export function createMappingStore({ api, reportError }: StoreDeps, timers: MappingTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }, delayMs = CHECK_DELAY_MS): MappingStore {
  return createStore<MappingState>()((set, get) => {
    let pending: unknown = null;
    // Answers to an older draft are dropped: only the newest edit's checks are shown.
    let checkSeq = 0;

    const schedule = () => {
      if (pending !== null) timers.clear(pending);
      pending = timers.set(() => {
        pending = null;
        void get().refreshChecks();
      }, delayMs);
    };

    const edit = (change: (draft: EntityMappingInput) => EntityMappingInput) => {
      const draft = get().draft;
      if (!draft) return;
      set({ draft: change(structuredClone(draft)), dirty: true });
      schedule();
    };

    const loadCatalogs = async (draft: EntityMappingInput) => {
      const ids = [...new Set([draft.connectionId, ...(draft.joins ?? []).map((j) => j.connectionId ?? draft.connectionId)])].filter((id) => !(id in get().catalogs));
      const found = await Promise.all(ids.map((id) => api.connections.catalog({ id }).catch(() => null)));
      set({ catalogs: { ...get().catalogs, ...Object.fromEntries(ids.map((id, i) => [id, found[i]])) } });
    };

    const applyFocus = async (focus: MappingFocus) => {
      const { mappings } = get();
      const target =
        mappings.find((m) => m.id === focus.mappingId) ??
        mappings.find((m) => focus.stream !== undefined && m.stream.toLowerCase() === focus.stream.toLowerCase() && (focus.entity === undefined || m.entity === focus.entity)) ??
        mappings.find((m) => focus.entity !== undefined && m.entity === focus.entity);
      if (!target) return;
      if (target.id !== get().selectedId) await get().select(target.id);
      const draft = get().draft;
      const field = focus.field ?? (focus.column ? draft?.fields.find((f) => f.column === focus.column)?.field : undefined);
      set({ focus: null, selectedField: field ?? null });
    };

    return {
      ...initial,
      async load() {
        try {
          const mappings = await api.mappings.list();
          set({ mappings, loaded: true });
          const { selectedId, focus } = get();
          if (focus) await applyFocus(focus);
          else if (selectedId === null || !mappings.some((m) => m.id === selectedId)) await get().select(mappings[0]?.id ?? null);
        } catch (error) {
          if (!isNoProjectError(error)) reportError(error, 'Listing the mappings');
          set({ loaded: true });
        }
      },
      async select(id) {
        if (pending !== null) timers.clear(pending);
        pending = null;
        const mapping = get().mappings.find((m) => m.id === id) ?? null;
        set({ selectedId: mapping?.id ?? null, draft: mapping ? toInput(mapping) : null, dirty: false, output: null, validation: null, preview: null, previewError: null, suggestion: null, selectedField: null, pendingColumn: null, history: null });
        if (!mapping) return;
        await loadCatalogs(toInput(mapping));
        await get().refreshChecks();
      },
      async startNew({ connectionId, stream, entity, suggestion }) {
        if (pending !== null) timers.clear(pending);
        pending = null;
        const filter = suggestion?.filter?.values?.length ? [{ column: suggestion.filter.column, op: 'in' as const, values: [...suggestion.filter.values], label: suggestion.filter.reason }] : undefined;
        const draft: EntityMappingInput = {
          entity,
          connectionId,
          stream,
          keyColumns: suggestion && suggestion.table === stream ? [...suggestion.keyColumns] : [],
          fields: [],
          ...(filter ? { specVersion: 2 as const, filters: filter } : {}),
        };
        set({ selectedId: null, draft, dirty: true, output: null, validation: null, preview: null, previewError: null, suggestion: suggestion ?? null, selectedField: null, pendingColumn: null, history: null });
        await loadCatalogs(draft);
        await get().refreshChecks();
      },
      async readCrosswalk(name) {
        try {
          return await api.mappings.crosswalk({ name });
        } catch (error) {
          // A name not saved yet is a new, empty table.
          if ((error as { code?: unknown }).code !== 'CROSSWALK_NOT_FOUND') reportError(error, `Reading the crosswalk “${name}”`);
          return null;
        }
      },
      async saveCrosswalk(name, table, description) {
        try {
          const saved = await api.mappings.putCrosswalk({ name, table, ...(description !== undefined ? { description } : {}) });
          // Mappings read from the project carry a named crosswalk's table as it was: bring the copies
          // here up to date, so the preview translates with the saved table (not an edit of the spec).
          const { draft, mappings } = get();
          set({
            draft: draft ? { ...draft, fields: withCrosswalkTable(draft.fields, saved) } : null,
            mappings: mappings.map((m) => ({ ...m, fields: withCrosswalkTable(m.fields, saved) })),
          });
          schedule();
          return saved;
        } catch (error) {
          reportError(error, `Saving the crosswalk “${name}”`);
          return null;
        }
      },
      async sourceValues(connectionId, stream, column) {
        try {
          const latest = (await api.assessment.list()).filter((a) => a.connectionId === connectionId && a.status === 'Completed').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
          if (!latest) return null;
          const detail = await api.assessment.get({ assessmentId: latest.assessmentId });
          const profile = detail.profiles.find((p) => p.table.toLowerCase() === stream.toLowerCase() && p.column.toLowerCase() === column.toLowerCase());
          return profile ? profile.topValues : null;
        } catch (error) {
          if (!isNoProjectError(error)) reportError(error, `Reading the values of ${stream}.${column}`);
          return null;
        }
      },
      exportFile(all) {
        const { mappings, selectedId } = get();
        const chosen = all ? mappings : mappings.filter((m) => m.id === selectedId);
        if (chosen.length === 0) return null;
        return { format: 'academia-studio.mappings', formatVersion: 1, exportedAt: new Date().toISOString(), mappings: structuredClone(chosen) };
      },
      async importFile(text, connectionId) {
        let file: Partial<MappingExportFile>;
        try {
          file = JSON.parse(text) as Partial<MappingExportFile>;
        } catch {
          reportError(badImportFile('The file is not JSON.'), 'Importing mappings');
          return null;
        }
        if (file?.format !== 'academia-studio.mappings' || !Array.isArray(file.mappings)) {
          reportError(badImportFile('The file is not a mappings export (format academia-studio.mappings).'), 'Importing mappings');
          return null;
        }
        try {
          const { imported } = await api.mappings.import({ mappings: file.mappings, connectionId });
          const checks = await Promise.all(imported.map((m) => api.mappings.validate({ id: m.id }).catch(() => null)));
          const mappings = await api.mappings.list();
          set({ mappings });
          return imported.map((m, i) => {
            const remarks = checks[i]?.remarks ?? [];
            return {
              ...m,
              errors: remarks.filter((r) => r.level === 'error').length,
              warnings: remarks.filter((r) => r.level === 'warning').length,
              remarks: remarks.filter((r) => r.level !== 'info').slice(0, 5).map((r) => `${r.place}: ${r.message}`),
            };
          });
        } catch (error) {
          reportError(error, 'Importing mappings');
          return null;
        }
      },
      async ensureCatalog(connectionId) {
        if (!(connectionId in get().catalogs)) {
          const catalog = await api.connections.catalog({ id: connectionId }).catch(() => null);
          set({ catalogs: { ...get().catalogs, [connectionId]: catalog } });
        }
        return get().catalogs[connectionId] ?? null;
      },
      async suggestFor(connectionId) {
        set({ task: 'suggest' });
        try {
          return await api.mappings.suggest({ connectionId });
        } catch (error) {
          reportError(error, 'Asking for mapping suggestions');
          return null;
        } finally {
          set({ task: null });
        }
      },
      focusOn(focus) {
        if (get().loaded) void applyFocus(focus);
        else set({ focus });
      },
      pickColumn(column) {
        set({ pendingColumn: column === get().pendingColumn ? null : column });
      },
      pickField(field) {
        const column = get().pendingColumn;
        if (field !== null && column !== null) {
          get().connect(column, field);
          return;
        }
        set({ selectedField: field });
      },
      connect(column, field) {
        edit((draft) => {
          if (field === KEY_FIELD) return { ...draft, keyColumns: [column] };
          const existing = draft.fields.find((f) => f.field === field);
          const fields = existing ? draft.fields.map((f) => (f.field === field ? { ...f, column } : f)) : [...draft.fields, { field, column, transforms: [] }];
          return { ...draft, fields };
        });
        set({ pendingColumn: null, selectedField: field });
      },
      disconnect(field) {
        edit((draft) => (field === KEY_FIELD ? { ...draft, keyColumns: [] } : { ...draft, fields: draft.fields.filter((f) => f.field !== field) }));
      },
      clearColumn(field) {
        edit((draft) => ({ ...draft, fields: draft.fields.flatMap((f) => (f.field !== field ? [f] : f.transforms.length ? [{ ...f, column: null }] : [])) }));
      },
      async listCrosswalkNames() {
        try {
          return (await api.mappings.crosswalks()).map((c) => c.name);
        } catch {
          return [];
        }
      },
      setFilters(filters) {
        edit((draft) => {
          const { filters: _old, ...rest } = draft;
          return filters.length ? { ...rest, specVersion: 2, filters } : rest;
        });
      },
      setTransforms(field, transforms) {
        edit((draft) => {
          const existing = draft.fields.find((f) => f.field === field);
          const fields = existing ? draft.fields.map((f) => (f.field === field ? { ...f, transforms } : f)) : [...draft.fields, { field, column: null, transforms }];
          return { ...draft, fields };
        });
      },
      async suggest() {
        const draft = get().draft;
        if (!draft) return;
        set({ task: 'suggest' });
        try {
          const result = await api.mappings.suggest({ connectionId: draft.connectionId });
          const forEntity = result.entities.filter((e) => e.entity === draft.entity);
          set({ suggestion: forEntity.find((e) => e.table === draft.stream) ?? forEntity[0] ?? { entity: draft.entity, table: draft.stream, confidence: 0, reasons: [], streams: [], keyColumns: [], fields: [] } });
        } catch (error) {
          reportError(error, `Asking for suggestions for ${draft.entity}`);
        } finally {
          set({ task: null });
        }
      },
      openSuggestions() {
        const { suggestion, draft, catalogs } = get();
        if (!suggestion || !draft) return [];
        const columns = new Set(sourceColumns(draft, catalogs));
        const fed = new Set(draft.fields.filter((f) => f.column !== null || f.transforms.length > 0).map((f) => f.field));
        if (draft.keyColumns.length) fed.add(KEY_FIELD);
        return suggestion.fields.filter((s) => s.column !== null && !fed.has(s.field) && columns.has(s.column));
      },
      acceptSuggestion(field) {
        const s = get().openSuggestions().find((x) => x.field === field);
        if (s?.column) get().connect(s.column, s.field);
      },
      acceptAllSuggestions() {
        const open = get().openSuggestions();
        if (!open.length) return;
        edit((draft) => {
          let next = draft;
          for (const s of open) {
            if (s.field === KEY_FIELD) next = { ...next, keyColumns: [s.column!] };
            else next = { ...next, fields: [...next.fields.filter((f) => f.field !== s.field), { field: s.field, column: s.column, transforms: next.fields.find((f) => f.field === s.field)?.transforms ?? [] }] };
          }
          return next;
        });
      },
      async discover(connectionId) {
        set({ task: 'discover' });
        try {
          const catalog = await api.connections.discover({ id: connectionId });
          set({ catalogs: { ...get().catalogs, [connectionId]: catalog } });
          schedule();
        } catch (error) {
          reportError(error, 'Reading the source’s tables and columns');
        } finally {
          set({ task: null });
        }
      },
      async save() {
        const { draft, selectedId } = get();
        if (!draft) return false;
        set({ task: 'save' });
        try {
          const saved = selectedId ? await api.mappings.update({ id: selectedId, mapping: draft }) : await api.mappings.create({ mapping: draft });
          const mappings = get().mappings.some((m) => m.id === saved.id) ? get().mappings.map((m) => (m.id === saved.id ? saved : m)) : [...get().mappings, saved];
          set({ mappings, selectedId: saved.id, draft: toInput(saved), dirty: false });
          if (get().history) await get().loadHistory();
          return true;
        } catch (error) {
          reportError(error, `Saving the mapping of ${draft.stream} → ${draft.entity}`);
          return false;
        } finally {
          set({ task: null });
        }
      },
      revert() {
        const mapping = get().mappings.find((m) => m.id === get().selectedId);
        if (!mapping) return;
        set({ draft: toInput(mapping), dirty: false, pendingColumn: null });
        schedule();
      },
      async loadHistory() {
        const id = get().selectedId;
        if (!id) return;
        try {
          const history = await api.mappings.history({ id });
          if (get().selectedId === id) set({ history });
        } catch (error) {
          reportError(error, 'Reading the mapping’s history');
        }
      },
      async signOff() {
        const id = get().selectedId;
        if (!id || get().dirty) return false;
        set({ task: 'signOff' });
        try {
          await api.mappings.signOff({ id });
          await get().loadHistory();
          return true;
        } catch (error) {
          reportError(error, 'Signing the mapping off');
          return false;
        } finally {
          set({ task: null });
        }
      },
      async refreshChecks() {
        const draft = get().draft;
        if (!draft) return;
        const mine = ++checkSeq;
        set({ previewing: true });
        const [output, validation, preview] = await Promise.allSettled([api.mappings.describeOutput({ mapping: draft }), api.mappings.validate({ mapping: draft }), api.mappings.preview({ mapping: draft, limit: PREVIEW_ROWS })]);
        if (mine !== checkSeq) return;
        const message = (r: PromiseRejectedResult) => (r.reason instanceof Error ? r.reason.message : String(r.reason));
        set({
          output: output.status === 'fulfilled' ? output.value : get().output,
          validation: validation.status === 'fulfilled' ? validation.value : null,
          preview: preview.status === 'fulfilled' ? preview.value : null,
          previewError: preview.status === 'rejected' ? message(preview) : null,
          previewing: false,
        });
        if (output.status === 'rejected' && !isNoProjectError(output.reason)) reportError(output.reason, `Describing what ${draft.entity} will receive`);
      },
      reset() {
        if (pending !== null) timers.clear(pending);
        pending = null;
        checkSeq++;
        set({ ...initial });
      },
    };
  });
}
