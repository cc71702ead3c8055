import { SaxesParser, type SaxesTagPlain } from "saxes";
import { MAX_XML_DEPTH } from "./limits";
import { FileRefusal } from "./refusal";

/** What a caller of `newXmlParser` hears about; names are local names (prefix dropped). */
export type XmlHandlers = {
  open(name: string, attributes: Readonly<Record<string, string>>, depth: number): void;
  text(text: string): void;
  close(name: string, depth: number): void;
};

export type XmlParser = {
  /** Feeds the next piece of the document. */
  write(chunk: string): void;
  /** Signals the end of the document (an unclosed element is an error then). */
  end(): void;
};

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * A strict, streaming XML parser (saxes) with the defences every XML we read needs:
 * - a DOCTYPE is refused outright: it is how entity-expansion ("billion laughs") and external
 *   entity attacks start, and no record file or XLSX part needs one. saxes never expands
 *   entities declared in a DTD anyway; refusing makes the error clear instead of
 *   "undefined entity";
 * - nesting deeper than MAX_XML_DEPTH is refused while reading, before any tree exists;
 * - well-formedness errors are refused with saxes' line:column position.
 * Handlers may throw FileRefusal to stop parsing at once.
 */
export function newXmlParser(what: string, handlers: XmlHandlers): XmlParser {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;
  parser.on("error", (err) => {
    throw new FileRefusal(`The ${what} is not well-formed XML: ${err.message}`);
  });
  parser.on("doctype", () => {
    throw new FileRefusal(`The ${what} contains a DOCTYPE declaration, which is not accepted (it can define entities).`);
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    depth++;
    if (depth > MAX_XML_DEPTH) {
      throw new FileRefusal(`The ${what} nests elements more than ${MAX_XML_DEPTH} levels deep.`);
    }
    handlers.open(localName(tag.name), tag.attributes, depth);
  });
  parser.on("text", (t) => handlers.text(t));
  parser.on("cdata", (t) => handlers.text(t));
  parser.on("closetag", (tag) => {
    handlers.close(localName(tag.name), depth);
    depth--;
  });
  return {
    write(chunk) {
      parser.write(chunk);
    },
    end() {
      parser.close();
    },
  };
}

/** Attribute by local name (`r:id` and `id` both answer to "id" only when asked for exactly). */
export function attribute(attributes: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}
