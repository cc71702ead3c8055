import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { limitBody } from "../../http/body-limit";
import type { Surface } from "../../http/surface";
import { registerAdminDeadLetters } from "./dead-letters";
import { registerAdminOAuthClients } from "./oauth-clients";
import { registerAdminSites } from "./sites";
import { registerAdminTokens } from "./tokens";

/** Admin bodies are small JSON. */
const ADMIN_MAX_BODY_BYTES = 1_048_576;

function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  app.use("/admin/*", limitBody(ADMIN_MAX_BODY_BYTES));
  registerAdminSites(app);
  registerAdminTokens(app);
  registerAdminOAuthClients(app);
  registerAdminDeadLetters(app);
}

/** The operators' API (native, contract §1): sites, tokens, OAuth clients, dead letters. */
export const adminSurface: Surface = {
  name: "admin",
  basePaths: [""],
  register: registerAdminRoutes,
};
