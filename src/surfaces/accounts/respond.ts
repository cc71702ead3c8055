import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../env";
import { toXmlDocument, wantsXml, type XmlValue } from "./xml-body";

/** Answers in JSON, or in XML with the same content when the path ends in `.xml`. */
export function respond(c: Context<AppEnv>, body: { readonly [key: string]: XmlValue }, status: ContentfulStatusCode): Response {
  if (wantsXml(c.req.path)) {
    return c.body(toXmlDocument(body), status, { "Content-Type": "application/xml; charset=UTF-8" });
  }
  return c.json(body, status);
}
