import { describe, expect, it } from 'vitest';
import { maskWords } from '../../../src/main/engine/values/mask';
import { guardSecrets, secretColumnsOf } from '../../../src/main/engine/connectors/secret-guard';
import type { Row, SourceConnector } from '../../../src/main/engine/connectors/connector';
import { classifySecretColumn, digestShaped, hashFormatOf, secretByName } from '../../../src/main/engine/security/secret-columns';

const BCRYPT = '$2y$10$HZHdcJfcVeeuTbU55I4sqFuK3agKfnBSwk0EsepkG5Q.6GGns4yoy';
const HEX40 = 'aa7e2a372522583828919f0409029ca1fc32dd0b';
const HEX64 = 'acbf1d9a9a745057c527bc41fe157269040519156617c49c8fcff926c8d3d6b7';

describe('secret columns by name', () => {
  it.each(['password', 'PASSWORD_HASH', 'userPassword', 'pwd', 'LoginPwd', 'pass', 'user_pass', 'salt', 'pw_salt', 'api_token', 'resetToken', 'client_secret', 'security_answer', 'SecretAnswer', 'hash', 'passcode', 'pin'])('%s is secret', (name) => {
    expect(secretByName(name)).not.toBeNull();
  });
  it.each(['passport_no', 'PassportNumber', 'bypass_reason', 'hashtag', 'hashtags', 'pass_mark', 'PassRate', 'compass', 'answer_count', 'correct_answer_id', 'course_key', 'key_stage', 'first_name', 'username', 'spinner', 'passenger', 'tokenizer_version'])('%s is not secret by name', (name) => {
    expect(secretByName(name)).toBeNull();
  });
});

describe('secret columns by shape', () => {
  it('recognises self-describing hash formats in any column', () => {
    expect(hashFormatOf(BCRYPT)).toBe('bcrypt');
    expect(hashFormatOf(BCRYPT.replace('$2y$', '$2a$'))).toBe('bcrypt');
    expect(hashFormatOf('$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo')).toBe('argon2');
    expect(hashFormatOf('pbkdf2_sha256$260000$abc$def')).toBe('pbkdf2');
    expect(hashFormatOf('$6$rounds=5000$saltsalt$' + 'a'.repeat(86))).toBe('crypt');
    expect(hashFormatOf('$2 off the price')).toBeNull();
    expect(hashFormatOf('Paris')).toBeNull();
    expect(classifySecretColumn('old_login', [null, 'pbkdf2_sha256$1$a$b'])).toMatchObject({ secret: true });
  });
  it('needs a weak secret name for hex and base64 digests', () => {
    expect(digestShaped(HEX40)).toBe(true);
    expect(digestShaped(HEX64)).toBe(true);
    expect(digestShaped('pZ/6tCkb+HWkjX1yujjck5Emgfhz+UXyCSMJgoJLqGs=')).toBe(true);
    expect(digestShaped('abcdefghijklmnopqrstuv')).toBe(false);
    expect(classifySecretColumn('legacy_key', [HEX64, HEX64.slice(0, 32)])).toMatchObject({ secret: true });
    expect(classifySecretColumn('row_guid', ['0f1e2d3c4b5a69788796a5b4c3d2e1f0'])).toEqual({ secret: false, reason: null });
    expect(classifySecretColumn('course_key', ['MATH-101', 'ENG-2'])).toEqual({ secret: false, reason: null });
    expect(classifySecretColumn('file_checksum', [HEX40])).toEqual({ secret: false, reason: null });
  });
});

function fakeConnector(rows: Row[]): SourceConnector {
  const columns = Object.keys(rows[0]).map((name) => ({ name, type: 'string' as const, nativeType: 'TEXT', nullable: true }));
  return {
    kind: 'sqlite',
    check: async () => ({ ok: true, message: 'ok', serverInfo: null }) as never,
    discover: async () => [{ name: 't', columns, primaryKey: ['id'], foreignKeys: [], rowEstimate: rows.length }] as never,
    count: async () => rows.length,
    read: (_s, o) => ({
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < rows.length; i += o.batchSize) yield rows.slice(i, i + o.batchSize).map((r) => ({ ...r }));
      },
    }),
    sample: async (_s, n) => rows.slice(0, n).map((r) => ({ ...r })),
    close: async () => undefined,
  };
}

describe('the secret guard', () => {
  const rows: Row[] = [
    { id: 1, name: 'Amy', password: BCRYPT, legacy_key: HEX64, notes: 'ok', stray: null },
    { id: 2, name: 'Ben', password: 'plain-old-password', legacy_key: HEX64, notes: BCRYPT, stray: 'x' },
  ];
  it('tags by name at discovery, decides shapes on the first rows, and reads secret values as null', async () => {
    const c = guardSecrets(fakeConnector(rows));
    const [stream] = await c.discover();
    expect(stream.columns.filter((x) => x.secret).map((x) => x.name)).toEqual(['password']);
    const batches: Row[][] = [];
    for await (const b of c.read('t', { batchSize: 1 })) batches.push(b);
    expect(batches.flat()).toEqual([
      { id: 1, name: 'Amy', password: null, legacy_key: null, notes: 'ok', stray: null },
      { id: 2, name: 'Ben', password: null, legacy_key: null, notes: null, stray: 'x' },
    ]);
    expect([...secretColumnsOf(c, 't').keys()].sort()).toEqual(['legacy_key', 'password']);
    // A sample sees both rows at once: one bcrypt value makes the whole `notes` column secret.
    expect((await c.sample('t', 5)).map((r) => r.notes)).toEqual([null, null]);
    expect([...secretColumnsOf(c, 't').keys()].sort()).toEqual(['legacy_key', 'notes', 'password']);
    expect(rows[0].password).toBe(BCRYPT); // the source's own rows are not changed
  });
});

describe('masking text the studio cannot decode', () => {
  it('masks a Cyrillic name read in the wrong code page beyond its first damaged pair', () => {
    const mojibake = Buffer.from('Иван Петров', 'utf8').toString('latin1').replace(/[\x80-\x9f]/g, '˜');
    const masked = maskWords(mojibake);
    expect(masked).not.toBe(mojibake);
    expect([...masked].filter((ch) => ch === '•').length).toBeGreaterThan(6);
    // A Latin name with one broken letter still shows the breakage (one damaged pair a word; the ± of ñ is a dot).
    expect(maskWords(Buffer.from('José Núñez', 'utf8').toString('latin1'))).toBe('J••Ã© NÃº••••');
  });
});
