// Stands in for the `cloudflare:workers` module when the app is loaded in Node to write its
// OpenAPI document (scripts/openapi-document.ts): classes are declared at import time, but
// /openapi.json never instantiates a Durable Object or touches a binding.
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export const env = {};
