/**
 * Child process for the crash test: appends audit entries as fast as it can to the project
 * file given as argv[2] and reports each committed sequence number on stdout, until killed.
 */
import { openSqlite } from '../../../src/platform/open-sqlite';
import { AuditLog } from '../../../src/main/engine/security/audit-log';

const db = openSqlite(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const log = new AuditLog(db, { actor: 'burst@child' });
for (let i = 0; ; i++) {
  // A large summary makes each append span several pages, widening the window a kill can hit.
  const entry = log.append({ action: 'run.progress', object: `run:burst`, summary: `batch ${i} ${'x'.repeat(1500 + (i % 7) * 300)}` });
  process.stdout.write(`${entry.seq}\n`);
}
