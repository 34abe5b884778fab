import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SandboxAdminService } from '../../../shared/api/services';
import type { SandboxAdminOverview } from '../../../shared/model/target';
import { t } from '../i18n';
import { isNoProjectError, type StoreDeps } from './store-deps';

export type VersionStatusRequest = Parameters<SandboxAdminService['setVersionStatus']>[0];
export type ThrottleRuleRequest = Parameters<SandboxAdminService['updateThrottleRule']>[0];
export type ThrottleExceptionRequest = Parameters<SandboxAdminService['createThrottleException']>[0];
export type FaultProfileRequest = Parameters<SandboxAdminService['setFaults']>[0];

export interface SandboxAdminState {
  /** What the sandbox's admin API said last; null before the first look. */
  overview: SandboxAdminOverview | null;
  /** True once the admin page has been shown (it is loaded on demand, then kept fresh). */
  loaded: boolean;
  loading: boolean;
  /** Actions under way, by key (`version:v2`, `client:abc`, `rule:default`, `exception:new`, `exception:<id>`, `token`). */
  busy: Record<string, true | undefined>;
  /** Fetches the whole overview afresh (the Refresh button, and after changes that ripple). */
  load(): Promise<void>;
  /** Hands a standalone sandbox's admin token to the vault, then looks again. */
  setAdminToken(token: string): Promise<boolean>;
  setVersionStatus(request: VersionStatusRequest): Promise<boolean>;
  revokeClient(clientId: string): Promise<boolean>;
  updateThrottleRule(request: ThrottleRuleRequest): Promise<boolean>;
  createThrottleException(request: ThrottleExceptionRequest): Promise<boolean>;
  deleteThrottleException(id: string): Promise<boolean>;
  /** Changes the faults the sandbox injects (busy key `faults`); the overview's facts follow. */
  setFaults(request: FaultProfileRequest): Promise<boolean>;
  reset(): void;
}

export type SandboxAdminStore = StoreApi<SandboxAdminState>;

const initial = { overview: null as SandboxAdminOverview | null, loaded: false, loading: false, busy: {} as Record<string, true | undefined> };

export function createSandboxAdminStore({ api, reportError }: StoreDeps): SandboxAdminStore {
  return createStore<SandboxAdminState>()((set, get) => {
    const setBusy = (key: string, on: boolean) => {
      const { [key]: _was, ...rest } = get().busy;
      set({ busy: on ? { ...rest, [key]: true } : rest });
    };
    /** Runs one admin action; on success patches the overview (when there is one to patch). */
    const act = async <T>(key: string, action: string, call: () => Promise<T>, patch: (overview: SandboxAdminOverview, result: T) => SandboxAdminOverview): Promise<boolean> => {
      setBusy(key, true);
      try {
        const result = await call();
        const overview = get().overview;
        if (overview) set({ overview: patch(overview, result) });
        return true;
      } catch (error) {
        reportError(error, action);
        return false;
      } finally {
        setBusy(key, false);
      }
    };

    return {
      ...initial,
      async load() {
        set({ loading: true });
        try {
          set({ overview: await api.sandboxAdmin.overview() });
        } catch (error) {
          if (!isNoProjectError(error)) reportError(error, 'Reading the sandbox admin overview');
        } finally {
          set({ loading: false, loaded: true });
        }
      },
      async setAdminToken(token) {
        setBusy('token', true);
        try {
          await api.sandboxAdmin.setAdminToken({ token });
        } catch (error) {
          reportError(error, 'Saving the sandbox admin token');
          return false;
        } finally {
          setBusy('token', false);
        }
        await get().load();
        return true;
      },
      async setVersionStatus(request) {
        const done = await act(`version:${request.version}`, `Changing API version ${request.version} to ${request.status}`, () => api.sandboxAdmin.setVersionStatus(request), (o, version) => ({
          ...o,
          versions: o.versions.map((v) => (v.version === version.version ? version : v)),
        }));
        // Making one version Production deprecates another: read every version's new state.
        if (done) await get().load();
        return done;
      },
      revokeClient(clientId) {
        return act(`client:${clientId}`, `Revoking the API client “${clientId}”`, () => api.sandboxAdmin.revokeClient({ clientId }), (o, client) => ({
          ...o,
          clients: o.clients.map((c) => (c.clientId === client.clientId ? client : c)),
        }));
      },
      updateThrottleRule(request) {
        return act(`rule:${request.id}`, 'Changing a throttle rule', () => api.sandboxAdmin.updateThrottleRule(request), (o, rule) => ({
          ...o,
          throttleRules: o.throttleRules.map((r) => (r.id === rule.id ? rule : r)),
        }));
      },
      createThrottleException(request) {
        return act('exception:new', `Adding a throttle exception for “${request.clientId}”`, () => api.sandboxAdmin.createThrottleException(request), (o, exception) => ({
          ...o,
          throttleExceptions: [...o.throttleExceptions.filter((e) => e.id !== exception.id), exception],
        }));
      },
      deleteThrottleException(id) {
        return act(`exception:${id}`, 'Removing a throttle exception', () => api.sandboxAdmin.deleteThrottleException({ id }), (o) => ({
          ...o,
          throttleExceptions: o.throttleExceptions.filter((e) => e.id !== id),
        }));
      },
      setFaults(request) {
        return act('faults', t('sandboxFaults.action'), () => api.sandboxAdmin.setFaults(request), (o, faults) => ({
          ...o,
          faults,
          info: o.info ? { ...o.info, faults: faults.spec } : o.info,
        }));
      },
      reset() {
        set({ ...initial });
      },
    };
  });
}
