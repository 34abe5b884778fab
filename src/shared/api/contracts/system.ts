import { defineService, method, noParams, type ServiceOf } from '../contract';

/** Facts about the engine itself (version, host kind). */
export const systemContract = defineService({
  info: method(noParams).returns<{ version: string; productName: string; host: 'electron' | 'web' | 'cli'; node: string; platform: string }>(),
});

export type SystemService = ServiceOf<typeof systemContract>;
