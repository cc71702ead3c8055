import type { Surface } from "../../http/surface";
import { registerGetMe } from "./get-me";

/** Who a credential is (`GET /v1/me`; native API, contract §7): used by the console's sign-in. */
export const identitySurface: Surface = {
  name: "identity",
  basePaths: [""],
  owns: (path) => path === "/v1/me",
  register: registerGetMe,
};
