import { MAX_FIELD_CHARS, MAX_SHARED_STRINGS } from "./limits";
import { FileRefusal } from "./refusal";
import type { XlsxPackage } from "./xlsx-package";

/**
 * The workbook's shared-string table. An item is `<si><t>text</t></si>` or rich text
 * `<si><r><t>a</t></r><r><t>b</t></r></si>` (runs joined); phonetic guides (`<rPh>`) are not
 * part of the value. A table with more than MAX_SHARED_STRINGS items is refused while it is
 * being read: it is far more than a 1,000-record sheet needs and is how a small file could
 * make the Worker build millions of strings.
 */
export function readSharedStrings(pkg: XlsxPackage, path: string | undefined): string[] {
  const strings: string[] = [];
  if (!path) return strings;
  let current: string | undefined;
  let inText = false;
  let inPhonetic = false;
  pkg.readXml(path, {
    open(name) {
      if (name === "si") {
        if (strings.length >= MAX_SHARED_STRINGS) {
          throw new FileRefusal(
            `The XLSX file is refused: its shared-string table has more than ${MAX_SHARED_STRINGS.toLocaleString("en-US")} entries.`,
          );
        }
        current = "";
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) inText = true;
    },
    text(t) {
      if (!inText || current === undefined) return;
      current += t;
      if (current.length > MAX_FIELD_CHARS) {
        throw new FileRefusal(`The XLSX file is refused: a shared string is longer than ${MAX_FIELD_CHARS} characters.`);
      }
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si" && current !== undefined) {
        strings.push(current);
        current = undefined;
      }
    },
  });
  return strings;
}
