/**
 * Finds the API credential in whichever header style a client uses (contract §1):
 * `Authorization: Bearer <t>`, `Authorization: api_key <t>`, `X-Api-Key: <t>`, `X-API-Token: <t>`.
 * Every surface accepts every style: an integration that sends its documented header works,
 * and none of them can be confused with another.
 */
export function credentialFromHeaders(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const m = /^(?:bearer|api_key|token)\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1];
  }
  return headers.get("x-api-key")?.trim() || headers.get("x-api-token")?.trim() || undefined;
}
