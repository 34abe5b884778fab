import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../src/platform/open-sqlite';

/**
 * A small school database with secrets planted in it (issue 16, point 6), written before the
 * detector so the tests prove the pattern, not the fixture. Every value is derived from a seed,
 * so the fixture is the same on every machine; the manifest below says exactly which columns
 * must be tagged `secret`, which must not, and which values must never appear in anything the
 * studio writes or prints.
 */

const h = (seed: string, alg = 'sha256') => createHash(alg).update(seed).digest('hex');
const b64 = (seed: string) => createHash('sha256').update(seed).digest('base64');
/** A bcrypt-shaped hash: `$2y$10$` + 53 characters of the bcrypt alphabet. */
const bcrypt = (seed: string, variant = '2y') => `$${variant}$10$${b64(seed).replace(/[+=]/g, '.') + b64(`${seed}+`).replace(/[+=]/g, '/')}`.slice(0, 60);

const USERS = ['amy.khan', 'ben.osei', 'cara.lund', 'dev.patel', 'eli.moreau', 'fay.ng'];
const FIRST = ['Amy', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay'];
const LAST = ['Khan', 'Osei', 'Lund', 'Patel', 'Moreau', 'Ng'];
const ANSWERS = ['Zq8 Fluffy the first', 'Zq8 Larkhill Road', 'Zq8 Mrs Abernathy', 'Zq8 Blue Peter', 'Zq8 Grandma Rose', 'Zq8 Tiddles'];

export interface SecretFixture {
  file: string;
  /** Every value of a planted secret column: none may appear in anything the studio writes. */
  plantedValues: string[];
}

/** Exact expectations: `table.column` → tagged secret or not, and why. */
export const SECRET_MANIFEST = {
  secret: {
    'users.password': 'name (password) and shape (bcrypt $2y$)',
    'users.api_token': 'name (token) and shape (40 hex)',
    'users.security_answer': 'name (answer): free text',
    'users.legacy_key': 'weak name (key) with a 64-hex shape',
    'users.old_login': 'shape alone (pbkdf2_sha256$…)',
    'users.digest_v2': 'shape alone ($argon2id$)',
    'schools.admin_password': 'name (password) and shape (bcrypt $2b$)',
  },
  notSecret: [
    'users.user_id',
    'users.username',
    'users.first_name',
    'users.last_name',
    'users.passport_no',
    'users.bypass_reason',
    'users.hashtag',
    'users.pass_mark',
    'users.row_guid',
    'users.course_key',
    'schools.school_code',
    'schools.school_name',
    'schools.phone',
  ],
  rows: { users: 6, schools: 3 },
} as const;

/** Writes `secrets.sqlite` into `dir`. */
export function writeSecretFixture(dir: string): SecretFixture {
  const file = join(dir, 'secrets.sqlite');
  const db = openSqlite(file);
  db.exec(`CREATE TABLE users (user_id INTEGER PRIMARY KEY, username TEXT, first_name TEXT, last_name TEXT, password TEXT, api_token TEXT,
    security_answer TEXT, legacy_key TEXT, old_login TEXT, digest_v2 TEXT, passport_no TEXT, bypass_reason TEXT, hashtag TEXT,
    pass_mark INTEGER, row_guid TEXT, course_key TEXT)`);
  db.exec('CREATE TABLE schools (school_code TEXT PRIMARY KEY, school_name TEXT, phone TEXT, admin_password TEXT)');
  const planted: string[] = [];
  const insert = db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  USERS.forEach((user, i) => {
    const secrets = [
      bcrypt(`pw-${user}`),
      h(`token-${user}`, 'sha1'),
      ANSWERS[i],
      h(`legacy-${user}`),
      `pbkdf2_sha256$260000$${h(`salt-${user}`).slice(0, 22)}$${b64(`pbkdf2-${user}`)}`,
      `$argon2id$v=19$m=65536,t=3,p=4$${b64(`a-salt-${user}`).slice(0, 22)}$${b64(`argon-${user}`).slice(0, 43)}`,
    ];
    planted.push(...secrets);
    insert.run(i + 1, user, FIRST[i], LAST[i], ...secrets, `P${1234560 + i}`, i % 2 ? 'forgot badge' : null, `#year${7 + i}`, 40 + i, h(`guid-${user}`, 'md5'), `MATH-10${i}`);
  });
  const schools = db.prepare('INSERT INTO schools VALUES (?, ?, ?, ?)');
  [['SM01', 'St Mary Primary', '01632 960001'], ['SM02', 'Oak Lane', '01632 960002'], ['SM03', '  ', null]].forEach(([code, name, phone]) => {
    const hash = bcrypt(`admin-${code}`, '2b');
    planted.push(hash);
    schools.run(code, name, phone, hash);
  });
  db.close();
  writeFileSync(join(dir, 'secrets-manifest.json'), JSON.stringify(SECRET_MANIFEST, null, 2));
  return { file, plantedValues: planted };
}
