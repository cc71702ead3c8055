// OAuth2 client ids and secrets (contract §1). Like API tokens, the secret is random enough
// (40 letters of 62, ~238 bits) that a SHA-256 hash is a safe way to keep it.

import { randomAlphanumeric } from "../ids";

/** `cli_` + 24 letters: public, appears in logs and in access tokens' `sub`. */
export const newClientId = () => `cli_${randomAlphanumeric(24)}`;

/** `cs_` + 40 letters: shown once at creation, kept only as a hash. */
export const newClientSecret = () => `cs_${randomAlphanumeric(40)}`;

/** Client ids of this service, and of the dev seed script (`cli_demo…`). */
export const CLIENT_ID_SHAPE = /^cli_[A-Za-z0-9]{1,64}$/;
