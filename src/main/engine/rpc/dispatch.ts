import { requestSchemas } from '../../../shared/api/schemas';
import type { StudioApi } from '../../../shared/api/services';
import { StudioError, toErrorShape } from '../../../shared/errors';
import type { CallMessage, ServerMessage } from '../../../shared/api/rpc';

/**
 * The engine's edge: checks that a call names a real method and that its parameters match the
 * method's schema before any service code runs. Whatever happens, the answer is a result or a
 * typed error — never an exception that could crash a host.
 */
export async function dispatch(api: StudioApi, message: unknown): Promise<ServerMessage | null> {
  const call = message as Partial<CallMessage>;
  if (!call || typeof call !== 'object' || call.kind !== 'call' || typeof call.id !== 'number') {
    return { kind: 'error', id: typeof call?.id === 'number' ? call.id : -1, error: toErrorShape(new StudioError('BAD_REQUEST', 'The studio received a message it does not understand.', 'This is a bug in the client that sent it; reload the window.')) };
  }
  try {
    const schemas = requestSchemas as Record<string, Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }>>;
    const service = typeof call.service === 'string' && Object.hasOwn(schemas, call.service) ? schemas[call.service] : undefined;
    const schema = service && typeof call.method === 'string' && Object.hasOwn(service, call.method) ? service[call.method] : undefined;
    if (!schema) {
      throw new StudioError('UNKNOWN_METHOD', `The studio has no operation "${String(call.service)}.${String(call.method)}".`, 'The window and the engine may be different versions; restart the studio.');
    }
    const parsed = schema.safeParse(call.params);
    if (!parsed.success) {
      const detail = parsed.error!.issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ');
      throw new StudioError('BAD_REQUEST', `The request to ${call.service}.${call.method} is malformed: ${detail}.`, 'Check the values sent; nothing was changed.');
    }
    const target = (api as unknown as Record<string, Record<string, (p: unknown) => Promise<unknown>>>)[call.service!];
    const result = await target[call.method!](parsed.data);
    return { kind: 'result', id: call.id, result: result === undefined ? null : result };
  } catch (err) {
    return { kind: 'error', id: call.id, error: toErrorShape(err) };
  }
}
