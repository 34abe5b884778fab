import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileGrantInfo, FolderListing } from '../../../shared/api/services';
import type { Catalog, ConnectionInfo, ConnectionKind, Preview } from '../../../shared/model/connection';
import type { StoreDeps } from './store-deps';

/** The rows shown for one stream of one connection. */
export interface PreviewState {
  connectionId: string;
  stream: string;
  loading: boolean;
  data: Preview | null;
}

/** What is being done to which connection right now (for spinners and disabled buttons). */
export type ConnectionTask = 'test' | 'discover' | 'remove' | 'secret';

export interface ConnectionsState {
  connections: ConnectionInfo[];
  loaded: boolean;
  adding: boolean;
  selectedId: string | null;
  /** Saved catalogs by connection id; null = never discovered; absent = not loaded yet. */
  catalogs: Record<string, Catalog | null>;
  tasks: Record<string, ConnectionTask | undefined>;
  selectedStream: string | null;
  preview: PreviewState | null;
  load(): Promise<void>;
  add(request: { name: string; location: string; kind?: ConnectionKind }): Promise<ConnectionInfo | null>;
  remove(id: string): Promise<boolean>;
  /**
   * Enters or replaces a connection's password (it goes to the vault). The password is passed
   * straight through, never kept in the store; true when the engine took it.
   */
  setSecret(id: string, secret: string): Promise<boolean>;
  test(id: string): Promise<void>;
  discover(id: string): Promise<void>;
  select(id: string | null): void;
  selectStream(stream: string | null): void;
  loadPreview(stream: string, limit?: number): Promise<void>;
  /** The browser host's picker: one folder of the studio machine (null after an error, which is shown). */
  browse(path?: string): Promise<FolderListing | null>;
  /** The person picked this file or folder in the picker: the engine may now read it. */
  grant(path: string): Promise<FileGrantInfo | null>;
  /** Forgets everything (another project was opened). */
  reset(): void;
}

export type ConnectionsStore = StoreApi<ConnectionsState>;

const initial = {
  connections: [] as ConnectionInfo[],
  loaded: false,
  adding: false,
  selectedId: null as string | null,
  catalogs: {} as Record<string, Catalog | null>,
  tasks: {} as Record<string, ConnectionTask | undefined>,
  selectedStream: null as string | null,
  preview: null as PreviewState | null,
};

export function createConnectionsStore({ api, reportError }: StoreDeps): ConnectionsStore {
  return createStore<ConnectionsState>()((set, get) => {
    const nameOf = (id: string) => get().connections.find((c) => c.id === id)?.name ?? id;
    const setTask = (id: string, task: ConnectionTask | undefined) => set({ tasks: { ...get().tasks, [id]: task } });
    const replace = (connection: ConnectionInfo) =>
      set({ connections: get().connections.map((c) => (c.id === connection.id ? connection : c)) });

    const loadCatalog = async (id: string) => {
      try {
        const catalog = await api.connections.catalog({ id });
        set({ catalogs: { ...get().catalogs, [id]: catalog } });
      } catch (error) {
        reportError(error, `Reading the saved catalog of “${nameOf(id)}”`);
      }
    };

    return {
      ...initial,
      async load() {
        try {
          const connections = await api.connections.list();
          const selectedId = get().selectedId;
          set({
            connections,
            loaded: true,
            selectedId: selectedId && connections.some((c) => c.id === selectedId) ? selectedId : (connections[0]?.id ?? null),
          });
          const selected = get().selectedId;
          if (selected && !(selected in get().catalogs)) await loadCatalog(selected);
        } catch (error) {
          set({ loaded: true });
          reportError(error, 'Listing the source connections');
        }
      },
      async add(request) {
        set({ adding: true });
        try {
          const connection = await api.connections.add(request);
          set({ connections: [...get().connections.filter((c) => c.id !== connection.id), connection] });
          get().select(connection.id);
          return connection;
        } catch (error) {
          reportError(error, `Adding the connection “${request.name}”`);
          return null;
        } finally {
          set({ adding: false });
        }
      },
      async browse(path) {
        try {
          return await api.files.browse(path === undefined ? {} : { path });
        } catch (error) {
          reportError(error, `Opening the folder ${path ?? 'of your home'}`);
          return null;
        }
      },
      async grant(path) {
        try {
          return await api.files.grant({ path });
        } catch (error) {
          reportError(error, `Choosing ${path}`);
          return null;
        }
      },
      async remove(id) {
        const name = nameOf(id);
        setTask(id, 'remove');
        try {
          await api.connections.remove({ id });
          const connections = get().connections.filter((c) => c.id !== id);
          const { [id]: _removed, ...catalogs } = get().catalogs;
          set({ connections, catalogs });
          if (get().selectedId === id) get().select(connections[0]?.id ?? null);
          return true;
        } catch (error) {
          reportError(error, `Removing the connection “${name}”`);
          return false;
        } finally {
          setTask(id, undefined);
        }
      },
      async setSecret(id, secret) {
        setTask(id, 'secret');
        try {
          replace(await api.connections.setSecret({ id, secret }));
          return true;
        } catch (error) {
          reportError(error, `Saving the password of “${nameOf(id)}”`);
          return false;
        } finally {
          setTask(id, undefined);
        }
      },
      async test(id) {
        setTask(id, 'test');
        try {
          const result = await api.connections.test({ id });
          const connection = get().connections.find((c) => c.id === id);
          if (connection) replace({ ...connection, lastTest: result });
        } catch (error) {
          reportError(error, `Testing the connection “${nameOf(id)}”`);
        } finally {
          setTask(id, undefined);
        }
      },
      async discover(id) {
        setTask(id, 'discover');
        try {
          const catalog = await api.connections.discover({ id });
          set({ catalogs: { ...get().catalogs, [id]: catalog } });
          if (get().selectedId === id && !catalog.streams.some((s) => s.name === get().selectedStream)) {
            set({ selectedStream: catalog.streams[0]?.name ?? null, preview: null });
          }
        } catch (error) {
          reportError(error, `Discovering the tables of “${nameOf(id)}”`);
        } finally {
          setTask(id, undefined);
        }
      },
      select(id) {
        if (id === get().selectedId) return;
        set({ selectedId: id, selectedStream: null, preview: null });
        if (id && !(id in get().catalogs)) void loadCatalog(id);
      },
      selectStream(stream) {
        if (stream === get().selectedStream) return;
        set({ selectedStream: stream, preview: null });
      },
      async loadPreview(stream, limit = 200) {
        const connectionId = get().selectedId;
        if (!connectionId) return;
        set({ preview: { connectionId, stream, loading: true, data: null } });
        const isCurrent = () => get().preview?.connectionId === connectionId && get().preview?.stream === stream;
        try {
          const data = await api.connections.preview({ id: connectionId, stream, limit });
          if (isCurrent()) set({ preview: { connectionId, stream, loading: false, data } });
        } catch (error) {
          if (isCurrent()) set({ preview: null });
          reportError(error, `Previewing “${stream}”`);
        }
      },
      reset() {
        set({ ...initial });
      },
    };
  });
}
