import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { createXmlConnector } from '../../../../src/main/engine/connectors/files';
import { detectRecordPath, parseXmlRecordPath } from '../../../../src/main/engine/connectors/files/xml/xml-record-path';
import { tempDir } from '../../../support/temp-dir';
import { put, readAll, studioError } from './support/file-helpers';

const temp = tempDir('apstudio-xml-');
afterAll(() => temp.cleanup());

const SCHOOL = `<?xml version="1.0" encoding="UTF-8"?>
<s:School xmlns:s="urn:example:school" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <s:Info><s:Name>Hill Primary</s:Name></s:Info>
  <s:Students>
    <s:Student id="1" s:grade="5">
      <s:Name lang="en">Ann</s:Name>
      <s:Zip>007</s:Zip>
      <s:Phone>0111</s:Phone><s:Phone>0222</s:Phone>
      <s:Address><s:City>Leeds</s:City><s:Street no="4">High St</s:Street></s:Address>
      <s:Middle xsi:nil="true"/>
      <s:Nick/>
    </s:Student>
    <s:Student id="2"><s:Name>Bob &amp; Co</s:Name><s:Zip>008</s:Zip></s:Student>
    <s:Student id="3"><s:Name><![CDATA[<Cee>]]></s:Name></s:Student>
  </s:Students>
</s:School>`;

describe('XML', () => {
  it('finds the repeated record element and turns attributes and children into columns', async () => {
    const c = createXmlConnector({ path: put(temp.path, 'school.xml', SCHOOL) }, null);
    const [stream] = await c.discover();
    expect(stream).toMatchObject({ name: 'school', recordPath: '/School/Students/Student', rowEstimate: 3, encoding: 'utf-8' });
    expect(stream.columns.map((col) => col.name)).toEqual(['id', 'grade', 'Name@lang', 'Name', 'Zip', 'Phone', 'Address.City', 'Address.Street@no', 'Address.Street', 'Middle', 'Nick']);
    expect(stream.columns.find((col) => col.name === 'Phone')).toMatchObject({ type: 'json', nativeType: 'xml repeated element' });
    expect(await readAll(c, 'school')).toEqual([
      { id: '1', grade: '5', 'Name@lang': 'en', Name: 'Ann', Zip: '007', Phone: ['0111', '0222'], 'Address.City': 'Leeds', 'Address.Street@no': '4', 'Address.Street': 'High St', Middle: null, Nick: '' },
      { id: '2', Name: 'Bob & Co', Zip: '008' },
      { id: '3', Name: '<Cee>' },
    ]);
  });

  it('matches a configured record path by local name whatever the prefix, or by {namespace}name', async () => {
    const path = put(temp.path, 'school2.xml', SCHOOL);
    for (const recordPath of ['/x:School/x:Students/x:Student', '/School/Students/Student', 'Student', '//Student', '{urn:example:school}Student']) {
      const c = createXmlConnector({ path, recordPath }, null);
      expect((await readAll(c, 'school2')).map((r) => r.id)).toEqual(['1', '2', '3']);
    }
    const info = createXmlConnector({ path, recordPath: '/School/Info' }, null);
    expect(await readAll(info, 'school2')).toEqual([{ Name: 'Hill Primary' }]);
    const otherNs = createXmlConnector({ path, recordPath: '{urn:other}Student' }, null);
    expect((await studioError(otherNs.discover())).code).toBe('STREAM_NOT_FOUND');
  });

  it('honours a legacy encoding named in the XML declaration', async () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<Pupils><Pupil name="Renée"/><Pupil name="Jürgen"/></Pupils>';
    const c = createXmlConnector({ path: put(temp.path, 'latin.xml', iconv.encode(xml, 'latin1')) }, null);
    const [stream] = await c.discover();
    expect(stream.encoding).toBe('windows-1252');
    expect(await readAll(c, 'latin')).toEqual([{ name: 'Renée' }, { name: 'Jürgen' }]);
  });

  it('reports malformed XML with line and column', async () => {
    const path = put(temp.path, 'bad.xml', '<a>\n<b><c>1</c></b>\n<b><c>2</d></b>\n</a>');
    const err = await studioError(readAll(createXmlConnector({ path }, null), 'bad'));
    expect(err).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: path, line: 3, column: 11 } });
    expect(err.message).toContain('line 3, column 11');
    const cut = put(temp.path, 'cut.xml', '<a><b>1</b><b>2');
    expect(await studioError(readAll(createXmlConnector({ path: cut }, null), 'cut'))).toMatchObject({ code: 'SOURCE_CORRUPT', where: { file: cut, line: 1 } });
  });

  it('streams a large document in chunks', async () => {
    const body = Array.from({ length: 30_000 }, (_, i) => `<row n="${i}"><v>${i * 2}</v></row>`).join('\n');
    const c = createXmlConnector({ path: put(temp.path, 'big.xml', `<rows>\n${body}\n</rows>`) }, null);
    const rows = await readAll(c, 'big', 1000);
    expect(rows).toHaveLength(30_000);
    expect(rows[29_999]).toEqual({ n: '29999', v: '59998' });
  });
});

describe('XML record paths', () => {
  it('picks the element repeated under a single parent, not the fields of each record', () => {
    expect(detectRecordPath('<r><list><item><tag/><tag/><tag/></item><item><tag/></item></list></r>').steps.map((s) => s.local)).toEqual(['r', 'list', 'item']);
    expect(detectRecordPath('<Student><Name>Ann</Name><Age>9</Age></Student>').steps.map((s) => s.local)).toEqual(['Student']);
    expect(parseXmlRecordPath('{urn:a/b}Student')).toEqual({ steps: [{ uri: 'urn:a/b', local: 'Student' }], absolute: false });
  });
});
