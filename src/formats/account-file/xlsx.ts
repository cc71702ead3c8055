import type { FileRow } from "./field-value";
import { XlsxPackage } from "./xlsx-package";
import { readSharedStrings } from "./xlsx-shared-strings";
import { readSheetRows } from "./xlsx-sheet";
import { readDateStyles } from "./xlsx-styles";
import { readWorkbookLayout } from "./xlsx-workbook";

/**
 * Reads the first sheet of an XLSX workbook into rows. Built from fflate (inflate) and saxes
 * (streaming XML) rather than SheetJS: the `xlsx` package on npm is frozen at 0.18.5 with a
 * prototype-pollution advisory, and a reader of just what a record file needs (one sheet,
 * shared strings, date styles) lets every size limit be enforced while reading.
 */
export function readXlsxRows(bytes: Uint8Array): FileRow[] {
  const pkg = new XlsxPackage(bytes);
  const layout = readWorkbookLayout(pkg);
  const dateStyles = readDateStyles(pkg, layout.stylesPath);
  const sharedStrings = readSharedStrings(pkg, layout.sharedStringsPath);
  return readSheetRows(pkg, layout.firstSheetPath, { sharedStrings, dateStyles, date1904: layout.date1904 });
}
