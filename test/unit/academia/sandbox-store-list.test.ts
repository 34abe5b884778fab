import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxStore } from '../../../src/sandbox/sandbox-store';

const q = (afterSeq: number, limit: number) => ({ afterSeq, limit, updatedSinceMs: null, includeDeleted: false });

describe('sandbox store list', () => {
  let store: SandboxStore;
  beforeEach(() => {
    store = new SandboxStore(':memory:');
    store.transaction(() => {
      for (let i = 0; i < 25; i++) store.insert({ school: 'S', entity: 'students', externalId: `P${i}`, id: `id${i}`, version: 1, fieldsJson: '{}', createdAt: 1, updatedAt: 1 });
    });
  });
  afterEach(() => store.close());

  it('pages in insertion order with the same total on every page, counted once until a record is written', () => {
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = store.list('S', 'students', q(after, 10));
      expect(page.total).toBe(25);
      seen.push(...page.rows.map((r) => r.externalId));
      if (!page.more) break;
      after = page.rows[page.rows.length - 1].seq;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `P${i}`));

    // Behind the store's back (no write through it), the cached count stands: it is not recounted per page.
    store.db.prepare("DELETE FROM records WHERE external_id = 'P0'").run();
    expect(store.list('S', 'students', q(0, 10)).total).toBe(25);

    // A write through the store makes the next list count again.
    const found = store.find('S', 'students', 'P1');
    store.update(found!.seq, { fieldsJson: '{}', version: 2, updatedAt: 2, deleted: true });
    expect(store.list('S', 'students', q(0, 10)).total).toBe(23);
    store.insert({ school: 'S', entity: 'students', externalId: 'P99', id: 'id99', version: 1, fieldsJson: '{}', createdAt: 3, updatedAt: 3 });
    expect(store.list('S', 'students', q(0, 10)).total).toBe(24);
    expect(store.list('S', 'students', { ...q(0, 10), includeDeleted: true }).total).toBe(25);
    expect(store.list('S', 'students', { ...q(0, 10), updatedSinceMs: 2 }).total).toBe(1);
    expect(store.list('S', 'guardians', q(0, 10)).total).toBe(0);
  });
});
