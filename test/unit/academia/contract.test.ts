import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { contractFromDocument, loadTargetContract, TARGET_API_VERSIONS } from '../../../src/academia-api/contract';
import { loadAdminContract } from '../../../src/academia-api/admin-contract';
import { resourcesDir } from '../../../src/platform/resources-path';
import { minimalRecord, sampleRecord } from './sample-records';

const ALL_ENTITIES = ['schools', 'academic-years', 'terms', 'students', 'guardians', 'student-guardians', 'staff', 'courses', 'classes', 'class-teachers', 'timetable-periods', 'enrollments', 'attendance', 'grades', 'fee-invoices', 'payments'];

describe('target contract (academia-pro-v1.json)', () => {
  const contract = loadTargetContract('v1');

  it('reads version, status and limits from the document', () => {
    expect(contract.version).toBe('v1');
    expect(contract.status).toBe('Production');
    expect(contract.documentVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(contract.limits.maxBatchRecords).toBe(500);
    expect(contract.scopes).toContain('students:read');
    expect(contract.scopes).toContain('student-guardians:write');
    expect(loadTargetContract()).toBe(contract);
  });

  it('defines every entity of the conventions', () => {
    expect(contract.entities.map((e) => e.name).sort()).toEqual([...ALL_ENTITIES].sort());
  });

  it('describes students field by field', () => {
    const students = contract.entity('students');
    expect(students.scope).toBe('school');
    expect(students.required.sort()).toEqual(['birthDate', 'externalId', 'firstName', 'gender', 'gradeLevel', 'lastName']);
    const field = (name: string) => students.fields.find((f) => f.name === name);
    expect(field('birthDate')).toMatchObject({ type: 'string', format: 'date', required: true, nullable: false, personal: true, readOnly: false });
    expect(field('gender')?.enum).toEqual(['female', 'male', 'other', 'unknown']);
    expect(field('gradeLevel')?.enum).toEqual(['PK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13']);
    expect(field('email')).toMatchObject({ format: 'email', nullable: true, required: false });
    expect(field('allergies')).toMatchObject({ type: 'array', itemType: 'string' });
    expect(field('id')).toMatchObject({ readOnly: true, format: 'uuid' });
    expect(field('version')).toMatchObject({ readOnly: true, type: 'integer' });
    const names = students.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['externalId', 'firstName', 'lastName', 'middleName', 'preferredName', 'birthDate', 'gender', 'gradeLevel', 'email', 'phone', 'enrollmentStatus', 'entryDate', 'homeLanguage', 'allergies']));
  });

  it('describes schools, guardians and student-guardians with the agreed fields', () => {
    const writable = (name: string) => contract.entity(name).fields.filter((f) => !f.readOnly).map((f) => f.name);
    expect(writable('schools')).toEqual(['externalId', 'name', 'code', 'phone', 'address', 'timezone']);
    expect(contract.entity('schools').scope).toBe('global');
    expect(writable('guardians')).toEqual(['externalId', 'firstName', 'lastName', 'relationship', 'email', 'phone', 'address']);
    expect(contract.entity('guardians').fields.find((f) => f.name === 'relationship')?.enum).toEqual(['mother', 'father', 'guardian', 'grandparent', 'other']);
    expect(writable('student-guardians')).toEqual(['externalId', 'studentExternalId', 'guardianExternalId', 'relationship', 'isPrimaryContact', 'livesWith']);
    expect(contract.entity('student-guardians').references).toEqual([
      { field: 'studentExternalId', entity: 'students' },
      { field: 'guardianExternalId', entity: 'guardians' },
    ]);
  });

  it('marks personal data from x-personal-data', () => {
    const personal = contract.entity('guardians').fields.filter((f) => f.personal).map((f) => f.name);
    expect(personal).toEqual(['firstName', 'lastName', 'email', 'phone', 'address']);
    expect(contract.entity('schools').fields.some((f) => f.personal)).toBe(false);
  });

  it('refuses an unknown entity with a StudioError naming the known ones', () => {
    expect(() => contract.entity('pupils')).toThrowError(StudioError);
    try {
      contract.entity('pupils');
    } catch (err) {
      expect((err as StudioError).code).toBe('TARGET_UNKNOWN_ENTITY');
      expect((err as StudioError).hint).toContain('students');
    }
  });

  describe('loadOrder', () => {
    it('puts schools before students before student-guardians', () => {
      const order = contract.loadOrder();
      expect(order[0]).toBe('schools');
      expect(order.indexOf('students')).toBeLessThan(order.indexOf('student-guardians'));
      expect(order.indexOf('guardians')).toBeLessThan(order.indexOf('student-guardians'));
    });

    it('orders every entity after everything it references', () => {
      const order = contract.loadOrder();
      expect(order).toHaveLength(ALL_ENTITIES.length);
      for (const e of contract.entities) {
        for (const dep of e.dependsOn) expect(order.indexOf(dep), `${e.name} after ${dep}`).toBeLessThan(order.indexOf(e.name));
      }
      expect(order.indexOf('fee-invoices')).toBeLessThan(order.indexOf('payments'));
      expect(order.indexOf('terms')).toBeLessThan(order.indexOf('classes'));
    });

    it('orders a subset given in any order', () => {
      expect(contract.loadOrder(['student-guardians', 'schools', 'students'])).toEqual(['schools', 'students', 'student-guardians']);
      expect(() => contract.loadOrder(['students', 'nope'])).toThrowError(/no entity called "nope"/);
    });

    it('reports a reference cycle instead of looping', () => {
      const doc = structuredClone(contract.document);
      doc.components.schemas.School['x-references'] = [{ field: 'name', entity: 'students' }];
      expect(() => contractFromDocument(doc, 'v1')).toThrowError(/circle/);
    });
  });

  describe('validate', () => {
    it('accepts a valid sample of every entity, and only the required fields', () => {
      for (const name of ALL_ENTITIES) {
        expect(contract.validate(name, sampleRecord(contract, name, 3)), name).toEqual([]);
        expect(contract.validate(name, minimalRecord(contract, name, 3)), name).toEqual([]);
      }
    });

    it('catches a missing required field', () => {
      const record = sampleRecord(contract, 'students', 1);
      delete record.birthDate;
      expect(contract.validate('students', record)).toEqual([{ field: 'birthDate', code: 'required', message: 'birthDate is required but missing.', pointer: '/birthDate' }]);
    });

    it('catches a value outside the enum, naming the allowed ones', () => {
      const problems = contract.validate('students', { ...sampleRecord(contract, 'students', 1), gender: 'F' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'gender', code: 'enum' });
      expect(problems[0].message).toBe('gender must be one of: female, male, other, unknown (got "F").');
    });

    it('catches a bad date (wrong form and impossible day)', () => {
      for (const birthDate of ['12/03/2010', '2010-02-30']) {
        const problems = contract.validate('students', { ...sampleRecord(contract, 'students', 1), birthDate });
        expect(problems).toEqual([expect.objectContaining({ field: 'birthDate', code: 'format' })]);
        expect(problems[0].message).toContain('YYYY-MM-DD');
      }
    });

    it('catches wrong types, bad e-mails, unknown fields and nulls where a value is required', () => {
      const problems = contract.validate('students', { ...sampleRecord(contract, 'students', 1), firstName: null, email: 'not-mail', allergies: ['nuts', 7], shoeSize: 42 });
      const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
      expect(byField.firstName).toMatchObject({ code: 'type' });
      expect(byField.email).toMatchObject({ code: 'format' });
      expect(byField.allergies).toMatchObject({ code: 'type', pointer: '/allergies/1' });
      expect(byField.allergies.message).toContain('allergies[1]');
      expect(byField.shoeSize).toMatchObject({ code: 'unknown-field' });
      expect(problems).toHaveLength(4);
    });

    it('lets optional fields be null', () => {
      expect(contract.validate('students', { ...sampleRecord(contract, 'students', 1), middleName: null, enrollmentStatus: null, allergies: null })).toEqual([]);
    });

    it('checks decimals as strings and externalIds without surrounding spaces', () => {
      const invoice = sampleRecord(contract, 'fee-invoices', 1);
      expect(contract.validate('fee-invoices', { ...invoice, amount: 12.5 })[0]).toMatchObject({ field: 'amount', code: 'type' });
      expect(contract.validate('fee-invoices', { ...invoice, amount: '12,50' })[0]).toMatchObject({ field: 'amount', code: 'format' });
      expect(contract.validate('fee-invoices', { ...invoice, externalId: ' X1' })[0]).toMatchObject({ field: 'externalId', code: 'pattern' });
    });

    it('says when the record is not an object at all', () => {
      expect(contract.validate('schools', 'Springfield')).toEqual([expect.objectContaining({ field: '', code: 'type' })]);
    });
  });

  describe('operations', () => {
    it('routes literal segments before parameters and decodes parameters', () => {
      const batch = contract.matchOperation('POST', '/api/v1/schools/batch');
      expect(batch).toMatchObject({ kind: 'match', operation: { handler: 'batch', entity: 'schools', scopes: ['schools:write'] } });
      const school = contract.matchOperation('GET', '/api/v1/schools/batch');
      expect(school).toMatchObject({ kind: 'match', operation: { handler: 'get', entity: 'schools' }, params: { schoolId: 'batch' } });
      const item = contract.matchOperation('DELETE', '/api/v1/schools/S%201/students/2023%2F001');
      expect(item).toMatchObject({ kind: 'match', operation: { handler: 'delete', entity: 'students' }, params: { schoolId: 'S 1', externalId: '2023/001' } });
      expect(contract.matchOperation('GET', '/health')).toMatchObject({ kind: 'match', operation: { scopes: null } });
      expect(contract.matchOperation('PUT', '/api/v1/schools')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
      expect(contract.matchOperation('GET', '/api/v1/teachers')).toEqual({ kind: 'not-found' });
    });

    it('has a batch, batch delete, list, get and delete operation for every entity, and attachment operations for people', () => {
      for (const e of contract.entities) {
        const handlers = contract.operations.filter((op) => op.entity === e.name && !op.handler.startsWith('attachment-')).map((op) => `${op.method} ${op.handler}`);
        expect(handlers.sort(), e.name).toEqual(['delete delete', 'get get', 'get list', 'post batch', 'post batch-delete']);
        const attachmentOps = contract.operations.filter((op) => op.entity === e.name && op.handler.startsWith('attachment-')).map((op) => `${op.method} ${op.handler}`);
        expect(attachmentOps.sort(), e.name).toEqual(e.attachments ? ['delete attachment-delete', 'get attachment-get', 'get attachment-list', 'put attachment-put'] : []);
      }
      expect(contract.entities.filter((e) => e.attachments).map((e) => e.name)).toEqual(['students', 'guardians', 'staff']);
      expect(contract.entity('students').attachments).toEqual({ maxBytes: 5 * 1024 * 1024, contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] });
      expect(contract.matchOperation('PUT', '/api/v1/schools/S1/students/2023%2F001/attachments/photo')).toMatchObject({ kind: 'match', operation: { handler: 'attachment-put', maxBodyBytes: 5 * 1024 * 1024 }, params: { externalId: '2023/001', name: 'photo' } });
    });

    it('describes bulk operations, webhooks and the events feed with their own scopes', () => {
      const byHandler = (h: string) => contract.operations.find((op) => op.handler === h);
      expect(byHandler('bulk-create')).toMatchObject({ method: 'post', pathTemplate: '/api/v1/bulk-operations', scopes: ['bulk:write'] });
      expect(byHandler('bulk-chunk')).toMatchObject({ method: 'put', requestMediaTypes: ['application/x-ndjson'] });
      expect(byHandler('webhook-create')?.scopes).toEqual(['webhooks:write']);
      expect(byHandler('events')).toMatchObject({ pathTemplate: '/api/v1/events', scopes: ['events:read'] });
      expect(contract.scopes).toEqual(expect.arrayContaining(['bulk:read', 'bulk:write', 'webhooks:read', 'webhooks:write', 'events:read']));
      expect(contract.limits).toMatchObject({ maxAttachmentBytes: 5 * 1024 * 1024, maxBulkChunkRecords: 10_000, bulkRecordsPerSlice: 500 });
    });

    it('checks request bodies against their schema', () => {
      expect(contract.validateRequestBody('createWebhook', { url: 'http://127.0.0.1:9/hook', events: ['record.created'] })).toEqual([]);
      const problems = contract.validateRequestBody('createWebhook', { url: 'ftp://x', events: ['record.exploded'], colour: 'red' });
      expect(problems.map((p) => p.field).sort()).toEqual(['colour', 'events', 'url']);
      expect(contract.validateRequestBody('createBulkOperation', { type: 'Import' })[0]).toMatchObject({ field: 'entity', code: 'required' });
    });

    it('validates answers against the declared response schemas', () => {
      expect(contract.validateResponse('getHealth', 200, { status: 'ok', time: '2024-09-01T08:00:00Z' })).toEqual([]);
      expect(contract.validateResponse('getHealth', 200, { status: 'fine' })).not.toEqual([]);
      expect(contract.validateResponse('listStudentRecords', 404, { type: 'x', title: 'Not found', status: 404 })).toEqual([]);
      expect(contract.validateResponse('listStudentRecords', 418, {})[0].code).toBe('undocumented-status');
    });

    it('checks the content type of binary answers and that bodiless answers have no body', () => {
      expect(contract.validateResponse('getStudentAttachment', 200, Buffer.from('%PDF-1.4'), 'application/pdf')).toEqual([]);
      expect(contract.validateResponse('getStudentAttachment', 200, Buffer.from('x'), 'text/html; charset=utf-8')[0].code).toBe('undocumented-content-type');
      expect(contract.validateResponse('getStudentAttachment', 404, { type: 'x', title: 'Not found', status: 404 }, 'application/problem+json')).toEqual([]);
      expect(contract.validateResponse('deleteStudentAttachment', 204, undefined)).toEqual([]);
      expect(contract.validateResponse('deleteStudentAttachment', 204, { surprise: true })[0].code).toBe('unexpected-body');
      expect(contract.validateResponse('downloadBulkExport', 200, '{"externalId":"a"}\n', 'application/x-ndjson; charset=utf-8')).toEqual([]);
    });
  });
});

describe('target contract v2 (academia-pro-v2.json)', () => {
  const v1 = loadTargetContract('v1');
  const v2 = loadTargetContract('v2');

  it('loads v2 in Testing, under /api/v2, with its breaking changes listed', () => {
    expect(TARGET_API_VERSIONS).toEqual(['v1', 'v2']);
    expect(v2).toMatchObject({ version: 'v2', status: 'Testing', previousVersion: 'v1' });
    expect(v1.previousVersion).toBeNull();
    expect(v1.changes).toEqual([]);
    expect(v2.changes.map((c) => c.kind)).toEqual(['enum-changed', 'field-renamed']);
    expect(v2.matchOperation('POST', '/api/v2/schools/S/students/batch')).toMatchObject({ kind: 'match', operation: { handler: 'batch', entity: 'students' } });
    expect(v2.matchOperation('POST', '/api/v1/schools/S/students/batch')).toEqual({ kind: 'not-found' });
  });

  it('refuses v1 gender values and the old field name', () => {
    const v1Student = sampleRecord(v1, 'students', 1);
    const asV1 = { ...v1Student, gender: 'other', preferredName: 'Max' };
    expect(v1.validate('students', asV1)).toEqual([]);
    const problems = v2.validate('students', asV1);
    expect(problems.map((p) => [p.field, p.code]).sort()).toEqual([
      ['gender', 'enum'],
      ['preferredName', 'unknown-field'],
    ]);
    expect(v2.validate('students', { ...v2.fromPreviousVersion('students', asV1) })).toEqual([]);
  });

  it('translates records between the versions both ways', () => {
    const record = { externalId: 'S1', preferredName: 'Max', gender: 'unknown', lastName: 'Ruiz' };
    const forward = v2.fromPreviousVersion('students', record);
    expect(forward).toEqual({ externalId: 'S1', knownAs: 'Max', gender: 'not-stated', lastName: 'Ruiz' });
    expect(Object.keys(forward)).toEqual(['externalId', 'knownAs', 'gender', 'lastName']);
    expect(v2.toPreviousVersion('students', forward)).toEqual(record);
    expect(v2.fromPreviousVersion('guardians', { relationship: 'other' })).toEqual({ relationship: 'other' });
    expect(v1.toPreviousVersion('students', record)).toEqual(record);
  });

  it('differs from v1 only by the paths, the version info and the changes it lists', () => {
    // A drift guard: v2 is v1 with /api/v2 paths and the x-changes applied; anything else added to
    // v1 must be added to v2 too (or listed as a change).
    const expected = JSON.parse(JSON.stringify(v1.document).replaceAll('/api/v1', '/api/v2')) as typeof v1.document;
    const actual = structuredClone(v2.document);
    for (const doc of [expected, actual]) {
      delete (doc as Record<string, unknown>).servers;
      doc.info = { title: doc.info.title, version: 'x' };
      const student = doc.components.schemas.Student;
      delete student.properties?.gender;
      delete student.properties?.preferredName;
      delete student.properties?.knownAs;
      student['x-personal-data'] = (student['x-personal-data'] ?? []).filter((f) => !['preferredName', 'knownAs'].includes(f));
    }
    expect(actual).toEqual(expected);
    expect(v2.entity('students').fields.map((f) => f.name)).toContain('knownAs');
    expect(v2.entity('students').fields.find((f) => f.name === 'gender')?.enum).toEqual(['female', 'male', 'non-binary', 'not-stated']);
  });
});

describe('admin contract (academia-pro-admin-v1.json)', () => {
  it('routes every admin operation and validates its bodies', () => {
    const admin = loadAdminContract();
    expect(admin.operations.map((op) => op.handler).every((h) => h.startsWith('admin-'))).toBe(true);
    // 17, plus GET and PUT /admin/v1/faults (issue 20).
    expect(admin.operations).toHaveLength(19);
    expect(admin.matchOperation('PUT', '/admin/v1/faults')).toMatchObject({ kind: 'match', operation: { handler: 'admin-faults-change' } });
    expect(admin.validateRequestBody('setFaults', { serverError: 2, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false }).map((p) => p.field)).toEqual(['serverError']);
    expect(admin.matchOperation('PATCH', '/admin/v1/versions/v2')).toMatchObject({ kind: 'match', operation: { operationId: 'changeApiVersion' }, params: { version: 'v2' } });
    expect(admin.validateRequestBody('createThrottleException', { clientId: 'c', perMinute: 1000, perHour: 50000, startsAt: '2024-09-01T00:00:00Z', endsAt: '2024-09-02T00:00:00Z' })).toEqual([]);
    expect(admin.validateRequestBody('changeApiVersion', { status: 'Retired' })[0]).toMatchObject({ field: 'status', code: 'enum' });
  });
});

describe('resourcesDir', () => {
  const saved = process.env.APSTUDIO_RESOURCES;
  afterEach(() => {
    if (saved === undefined) delete process.env.APSTUDIO_RESOURCES;
    else process.env.APSTUDIO_RESOURCES = saved;
  });

  it('finds the resources folder by walking up from the sources', () => {
    delete process.env.APSTUDIO_RESOURCES;
    expect(resourcesDir()).toMatch(/resources$/);
  });

  it('honours APSTUDIO_RESOURCES, and says so when it points nowhere useful', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apstudio-res-'));
    try {
      process.env.APSTUDIO_RESOURCES = dir;
      expect(() => resourcesDir()).toThrowError(expect.objectContaining({ code: 'RESOURCES_MISSING' }));
      mkdirSync(join(dir, 'openapi'));
      expect(resourcesDir()).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
