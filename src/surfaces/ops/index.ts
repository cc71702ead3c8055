import type { Surface } from "../../http/surface";
import { registerHealth } from "./health";

/** Operations (contract §8): the health check. The API document is the app's own (src/http/openapi.ts). */
export const opsSurface: Surface = {
  name: "ops",
  basePaths: [""],
  register: registerHealth,
};
