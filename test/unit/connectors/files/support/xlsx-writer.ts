import { buildZip, type ZipInput } from './zip-writer';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Escapes text for an XML element. */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The smallest .xlsx Excel and exceljs accept, written part by part so a test can put anything in
 * a part: `sheet` is the inside of `<sheetData>`, `sharedStrings` the inside of `<sst>` (omitted
 * when undefined). Shared strings come first, as Excel writes them.
 */
export function buildXlsx(parts: { sheet: string; sharedStrings?: string; extra?: ZipInput[] }): Buffer {
  const files: ZipInput[] = [
    { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>` },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>` },
  ];
  if (parts.sharedStrings !== undefined) files.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">${parts.sharedStrings}</sst>` });
  files.push({ name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${parts.sheet}</sheetData></worksheet>` });
  files.push(...(parts.extra ?? []));
  return buildZip(files);
}

/** A row of inline-string cells (`t="inlineStr"`), columns A, B, C… */
export function inlineRow(n: number, values: string[]): string {
  return `<row r="${n}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${n}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`).join('')}</row>`;
}

/** A row of shared-string cells pointing at the given indexes. */
export function sharedRow(n: number, indexes: number[]): string {
  return `<row r="${n}">${indexes.map((s, i) => `<c r="${String.fromCharCode(65 + i)}${n}" t="s"><v>${s}</v></c>`).join('')}</row>`;
}
