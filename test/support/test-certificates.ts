import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1 (the IP address
 * only, not "localhost", so tests can check host-name verification) signed by it, made with the
 * openssl command. Writes `server.key` and `server.crt` into `dir` and returns the CA file's path.
 * `owner` hands the key to the account the server runs as (PostgreSQL refuses to run as root).
 */
export async function makeTestCertificates(dir: string, owner: { uid: number; gid: number } | null = null): Promise<string> {
  const work = join(dir, 'tls-work');
  mkdirSync(work);
  const ca = join(dir, 'ca.crt');
  const ext = join(work, 'san.ext');
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=apstudio test CA', '-keyout', join(work, 'ca.key'), '-out', ca]);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'server.key'), '-out', join(work, 'server.csr')]);
  await openssl(['x509', '-req', '-in', join(work, 'server.csr'), '-CA', ca, '-CAkey', join(work, 'ca.key'), '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', join(dir, 'server.crt')]);
  chmodSync(join(dir, 'server.key'), 0o600);
  if (owner) {
    chownSync(join(dir, 'server.key'), owner.uid, owner.gid);
    chownSync(join(dir, 'server.crt'), owner.uid, owner.gid);
  }
  return ca;
}

function openssl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args[0]} failed: ${stderr || err.message}. The TLS tests need the openssl command (Debian package "openssl").`));
      else resolve(stdout);
    });
  });
}
