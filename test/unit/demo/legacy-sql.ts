/**
 * SQL over the generated legacy school, written independently of the generator's own rules, for
 * the tests that check its planted problems and what the demo mappings make of them.
 */
export const DOB_SENTINELS_SQL = `('1900-01-01', '01/01/1900', '12/30/1899', '30/12/1899', '1899-12-30', '0000-00-00')`;
export const ISO_GLOB = `'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
export const DMY4_GLOB = `'[0-9][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]'`;
export const DMY2_GLOB = `'[0-9][0-9]/[0-9][0-9]/[0-9][0-9]'`;

const isRealIso = (expr: string) => `(date(${expr}) IS NOT NULL AND date(${expr}) = ${expr})`;

/** DOB reads as a real date in yyyy-MM-dd, dd/MM/yyyy, MM/dd/yyyy or dd/MM/yy (00–68 → 20xx). */
export const READABLE_DOB = `(
  (DOB GLOB ${ISO_GLOB} AND ${isRealIso('DOB')})
  OR (DOB GLOB ${DMY4_GLOB} AND ${isRealIso(`substr(DOB,7,4)||'-'||substr(DOB,4,2)||'-'||substr(DOB,1,2)`)})
  OR (DOB GLOB ${DMY4_GLOB} AND ${isRealIso(`substr(DOB,7,4)||'-'||substr(DOB,1,2)||'-'||substr(DOB,4,2)`)})
  OR (DOB GLOB ${DMY2_GLOB} AND ${isRealIso(`(CASE WHEN CAST(substr(DOB,7,2) AS INTEGER) <= 68 THEN '20' ELSE '19' END)||substr(DOB,7,2)||'-'||substr(DOB,4,2)||'-'||substr(DOB,1,2)`)})
)`;

/** DOB holds something other than a blank or a placeholder. */
export const DATED_DOB = `DOB IS NOT NULL AND trim(DOB) <> '' AND DOB NOT IN ${DOB_SENTINELS_SQL}`;

/** DOB gives no usable birth date: blank, placeholder, or no real date in any format. */
export const UNUSABLE_DOB = `(NOT (${DATED_DOB}) OR NOT ${READABLE_DOB})`;
