import { FileRefusal } from "./refusal";
import { resolvePartPath, type XlsxPackage } from "./xlsx-package";
import { attribute } from "./xml-parser";

/** Where the parts of a workbook are, and how its dates count. */
export type WorkbookLayout = {
  firstSheetPath: string;
  sharedStringsPath: string | undefined;
  stylesPath: string | undefined;
  date1904: boolean;
};

type Relationship = { id: string; type: string; target: string };

function readRelationships(pkg: XlsxPackage, relsPath: string): Relationship[] {
  const rels: Relationship[] = [];
  pkg.readXml(relsPath, {
    open(name, attrs) {
      if (name !== "Relationship") return;
      const id = attribute(attrs, "Id");
      const type = attribute(attrs, "Type");
      const target = attribute(attrs, "Target");
      if (id && type && target && attribute(attrs, "TargetMode") !== "External") rels.push({ id, type, target });
    },
    text() {},
    close() {},
  });
  return rels;
}

const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
const relsPathOf = (path: string) => {
  const folder = folderOf(path);
  const file = path.slice(folder.length ? folder.length + 1 : 0);
  return `${folder ? `${folder}/` : ""}_rels/${file}.rels`;
};
const hasType = (rel: Relationship, suffix: string) => rel.type.endsWith(`/${suffix}`);

/**
 * Finds the first sheet (first in the workbook's tab order, as Excel shows it), the shared
 * strings and the styles through the package relationships, falling back to the usual paths
 * for packages written without them.
 */
export function readWorkbookLayout(pkg: XlsxPackage): WorkbookLayout {
  const rootRels = readRelationships(pkg, "_rels/.rels");
  const officeDoc = rootRels.find((r) => hasType(r, "officeDocument"));
  const workbookPath = officeDoc ? resolvePartPath("", officeDoc.target) : "xl/workbook.xml";

  let firstSheetRelId: string | undefined;
  let date1904 = false;
  const found = pkg.readXml(workbookPath, {
    open(name, attrs) {
      if (name === "workbookPr") {
        const v = attribute(attrs, "date1904");
        date1904 = v === "1" || v === "true";
      } else if (name === "sheet" && firstSheetRelId === undefined) {
        firstSheetRelId = attribute(attrs, "r:id") ?? Object.entries(attrs).find(([k]) => k.endsWith(":id"))?.[1];
      }
    },
    text() {},
    close() {},
  });
  if (!found) throw new FileRefusal("The XLSX file is not a readable workbook (it has no workbook part).");

  const rels = readRelationships(pkg, relsPathOf(workbookPath));
  const from = folderOf(workbookPath);
  const sheetRel = rels.find((r) => r.id === firstSheetRelId);
  const firstSheetPath = sheetRel ? resolvePartPath(from, sheetRel.target) : `${from}/worksheets/sheet1.xml`;
  if (!pkg.has(firstSheetPath)) throw new FileRefusal("The XLSX file is not a readable workbook (its first sheet is missing).");
  const shared = rels.find((r) => hasType(r, "sharedStrings"));
  const styles = rels.find((r) => hasType(r, "styles"));
  return {
    firstSheetPath,
    sharedStringsPath: shared ? resolvePartPath(from, shared.target) : `${from}/sharedStrings.xml`,
    stylesPath: styles ? resolvePartPath(from, styles.target) : `${from}/styles.xml`,
    date1904,
  };
}
