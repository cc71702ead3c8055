import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/**
 * Refuses bodies over `maxBytes` with 413 before they are parsed: from Content-Length when
 * present, otherwise while the body is read (contract §0).
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError({ code: "PAYLOAD_TOO_LARGE", message: `The request body must not be larger than ${maxBytes} bytes.` });
    },
  });
}
