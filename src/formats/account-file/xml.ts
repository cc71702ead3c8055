import type { FileRow } from "./field-value";
import { isEmptyRow } from "./field-value";
import { MAX_FIELD_CHARS, MAX_FIELDS, MAX_RECORDS } from "./limits";
import { FileRefusal } from "./refusal";
import { newXmlParser } from "./xml-parser";

type Frame = {
  /** Element children seen so far. */
  children: number;
  /** Whether any child element had element children of its own. */
  hasBranchChild: boolean;
  /** Text directly inside this element. */
  text: string;
  /** Texts of the leaf children, in document order. */
  leafTexts: string[];
};

/**
 * Reads an XML record file (contract §6). Element names are not relied on: a record is any
 * element whose children are all leaf elements (elements with text only), and its fields are
 * those children's texts in order. So `<rows><row><a>Acme</a><b>12000</b>…</row></rows>`,
 * `<export><meta>…</meta><records><record>…</record></records></export>` and a lone record as
 * the root all work. Attributes are ignored. Stops as soon as there are more records than a
 * file may hold.
 */
export function readXmlRows(text: string): FileRow[] {
  const rows: FileRow[] = [];
  const stack: Frame[] = [];
  const parser = newXmlParser("XML file", {
    open() {
      const parent = stack[stack.length - 1];
      if (parent) parent.children++;
      stack.push({ children: 0, hasBranchChild: false, text: "", leafTexts: [] });
    },
    text(t) {
      const top = stack[stack.length - 1];
      if (!top) return;
      // Only a leaf's text matters; a branch's text is whitespace between children.
      if (top.children === 0) {
        top.text += t;
        if (top.text.length > MAX_FIELD_CHARS) {
          throw new FileRefusal(`The XML file has an element whose text is longer than ${MAX_FIELD_CHARS} characters.`);
        }
      }
    },
    close() {
      const frame = stack.pop();
      if (!frame) return;
      const parent = stack[stack.length - 1];
      if (frame.children === 0) {
        // A leaf: a field of its parent. Parents with very many leaves are kept short, the
        // record rules report the extra field.
        if (parent && parent.leafTexts.length <= MAX_FIELDS) parent.leafTexts.push(frame.text.trim());
        return;
      }
      if (parent) parent.hasBranchChild = true;
      if (frame.hasBranchChild) return;
      const row: FileRow = frame.leafTexts.map((t) => ({ kind: "text", text: t }));
      if (isEmptyRow(row)) return;
      rows.push(row);
      if (rows.length > MAX_RECORDS + 1) {
        throw new FileRefusal(`The file has more than ${MAX_RECORDS.toLocaleString("en-US")} records.`);
      }
    },
  });
  parser.write(text);
  parser.end();
  return rows;
}
