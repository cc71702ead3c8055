import { isBuiltinDateFormat, isDateFormatCode } from "./excel-date";
import type { XlsxPackage } from "./xlsx-package";
import { attribute } from "./xml-parser";

/**
 * Which cell styles show dates. A cell's `s` attribute indexes `cellXfs`; each of those names
 * a number format, built in (ids below 164) or declared in `numFmts`. Returns the set of
 * style indexes whose format is a date format.
 */
export function readDateStyles(pkg: XlsxPackage, stylesPath: string | undefined): Set<number> {
  const dateStyles = new Set<number>();
  if (!stylesPath) return dateStyles;
  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  pkg.readXml(stylesPath, {
    open(name, attrs) {
      if (name === "numFmt") {
        const id = Number(attribute(attrs, "numFmtId"));
        const code = attribute(attrs, "formatCode");
        if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
      } else if (name === "cellXfs") {
        inCellXfs = true;
      } else if (name === "xf" && inCellXfs) {
        xfFormats.push(Number(attribute(attrs, "numFmtId") ?? "0"));
      }
    },
    text() {},
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  xfFormats.forEach((fmt, index) => {
    const custom = customFormats.get(fmt);
    if (custom !== undefined ? isDateFormatCode(custom) : isBuiltinDateFormat(fmt)) dateStyles.add(index);
  });
  return dateStyles;
}
