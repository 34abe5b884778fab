import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { createMySqlConnector } from '../../../src/main/engine/connectors/mysql/mysql-connector';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';

let server: MariaDbServer;
const open: SourceConnector[] = [];

function connector(params: string, url = server.url): SourceConnector {
  const parsed = parseSourceLocation(url + params);
  const c = createMySqlConnector(parsed.config, parsed.password);
  open.push(c);
  return c;
}

beforeAll(async () => {
  // A server with TLS whose certificate (for 127.0.0.1) is signed by a throw-away authority.
  server = await startMariaDb({ tls: true });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server?.stop();
});

describe('MySQL/MariaDB connector over TLS', () => {
  it('encrypts by default and refuses a certificate it cannot verify, rather than falling back', async () => {
    const c = connector('');
    const result = await c.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/certificate/);
    const err = await c.discover().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('SOURCE_TLS_FAILED');
    expect((err as StudioError).hint).toMatch(/sslca/);
  });

  it('connects encrypted with the certificate verified when given the authority, and reads through it', async () => {
    const c = connector(`?sslca=${encodeURIComponent(server.caFile!)}`);
    const result = await c.check();
    expect(result).toMatchObject({ ok: true, encrypted: true });
    expect(result.message).toMatch(/encrypted \(TLS, certificate verified\)/);
    expect(Array.isArray(await c.discover())).toBe(true);
  });

  it('checks the host name under VERIFY_IDENTITY, and the chain only under VERIFY_CA (MySQL spelling)', async () => {
    const ca = encodeURIComponent(server.caFile!);
    // The certificate names 127.0.0.1 only; "localhost" reaches the same server under a name it does not carry.
    const byName = server.url.replace('@127.0.0.1:', '@localhost:');
    const full = await connector(`?ssl-mode=VERIFY_IDENTITY&sslca=${ca}`, byName).check();
    expect(full.ok).toBe(false);
    expect(full.message).toMatch(/certificate/);
    expect(await connector(`?ssl-mode=VERIFY_CA&sslca=${ca}`, byName).check()).toMatchObject({ ok: true, encrypted: true });
    expect(await connector(`?ssl-mode=VERIFY_IDENTITY&sslca=${ca}`).check()).toMatchObject({ ok: true, encrypted: true });
  });

  it('accepts an untrusted certificate only when told to, and says so', async () => {
    const result = await connector('?trustServerCertificate=true').check();
    expect(result).toMatchObject({ ok: true, encrypted: true });
    expect(result.message).toMatch(/certificate checks are turned off/);
  });

  it('does not encrypt under ssl-mode=DISABLED, and warns', async () => {
    const result = await connector('?ssl-mode=DISABLED').check();
    expect(result).toMatchObject({ ok: true, encrypted: false });
    expect(result.message).toMatch(/NOT encrypted/);
  });
});
