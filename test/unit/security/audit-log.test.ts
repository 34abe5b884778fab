import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../../src/platform/open-sqlite';
import { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditChain, type AuditEntry } from '../../../src/main/engine/security/audit-chain';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { tempDir } from '../../support/temp-dir';
import { failure, openSecurityDb } from './security-helpers';

describe('audit log', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: SqliteDatabase;
  let log: AuditLog;
  let t: number;

  beforeEach(() => {
    dir = tempDir();
    db = openSecurityDb(dir.path);
    t = Date.parse('2025-09-01T08:00:00Z');
    log = new AuditLog(db, { now: () => new Date((t += 1000)), actor: 'it-admin@OFFICE-PC' });
  });
  afterEach(() => {
    db.close();
    dir.cleanup();
  });

  const fill = (n: number) => {
    for (let i = 1; i <= n; i++) log.append({ action: i % 2 ? 'connection.add' : 'run.start', object: `connection:${i}`, summary: `entry number ${i}` });
  };
  const dropTriggers = () => {
    for (const name of ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_in_order', 'audit_head_forward', 'audit_head_no_delete']) db.exec(`DROP TRIGGER ${name}`);
  };

  it('chains each entry to the one before, from a fixed genesis value', () => {
    const first = log.append({ action: 'project.create', object: 'project', summary: 'Created the project' });
    const second = log.append({ action: 'connection.add', object: 'connection:1', summary: 'Added SIS' });
    expect(first).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS_HASH, actor: 'it-admin@OFFICE-PC', at: '2025-09-01T08:00:01.000Z' });
    expect(first.hash).toBe(auditEntryHash(first));
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(log.verify()).toMatchObject({ valid: true, entries: 2, firstBadEntry: null, reason: null, keyed: false });
  });

  it('verifies an empty trail as valid', () => {
    expect(log.verify()).toMatchObject({ valid: true, entries: 0, firstBadEntry: null, reason: null });
  });

  it('masks secrets and personal data in what it stores', () => {
    const e = log.append({ action: 'connection.add', object: 'connection:1', summary: 'Added mysql://sis:Hunter2secret@db/sis for jane.doe@school.org (student Jane Doe)', personal: ['Jane Doe'] });
    expect(e.summary).toBe('Added mysql://sis:****@db/sis for j***@school.org (student J*** D***)');
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain('Hunter2secret');
  });

  it('refuses an action that is not area.verb', async () => {
    expect((await failure(() => log.append({ action: 'Drop Table', object: 'x' }))).code).toBe('BAD_REQUEST');
    expect(log.count()).toBe(0);
  });

  it('refuses to change, remove or insert entries in the past (triggers)', () => {
    fill(3);
    expect(() => db.prepare("UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO audit_log VALUES (0, 'x', 'x', 'x.y', 'x', 'x', 'x', 'x')").run()).toThrow(/grows at its end/);
    expect(() => db.prepare('UPDATE audit_head SET seq = 1').run()).toThrow(/only moves forward/);
    expect(log.verify().valid).toBe(true);
  });

  describe('verify names the first bad entry when the triggers were bypassed', () => {
    beforeEach(() => {
      fill(6);
      dropTriggers();
    });

    it('an edited entry', () => {
      db.prepare("UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 4").run();
      expect(log.verify()).toMatchObject({ valid: false, entries: 6, firstBadEntry: 4 });
    });

    it('an edited actor or time', () => {
      db.prepare("UPDATE audit_log SET actor = 'someone-else@x' WHERE seq = 2").run();
      expect(log.verify().firstBadEntry).toBe(2);
    });

    it('an edited entry whose hash was recomputed to match', () => {
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as { seq: number; at: string; actor: string; action: string; object: string; prev_hash: string };
      const forged = { seq: 3, at: row.at, actor: row.actor, action: row.action, object: row.object, summary: 'forged', prevHash: row.prev_hash };
      db.prepare('UPDATE audit_log SET summary = ?, hash = ? WHERE seq = 3').run(forged.summary, auditEntryHash(forged));
      expect(log.verify()).toMatchObject({ valid: false, firstBadEntry: 4 });
    });

    it('a deleted entry in the middle', () => {
      db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      expect(log.verify()).toMatchObject({ valid: false, entries: 5, firstBadEntry: 3 });
      expect(log.verify().reason).toMatch(/missing/);
    });

    it('a deleted last entry', () => {
      db.prepare('DELETE FROM audit_log WHERE seq = 6').run();
      expect(log.verify()).toMatchObject({ valid: false, entries: 5, firstBadEntry: 6 });
    });

    it('the first entry deleted and the rest renumbered', () => {
      db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
      db.prepare('UPDATE audit_log SET seq = seq - 1').run();
      expect(log.verify().firstBadEntry).toBe(1);
    });

    it('two entries swapped', () => {
      db.exec('UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -1;');
      expect(log.verify()).toMatchObject({ valid: false, entries: 6, firstBadEntry: 2 });
    });

    it('an entry added behind the studio\'s back', () => {
      const last = log.list({ limit: 1 })[0];
      const extra = { seq: 7, at: last.at, actor: 'x@y', action: 'run.start', object: 'x', summary: 'x', prevHash: last.hash };
      db.prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(extra.seq, extra.at, extra.actor, extra.action, extra.object, extra.summary, extra.prevHash, auditEntryHash(extra));
      expect(log.verify()).toMatchObject({ valid: false, firstBadEntry: 7 });
    });

    it('keeps appending after a removal, and the gap stays visible', () => {
      db.prepare('DELETE FROM audit_log WHERE seq IN (5, 6)').run();
      const next = log.append({ action: 'run.start', object: 'run:1' });
      expect(next.seq).toBe(7);
      expect(log.verify()).toMatchObject({ valid: false, firstBadEntry: 5 });
    });
  });

  it('leaves the chain whole when an append fails inside its transaction', () => {
    fill(3);
    db.exec("CREATE TEMP TRIGGER crash_mid_append AFTER INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
    expect(() => log.append({ action: 'run.start', object: 'run:1' })).toThrow(/simulated crash/);
    db.exec('DROP TRIGGER crash_mid_append');
    expect(log.count()).toBe(3);
    expect(log.verify()).toMatchObject({ valid: true, entries: 3 });
    expect(log.append({ action: 'run.start', object: 'run:1' }).seq).toBe(4);
    expect(log.verify().valid).toBe(true);
  });

  it("an entry written inside the caller's transaction disappears with it when the caller rolls back", () => {
    fill(2);
    expect(() =>
      db.transaction(() => {
        log.append({ action: 'connection.remove', object: 'connection:1' });
        throw new Error('the change itself failed');
      })(),
    ).toThrow(/change itself failed/);
    expect(log.count()).toBe(2);
    expect(log.verify().valid).toBe(true);
  });

  it('lists entries newest first, filtered by action, object and time', () => {
    fill(6);
    expect(log.list().map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(log.list({ action: 'run.start' }).map((e) => e.seq)).toEqual([6, 4, 2]);
    expect(log.list({ action: 'run.*' }).map((e) => e.seq)).toEqual([6, 4, 2]);
    expect(log.list({ object: 'connection:3' }).map((e) => e.seq)).toEqual([3]);
    expect(log.list({ since: '2025-09-01T08:00:04Z' }).map((e) => e.seq)).toEqual([6, 5, 4]);
    expect(log.list({ until: new Date('2025-09-01T08:00:03Z') }).map((e) => e.seq)).toEqual([2, 1]);
    expect(log.list({ beforeSeq: 3, limit: 1 }).map((e) => e.seq)).toEqual([2]);
  });

  it('refuses a filter time that is not a time', async () => {
    expect((await failure(() => log.list({ since: 'last tuesday' }))).code).toBe('BAD_REQUEST');
  });

  it('exports JSON that re-verifies without the studio, and CSV a spreadsheet opens safely', () => {
    fill(3);
    log.append({ action: 'mapping.save', object: 'mapping:1', summary: '=HYPERLINK("http://evil") and "quotes", commas\nnew line' });
    const json = log.export('json', join(dir.path, 'audit.json'));
    expect(json).toMatchObject({ format: 'json', entries: 4, verify: { valid: true } });
    const doc = JSON.parse(readFileSync(json.file, 'utf8')) as { format: string; genesisHash: string; entries: AuditEntry[]; verify: { valid: boolean } };
    expect(doc.format).toBe('academia-studio-audit');
    expect(doc.entries).toHaveLength(4);
    expect(verifyAuditChain(doc.entries)).toMatchObject({ valid: true, entries: 4 });
    doc.entries[1].summary = 'changed after export';
    expect(verifyAuditChain(doc.entries).firstBadEntry).toBe(2);

    const csv = log.export('csv', join(dir.path, 'audit.csv'));
    const parsed = Papa.parse<Record<string, string>>(readFileSync(csv.file, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(['seq', 'at', 'actor', 'action', 'object', 'summary', 'prev_hash', 'hash', 'mac', 'mac_key']);
    expect(parsed.data).toHaveLength(4);
    expect(parsed.data[3].summary).toBe(`'=HYPERLINK("http://evil") and "quotes", commas\nnew line`);
    expect(parsed.data[0].hash).toBe(doc.entries[0].hash);
  });

  it('says clearly when the export cannot be written', async () => {
    fill(1);
    const err = await failure(() => log.export('csv', join(dir.path, 'no-such-folder', 'audit.csv')));
    expect(err.code).toBe('AUDIT_EXPORT_FAILED');
    expect((await failure(() => log.export('xml' as 'csv', join(dir.path, 'a.xml')))).code).toBe('BAD_REQUEST');
  });

  it('an export of a broken trail says it is broken', () => {
    fill(3);
    dropTriggers();
    db.prepare("UPDATE audit_log SET object = 'x' WHERE seq = 2").run();
    expect(log.export('json', join(dir.path, 'a.json')).verify).toMatchObject({ valid: false, firstBadEntry: 2 });
  });
});
