import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { createPostgresConnector } from '../../../src/main/engine/connectors/postgres/postgres-connector';
import type { SourceConnector } from '../../../src/main/engine/connectors/connector';
import { parseSourceLocation } from '../../../src/main/engine/connectors/source-location';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
const open: SourceConnector[] = [];

function connector(params: string, url = server.url): SourceConnector {
  const parsed = parseSourceLocation(url + params);
  const c = createPostgresConnector(parsed.config, parsed.password);
  open.push(c);
  return c;
}

beforeAll(async () => {
  // A server with TLS whose certificate (for 127.0.0.1) is signed by a throw-away authority.
  server = await startPostgres({ tls: true });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server?.stop();
});

describe('PostgreSQL connector over TLS', () => {
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

  it('connects encrypted with the certificate verified when given the authority (sslca)', async () => {
    const result = await connector(`?sslca=${encodeURIComponent(server.caFile!)}`).check();
    expect(result).toMatchObject({ ok: true, encrypted: true });
    expect(result.message).toMatch(/encrypted \(TLS, certificate verified\)/);
  });

  it('checks the host name under verify-full, and the chain only under verify-ca', async () => {
    const ca = encodeURIComponent(server.caFile!);
    // The certificate names 127.0.0.1 only; "localhost" reaches the same server under a name it does not carry.
    const byName = server.url.replace('@127.0.0.1:', '@localhost:');
    const full = await connector(`?sslmode=verify-full&sslca=${ca}`, byName).check();
    expect(full.ok).toBe(false);
    expect(full.message).toMatch(/certificate/);
    expect(await connector(`?sslmode=verify-ca&sslca=${ca}`, byName).check()).toMatchObject({ ok: true, encrypted: true });
    expect(await connector(`?sslmode=verify-full&sslca=${ca}`).check()).toMatchObject({ ok: true, encrypted: true });
  });

  it('accepts an untrusted certificate only when told to, and says so', async () => {
    const result = await connector('?trustServerCertificate=true').check();
    expect(result).toMatchObject({ ok: true, encrypted: true });
    expect(result.message).toMatch(/certificate checks are turned off/);
  });

  it('does not encrypt under sslmode=disable, and reports it', async () => {
    const result = await connector('?sslmode=disable').check();
    expect(result).toMatchObject({ ok: true, encrypted: false });
  });
});
