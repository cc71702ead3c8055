import type { Surface } from "../http/surface";
import { accountsSurface } from "./accounts";
import { adminSurface } from "./admin";
import { analyticsSurface } from "./analytics";
import { batchSurface } from "./batch";
import { eventsSurface } from "./events";
import { historySurface } from "./history";
import { identitySurface } from "./identity";
import { oauthSurface } from "./oauth";
import { opsSurface } from "./ops";
import { reportingSurface } from "./reporting";

/**
 * Every surface the Worker serves, in mounting order. Adding a surface is a folder under
 * `src/surfaces/` whose index.ts exports a `Surface`, and one line here.
 */
export const surfaces: readonly Surface[] = [
  opsSurface,
  eventsSurface,
  historySurface,
  accountsSurface,
  batchSurface,
  oauthSurface,
  identitySurface,
  reportingSurface,
  analyticsSurface,
  adminSurface,
];
