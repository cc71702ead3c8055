import type { Surface } from "../../http/surface";
import { renderOAuthError } from "./errors";
import { registerOAuthToken } from "./token";

/** OAuth2 client credentials (contract §1): access tokens that act as a site's secret token. */
export const oauthSurface: Surface = {
  name: "oauth",
  basePaths: [""],
  owns: (path) => path.startsWith("/oauth2/"),
  register: registerOAuthToken,
  renderError: renderOAuthError,
};
