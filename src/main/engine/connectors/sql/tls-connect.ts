import type { SslMode } from './connection-settings';
import { tlsUnavailable, type ServerRef } from './network-errors';

/** What a connector remembers between connections about the server's TLS. */
export interface TlsMemo {
  /** Set once a `prefer` connection found the server offers no TLS, so later ones skip the try. */
  serverLacksTls: boolean;
}

/** A connection made as `sslmode` says, and whether it ended up encrypted. */
export interface SslModeConnection<C> {
  connection: C;
  encrypted: boolean;
}

/**
 * Connects as `sslmode` says: TLS first unless disabled, plaintext only when `prefer` allows it
 * and the server offers no TLS (`offersNoTls` recognises the driver's error for that). Any other
 * failure, a rejected certificate included, is thrown as it came.
 */
export async function connectPerSslMode<C>(mode: SslMode, memo: TlsMemo, server: ServerRef, connect: (tls: boolean) => Promise<C>, offersNoTls: (err: unknown) => boolean): Promise<SslModeConnection<C>> {
  if (mode === 'disable' || (mode === 'prefer' && memo.serverLacksTls)) return { connection: await connect(false), encrypted: false };
  try {
    return { connection: await connect(true), encrypted: true };
  } catch (err) {
    if (!offersNoTls(err)) throw err;
    if (mode !== 'prefer') throw tlsUnavailable(server, err);
    memo.serverLacksTls = true;
    return { connection: await connect(false), encrypted: false };
  }
}
