// Checks a real response against /openapi.json: the operation is found by method and path
// (aliases of a surface through the servers of its paths), the status must be one the operation
// documents, its required headers must be there, its media type must be documented, and a JSON
// body must validate against the documented schema. `call()` (./http.ts) runs it on every
// response the suite produces, so the document cannot drift from what the Worker answers.

import { exports } from "cloudflare:workers";
import { Validator } from "@cfworker/json-schema";

type Schema = Record<string, unknown>;
type Header = { required?: boolean };
type DocumentedResponse = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, Header> };
type Operation = { operationId: string; responses: Record<string, DocumentedResponse> };
type PathItem = Record<string, unknown> & { servers?: { url: string }[] };
type Document = { servers?: { url: string }[]; paths: Record<string, PathItem>; components?: Schema };

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let documentPromise: Promise<Document> | undefined;

/** The Worker's own /openapi.json (fetched once per test file, not through `call`). */
export function openApiDocument(): Promise<Document> {
  documentPromise ??= exports.default
    .fetch(new Request("https://revenue-edge.test/openapi.json"))
    .then((res) => res.json() as Promise<Document>);
  return documentPromise;
}

type Route = { template: string; pattern: RegExp; literals: number; item: PathItem; prefixes: string[] };
let routes: Route[] | undefined;

function routesOf(doc: Document): Route[] {
  if (routes) return routes;
  const prefixOf = (url: string) => new URL(url).pathname.replace(/\/$/, "");
  routes = Object.entries(doc.paths).map(([template, item]) => {
    const segments = template.split("/");
    const pattern = new RegExp(
      `^${segments.map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}$`,
    );
    const servers = item.servers ?? doc.servers ?? [{ url: "https://revenue-edge.test" }];
    return {
      template,
      pattern,
      literals: segments.filter((s) => s && !s.startsWith("{")).length,
      item,
      prefixes: servers.map((s) => prefixOf(s.url)),
    };
  });
  return routes;
}

/** The documented operation a request reaches, or why there is none. */
function findOperation(doc: Document, method: string, path: string): { operation: Operation; template: string } | "no-path" | "no-method" {
  const matches = routesOf(doc).filter((r) => r.prefixes.some((p) => path.startsWith(p) && r.pattern.test(path.slice(p.length))));
  if (matches.length === 0) return "no-path";
  const withMethod = matches.filter((r) => r.item[method] !== undefined).sort((a, b) => b.literals - a.literals);
  const best = withMethod[0];
  return best ? { operation: best.item[method] as Operation, template: best.template } : "no-method";
}

const validators = new Map<string, Validator>();

function validatorFor(key: string, schema: Schema, components: Schema | undefined): Validator {
  let validator = validators.get(key);
  if (!validator) {
    // A copy per validator: the validator annotates the schema objects it indexes.
    validator = new Validator(structuredClone({ ...schema, components }) as never, "2020-12", false);
    validators.set(key, validator);
  }
  return validator;
}

const STATIC_ASSETS = /^\/(docs|console)\//;

/** Every (operationId, status) checked by this test file, for tests that cover operations. */
export const checkedResponses = new Set<string>();

/**
 * Throws when `response` (to `method` `path`) is not what /openapi.json documents. Requests to
 * paths the document does not know must be 404s; wrong methods on documented paths 405s.
 */
export async function expectDocumented(method: string, path: string, response: Response): Promise<void> {
  const doc = await openApiDocument();
  const pathname = new URL(path, "https://revenue-edge.test").pathname;
  const m = method.toLowerCase();
  if (!METHODS.includes(m) || m === "head") return;
  const found = findOperation(doc, m, pathname);
  const where = `${method} ${pathname} → ${response.status}`;
  if (found === "no-path") {
    // Static files of the Workers assets (the documentation UI's scripts and styles under /docs/,
    // the console under /console/) are not API operations.
    if (STATIC_ASSETS.test(pathname)) return;
    if (response.status !== 404) throw new Error(`${where}: the path is not in /openapi.json`);
    return;
  }
  if (found === "no-method") {
    if (response.status !== 405) throw new Error(`${where}: ${method} is not documented for this path`);
    return;
  }
  const { operation, template } = found;
  const status = String(response.status);
  const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  const name = `${operation.operationId} (${m.toUpperCase()} ${template})`;
  if (!documented)
    throw new Error(`${where}: ${name} does not document ${status} (it documents ${Object.keys(operation.responses).join(", ")})`);

  for (const [header, spec] of Object.entries(documented.headers ?? {})) {
    if (spec.required && !response.headers.has(header))
      throw new Error(`${where}: ${name} documents the header ${header} on ${status}, it is missing`);
  }

  const contentType = response.headers.get("content-type");
  if (response.status === 204 || contentType === null) {
    if (response.status !== 204 && (await response.clone().arrayBuffer()).byteLength > 0) {
      throw new Error(`${where}: a body without a Content-Type`);
    }
    checkedResponses.add(`${operation.operationId} ${status}`);
    return;
  }
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const media = documented.content?.[mediaType];
  if (!media)
    throw new Error(
      `${where}: ${name} does not document ${mediaType} for ${status} (it documents ${Object.keys(documented.content ?? {}).join(", ") || "no body"})`,
    );
  if (mediaType === "application/json" && media.schema) {
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
    }
    const result = validatorFor(`${operation.operationId} ${status} ${mediaType}`, media.schema, doc.components).validate(body);
    if (!result.valid) {
      const errors = result.errors
        .slice(0, 5)
        .map((e) => `${e.instanceLocation} ${e.error}`)
        .join("; ");
      throw new Error(`${where}: the body does not match ${name}'s documented ${status} schema: ${errors}\nbody: ${text.slice(0, 500)}`);
    }
  }
  checkedResponses.add(`${operation.operationId} ${status}`);
}
