import type { CallOptions, MethodContract } from '../../../shared/api/contract';
import { studioContract } from '../../../shared/api/contracts/index';
import type { StudioApi } from '../../../shared/api/services';
import { StudioError, toErrorShape } from '../../../shared/errors';
import type { CallMessage, ServerMessage } from '../../../shared/api/rpc';

const contract = studioContract as unknown as Record<string, Record<string, MethodContract>>;

/**
 * The engine's edge: checks that a call names a real method of the contract table
 * (src/shared/api/contracts/) and that its parameters match the method's schema before any
 * service code runs. The method gets `options` too (the call's AbortSignal, when the channel can
 * cancel). Whatever happens, the answer is a result or a typed error — never an exception that
 * could crash a host.
 */
export async function dispatch(api: StudioApi, message: unknown, options: CallOptions = {}): Promise<ServerMessage | null> {
  const call = message as Partial<CallMessage>;
  if (!call || typeof call !== 'object' || call.kind !== 'call' || typeof call.id !== 'number') {
    return { kind: 'error', id: typeof call?.id === 'number' ? call.id : -1, error: toErrorShape(new StudioError('BAD_REQUEST', 'The studio received a message it does not understand.', 'This is a bug in the client that sent it; reload the window.')) };
  }
  try {
    const service = typeof call.service === 'string' && Object.hasOwn(contract, call.service) ? contract[call.service] : undefined;
    const schema = service && typeof call.method === 'string' && Object.hasOwn(service, call.method) ? service[call.method].params : undefined;
    if (!schema) {
      throw new StudioError('UNKNOWN_METHOD', `The studio has no operation "${String(call.service)}.${String(call.method)}".`, 'The window and the engine may be different versions; restart the studio.');
    }
    const parsed = schema.safeParse(call.params);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ');
      throw new StudioError('BAD_REQUEST', `The request to ${call.service}.${call.method} is malformed: ${detail}.`, 'Check the values sent; nothing was changed.');
    }
    options.signal?.throwIfAborted();
    const target = (api as unknown as Record<string, Record<string, (p: unknown, o: CallOptions) => Promise<unknown>>>)[call.service!];
    const result = await target[call.method!](parsed.data, options);
    return { kind: 'result', id: call.id, result: result === undefined ? null : result };
  } catch (err) {
    return { kind: 'error', id: call.id, error: toErrorShape(options.signal?.aborted && !(err instanceof StudioError) ? cancelled(call as CallMessage) : err) };
  }
}

/** The error a cancelled call answers (the client has usually rejected it already). */
export function cancelled(call: Pick<CallMessage, 'service' | 'method'>): StudioError {
  return new StudioError('CANCELLED', `${call.service}.${call.method} was cancelled.`, 'Nothing more will come back for it; run it again when needed.');
}
