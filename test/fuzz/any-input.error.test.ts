// No input produces a 5xx, and a refused request stores nothing (contract §0), checked by a
// property-based test: fast-check generates and mutates paths, queries, headers, JSON bodies,
// form bodies and files (CSV, XML, XLSX, multipart framing) for every route of /openapi.json
// (plus the few that are not in it), sends them through the Worker's real fetch handler with
// real bindings, and checks every answer.
//
// CI runs FUZZ_RUNS requests with the fixed seed FUZZ_SEED (vitest.config.ts); `npm run
// test:fuzz` runs a larger budget with a random seed, printed so a failure can be replayed:
// FUZZ_SEED=<seed> FUZZ_RUNS=<n> npx vitest run test/fuzz
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { withHeaderXlsx } from "../accounts/fixtures/xlsx-fixtures";
import { fromBase64 } from "../accounts/support/xlsx-builder";
import { validCsv } from "../batch/revenue-csv-fixtures";
import { finishedJob } from "../batch/support/batch-api";
import { createSite, createToken } from "../support/fixtures";
import { admin, call } from "../support/http";

const RUNS = Number(env.FUZZ_RUNS);
const SEED = Number(env.FUZZ_SEED);

type Operation = { method: string; template: string; query: string[]; body: string[]; security: string[] };

type World = {
  siteId: string;
  secret: string;
  publicToken: string;
  trk: string;
  access: string;
  spareTokenId: string;
  spareClientId: string;
  jobId: string;
  contactId: string;
};

let world: World;
let operations: Operation[];

// ---------------------------------------------------------------- values

/** Texts that have broken parsers before: huge numbers, dates out of range, encodings, injections. */
const NASTY_TEXT = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "true",
  "[]",
  "{}",
  "9".repeat(400),
  "8640000000000001",
  "275760-09-13",
  "+275760-09-13T00:00:00Z",
  "-271821-04-19T00:00:00Z",
  "2024-02-30",
  "2024-13-01",
  "0000-01-01",
  "9999-12-31T23:59:59.999+23:59",
  "9999-12-31T23:59:59.9999999",
  "2024-01-01T24:00:00Z",
  "%00",
  "%",
  "%E0%A4%A",
  "\u0000",
  "\uD800",
  "😀",
  "../../etc/passwd",
  "' OR 1=1 --",
  "<x>&amp;</x>",
  "=cmd|' /C calc'!A0",
  "a".repeat(5000),
  "USD",
  "usd",
  "JPY",
  "XXX",
];

const nastyText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).map(String) },
);

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.1,
  0.30000000000000004,
  1e-7,
  2 ** 53 + 1,
  8_640_000_000_000_001,
  1e21,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  253_402_300_800_000,
];

const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---------------------------------------------------------------- JSON mutation

type PathStep = string | number;

function pathsOf(value: unknown, prefix: PathStep[] = []): PathStep[][] {
  const out: PathStep[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: "replace" | "delete" | "add" | "duplicate"; at: number; key: string; value: unknown };

function applyMutation(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === "replace" ? m.value : root;
  const parent = path.slice(0, -1).reduce<unknown>((v, step) => (v as Record<PathStep, unknown>)[step], root) as
    | Record<PathStep, unknown>
    | unknown[];
  const last = path[path.length - 1]!;
  if (m.kind === "replace") (parent as Record<PathStep, unknown>)[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete (parent as Record<PathStep, unknown>)[last];
  } else if (m.kind === "add") {
    if (Array.isArray(parent)) parent.push(m.value);
    else (parent as Record<string, unknown>)[m.key] = m.value;
  } else if (Array.isArray(parent)) {
    parent.push(structuredClone(parent[Number(last)]));
  }
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("replace", "replace", "delete", "add", "duplicate"),
  at: fc.nat(),
  key: fc.oneof(fc.constantFrom("token", "data", "type", "records", "timestamp", "__proto__", "constructor"), fc.string({ maxLength: 12 })),
  value: nastyScalar,
});

/** A seed body mutated 0–4 times, or a value unrelated to it. */
function jsonBody(seeds: unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 3 }))
        .map(([seed, ms]) => ms.reduce(applyMutation, structuredClone(seed))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
}

// ---------------------------------------------------------------- bytes and files

type ByteEdit = { kind: "insert" | "delete" | "overwrite" | "truncate" | "duplicate-line"; at: number; length: number; bytes: Uint8Array };

const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  kind: fc.constantFrom("insert", "delete", "overwrite", "truncate", "duplicate-line"),
  at: fc.nat(),
  length: fc.nat({ max: 300 }),
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 24 }),
    fc.constantFrom(
      ...[",", '"', '""', "\r", "\n", "\r\n", ";", "=", "\u0000", "\uFEFF", "é", "<", "</row>", "<!DOCTYPE x>", "9".repeat(40)].map((s) =>
        new TextEncoder().encode(s),
      ),
    ),
  ),
});

function editBytes(input: Uint8Array, e: ByteEdit): Uint8Array {
  const at = input.length === 0 ? 0 : e.at % (input.length + 1);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (e.kind) {
    case "insert":
      return join(input.subarray(0, at), e.bytes, input.subarray(at));
    case "delete":
      return join(input.subarray(0, at), input.subarray(at + e.length));
    case "overwrite":
      return join(input.subarray(0, at), e.bytes, input.subarray(at + e.bytes.length));
    case "truncate":
      return input.subarray(0, at);
    case "duplicate-line": {
      const end = input.indexOf(10, at);
      const start = input.lastIndexOf(10, at - 1) + 1;
      const line = input.subarray(start, end < 0 ? input.length : end + 1);
      return join(input.subarray(0, start), line, input.subarray(start));
    }
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

type FileSeed = { bytes: Uint8Array; name: string };

/** A seed file, usually intact or lightly edited (so that accepted uploads are explored too), sometimes random bytes. */
function fileBytes(seeds: FileSeed[]): fc.Arbitrary<FileSeed> {
  const edits = fc.oneof(
    { weight: 3, arbitrary: fc.constant<ByteEdit[]>([]) },
    { weight: 4, arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 4 }) },
  );
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), edits)
        .map(([seed, es]) => ({ bytes: es.reduce(editBytes, seed.bytes), name: seed.name })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ bytes, name: "random.bin" })) },
  );
}

const BATCH_SEEDS: FileSeed[] = [
  { bytes: utf8(validCsv(3)), name: "revenue.csv" },
  { bytes: utf8(validCsv(2, 50).replaceAll("\r\n", "\n")), name: "revenue.csv" },
  {
    bytes: utf8(
      "\uFEFFRevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference\n2024-01-31,JPY,25000,a@x.io,Deal,R1\n2024-02-01T09:30:00.1234567,BHD,12.345,b@x.io,Deal,R2\n",
    ),
    name: "export.csv",
  },
];
const ACCOUNT_SEEDS: FileSeed[] = [
  {
    bytes: utf8(
      "Account,Revenue,Start date,End date,Type,Description\nAcme,12000,2016-01-01,2016-12-31,ARR,Licence\nGlobex,1200,01-01-2016,31-12-2016,MRR,\n",
    ),
    name: "accounts.csv",
  },
  { bytes: utf8("Acme;12000;2016-01-01;2016-12-31;One Time\n"), name: "accounts.txt" },
  { bytes: utf8("<rows><row><a>Acme</a><b>12000</b><c>2016-01-01</c><d>2016-12-31</d><e>ARR</e></row></rows>"), name: "accounts.xml" },
  { bytes: fromBase64(withHeaderXlsx), name: "accounts.xlsx" },
];

/** A multipart body: the file in `file` (usually), a name and a boundary, the framing sometimes broken. */
function multipart(seeds: FileSeed[]): fc.Arbitrary<{ body: Uint8Array; contentType: string }> {
  return fc
    .record({
      file: fileBytes(seeds),
      field: fc.oneof({ weight: 8, arbitrary: fc.constant("file") }, { weight: 1, arbitrary: fc.constantFrom("files", "FILE", "") }),
      filename: fc.oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom("a.json", "a.xls", "noext", "a.xlsx", "a.csv"), nastyText) },
      ),
      boundary: fc.oneof(
        { weight: 8, arbitrary: fc.constant("fuzzboundary") },
        { weight: 1, arbitrary: fc.constantFrom("", "a", "x".repeat(80), 'q"uote') },
      ),
      framing: fc.oneof(
        { weight: 6, arbitrary: fc.constant<ByteEdit[]>([]) },
        { weight: 1, arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 2 }) },
      ),
      extraPart: fc.boolean(),
    })
    .map(({ file, field, filename, boundary, framing, extraPart }) => {
      const name = (filename ?? file.name).replaceAll('"', "");
      const head = utf8(
        (extraPart ? `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` : "") +
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      const tail = utf8(`\r\n--${boundary}--\r\n`);
      const framed = new Uint8Array(head.length + file.bytes.length + tail.length);
      framed.set(head, 0);
      framed.set(file.bytes, head.length);
      framed.set(tail, head.length + file.bytes.length);
      // Framing damage only where it does not touch the file itself.
      const body = framing.reduce<Uint8Array>((b, e) => editBytes(b, { ...e, at: e.at % head.length }), framed);
      return { body, contentType: `multipart/form-data; boundary=${boundary}` };
    });
}

// ---------------------------------------------------------------- requests

/** Percent-encoding of the UTF-8 bytes (a lone surrogate becomes U+FFFD, as any client sends it). */
function enc(text: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function jsonSeeds(op: Operation): unknown[] {
  const key = `${op.method} ${op.template.replace(/^\/api\/v2\//, "/v2/")}`;
  switch (key) {
    case "POST /api/ingest":
      return [
        {
          type: "revenue",
          data: {
            visitor_fingerprint: "fp",
            session_id: "s",
            customer_id: "c",
            amount: 499.99,
            currency: "USD",
            transaction_id: "tx-1",
            event_type: "purchase",
            metadata: { plan: "pro" },
          },
        },
        {
          type: "pageview",
          token: world.publicToken,
          data: { visitor_fingerprint: null, session_id: "s", url: "https://shop.example/", timestamp: 1_700_000_000_000 },
        },
        {
          type: "event",
          data: {
            visitor_fingerprint: "fp",
            session_id: "s",
            event_name: "signup",
            event_data: { plan: "pro" },
            timestamp: 1_700_000_000_000,
          },
        },
        { type: "identify", data: { visitor_fingerprint: "fp", session_id: "s", customer_id: "c", timestamp: 1_700_000_000_000 } },
      ];
    case "POST /v2/history/revenue":
      return [
        {
          records: [
            { message_id: "m1", offer_id: "o1", revenue: 24.99, payout: 5, attribution_type: "sale", timestamp: "2025-11-15T16:00:00Z" },
          ],
        },
      ];
    case "POST /v2/contacts/bulk":
      return [
        {
          contacts: [
            { phone_number: "(212) 555-1234", list_number: "12345", custom_fields: { first_name: "Ada" }, signup_date: "2025-01-31" },
          ],
        },
      ];
    case "POST /v2/offers/bulk":
      return [{ offers: [{ offer_id: "o1", name: "Spring", payout: 5 }] }];
    case "POST /v2/history/sends":
      return [{ sends: [{ message_id: "m1", phone_number: "+12125551234", offer_id: "o1", sent_at: "2025-11-15T15:00:00Z" }] }];
    case "PUT /v1/{siteId}/revenue/upload":
      return [
        {
          CurrencyCode: "USD",
          Value: "24.99",
          RevenueClosedDate: "2024-03-01T12:00:00",
          LeadDate: "2024-02-20",
          VisitorIdentifierOptions: [{ Key: "EmailAddress", Value: "ada@example.com" }],
          Labels: ["Deal"],
          Reference: "INV-1",
          AdditionalDataProperties: [{ Name: "Source", Value: "Bing" }],
        },
      ];
    case "POST /admin/sites":
      return [{ name: "Shop", default_currency: "EUR", rate_limit: { limit: 100, window_seconds: 60 } }];
    case "POST /admin/sites/{siteId}/tokens":
      return [
        { kind: "public", name: "web", allowed_origins: ["https://shop.example"], rate_limit: { limit: 10, window_seconds: 1 } },
        { kind: "secret", prefix: "trk" },
      ];
    case "POST /admin/sites/{siteId}/oauth-clients":
      return [{ name: "ERP" }];
    case "PATCH /admin/tokens/{tokenId}":
      return [{ rate_limit: { limit: 10, window_seconds: 60 }, name: "renamed", allowed_origins: null }];
    default:
      return [{}];
  }
}

function pathValue(name: string): fc.Arbitrary<string> {
  const real: Record<string, string> = {
    siteId: world.siteId,
    jobId: world.jobId,
    contactId: world.contactId,
    account: "Acme",
    tokenId: world.spareTokenId,
    clientId: world.spareClientId,
  };
  return fc.oneof({ weight: 5, arbitrary: fc.constant(real[name] ?? "x") }, { weight: 2, arbitrary: nastyText });
}

const QUERY_EXAMPLES: Record<string, string[]> = {
  from: ["2024-01-01", "2016-01", "2024-01-01T00:00:00Z"],
  to: ["2026-12-31", "2016-12", "2024-12-31T23:59:59.999+02:00"],
  format: ["json", "csv", "xml"],
  interval: ["day", "week", "month"],
  group_by: ["currency", "source", "event_type", "label"],
  limit: ["1", "1000", "50"],
  cursor: ["eyJ0IjoiMjAyNC0wMS0wMSJ9"],
  source: ["event", "history", "batch", "single", "account_file"],
  currency: ["USD"],
  page: ["1", "2"],
  pageSize: ["1", "200"],
  phone_number: ["+12125551234", "(212) 555-1234"],
};

function queryString(op: Operation): fc.Arbitrary<string> {
  const known = op.query.map((name) =>
    fc.option(
      fc
        .oneof({ weight: 3, arbitrary: fc.constantFrom(...(QUERY_EXAMPLES[name] ?? ["x"])) }, { weight: 2, arbitrary: nastyText })
        .map((v) => [name, v] as const),
      { freq: 2 },
    ),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...op.query, "format", "__proto__"), fc.string({ maxLength: 8 })), nastyText), {
    maxLength: 2,
  });
  return fc.tuple(fc.tuple(...known), extra, fc.boolean()).map(([pairs, more, raw]) => {
    const all = [...pairs.filter((p): p is readonly [string, string] => p !== null), ...more];
    if (all.length === 0) return "";
    // Mostly well-encoded; sometimes raw, so that malformed percent-escapes reach the router.
    return `?${all.map(([k, v]) => (raw ? `${k}=${v}` : `${enc(k)}=${enc(v)}`)).join("&")}`;
  });
}

type Credential = "secret" | "public" | "trk" | "access" | "admin" | "garbage" | "none";

function authHeaders(op: Operation, credential: Credential, style: number): Record<string, string> {
  const value = {
    secret: world.secret,
    public: world.publicToken,
    trk: world.trk,
    access: world.access,
    admin: env.ADMIN_TOKEN,
    garbage: `sec_${"x".repeat(31)}`,
    none: "",
  }[credential];
  if (credential === "none") return {};
  const scheme = op.security[style % Math.max(1, op.security.length)] ?? "bearer";
  switch (scheme) {
    case "apiKey":
      return { "x-api-key": value };
    case "apiToken":
      return { "x-api-token": value };
    case "accountApiKey":
      return { authorization: `api_key ${value}` };
    default:
      return { authorization: `Bearer ${value}` };
  }
}

function defaultCredential(op: Operation): Credential {
  if (op.template.startsWith("/admin")) return "admin";
  if (op.template.startsWith("/v2") || op.template.startsWith("/api/v2")) return "trk";
  return "secret";
}

type Sent = { op: Operation; url: string; init: RequestInit; describe: string; json?: unknown };

function requestFor(op: Operation): fc.Arbitrary<Sent> {
  const params = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pathArb = fc
    .tuple(...params.map(pathValue))
    .map((values) => params.reduce((p, name, i) => p.replace(`{${name}}`, enc(values[i]!)), op.template));
  const credential = fc.oneof(
    { weight: 8, arbitrary: fc.constant(defaultCredential(op)) },
    { weight: 2, arbitrary: fc.constantFrom<Credential>("secret", "public", "trk", "access", "admin", "garbage", "none") },
  );
  const body: fc.Arbitrary<{ bytes?: BodyInit; contentType?: string; json?: unknown }> = (() => {
    if (op.body.includes("multipart/form-data")) {
      const seeds = op.template.startsWith("/v4.1") ? ACCOUNT_SEEDS : BATCH_SEEDS;
      return fc.oneof(
        { weight: 8, arbitrary: multipart(seeds).map((m) => ({ bytes: m.body, contentType: m.contentType })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fileBytes(seeds), fc.constantFrom("text/csv", "application/json", "multipart/form-data"))
            .map(([f, type]) => ({ bytes: f.bytes, contentType: type })),
        },
      );
    }
    if (op.body.includes("application/x-www-form-urlencoded")) {
      return fc
        .record({
          grant: fc.oneof(fc.constant("client_credentials"), nastyText),
          id: fc.oneof(fc.constant(world.spareClientId), nastyText),
          secret: nastyText,
          repeat: fc.boolean(),
        })
        .map(({ grant, id, secret, repeat }) => ({
          bytes: `grant_type=${enc(grant)}&client_id=${enc(id)}&client_secret=${enc(secret)}${repeat ? "&grant_type=x" : ""}`,
          contentType: "application/x-www-form-urlencoded",
        }));
    }
    // A GET or HEAD request cannot have a body (fetch refuses to send one).
    if (op.method === "GET" || op.method === "HEAD" || op.method === "OPTIONS") return fc.constant({});
    if (op.method === "DELETE") {
      return fc.oneof(
        { weight: 9, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: nastyText.map((t) => ({ bytes: t, contentType: "text/plain" })) },
      );
    }
    return fc.oneof(
      {
        weight: 8,
        arbitrary: jsonBody(jsonSeeds(op)).map((json) => ({ bytes: JSON.stringify(json), contentType: "application/json", json })),
      },
      {
        weight: 1,
        arbitrary: jsonBody(jsonSeeds(op)).chain((json) =>
          fc.nat().map((n) => ({ bytes: JSON.stringify(json)?.slice(0, n % 200) ?? "", contentType: "text/plain" })),
        ),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: b, contentType: "application/json" })) },
    );
  })();
  return fc
    .record({
      path: pathArb,
      query: queryString(op),
      credential,
      style: fc.nat({ max: 3 }),
      body,
      idempotencyKey: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.uuid(), nastyText) }),
      origin: fc.option(fc.constantFrom("https://shop.example", "null", "https://evil.example"), { freq: 3 }),
    })
    .map(({ path, query, credential, style, body, idempotencyKey, origin }) => {
      const headers: Record<string, string> = { ...authHeaders(op, credential, style) };
      if (body.contentType) headers["content-type"] = body.contentType;
      if (idempotencyKey !== null) headers["idempotency-key"] = idempotencyKey.replace(/[^\x20-\x7e]/g, "?");
      if (origin !== null) headers.origin = origin;
      const url = `${path}${query}`;
      return {
        op,
        url,
        init: { method: op.method, headers, body: body.bytes },
        json: body.json,
        describe: `${op.method} ${url} ${JSON.stringify(headers)} ${typeof body.bytes === "string" ? body.bytes.slice(0, 300) : `<${(body.bytes as Uint8Array | undefined)?.length ?? 0} bytes>`}`,
      };
    });
}

// ---------------------------------------------------------------- storage

/** What the fuzzed site (and the global admin tables) hold; the asynchronous writers' rows are left out (see below). */
async function stored(): Promise<string> {
  const site = world.siteId;
  const q = (sql: string) => env.DB.prepare(sql).bind(site);
  const results = await env.DB.batch([
    q("SELECT count(*) AS v FROM ledger WHERE site_id = ?1 AND source NOT IN ('event', 'batch')"),
    q("SELECT count(*) AS v FROM batch_jobs WHERE site_id = ?1"),
    q(
      "SELECT group_concat(phone_number || ':' || coalesce(list_number, '') || ':' || coalesce(custom_fields, '') || ':' || revenue_total_minor || ':' || conversion_count, '|') AS v FROM contacts WHERE site_id = ?1",
    ),
    q(
      "SELECT group_concat(offer_id || ':' || coalesce(name, '') || ':' || coalesce(payout_minor, ''), '|') AS v FROM offers WHERE site_id = ?1",
    ),
    q("SELECT count(*) AS v FROM messages WHERE site_id = ?1"),
    q("SELECT count(*) AS v FROM account_files WHERE site_id = ?1"),
    q("SELECT count(*) AS v FROM account_schedules WHERE site_id = ?1"),
    q("SELECT count(*) AS v FROM accounts WHERE site_id = ?1"),
    env.DB.prepare("SELECT count(*) AS v FROM sites"),
    env.DB.prepare(
      "SELECT group_concat(id || ':' || coalesce(rate_limit, '') || ':' || coalesce(rate_window_seconds, '') || ':' || coalesce(name, '') || ':' || coalesce(allowed_origins, '') || ':' || coalesce(revoked_at, ''), '|') AS v FROM api_tokens",
    ),
    env.DB.prepare("SELECT group_concat(id || ':' || coalesce(revoked_at, ''), '|') AS v FROM oauth_clients"),
  ]);
  const [batchObjects, accountObjects] = await Promise.all([
    env.UPLOADS.list({ prefix: `batch/${site}/` }),
    env.UPLOADS.list({ prefix: `account-files/${site}/` }),
  ]);
  return JSON.stringify([
    ...results.map((r) => (r.results[0] as { v: unknown }).v),
    batchObjects.objects.length,
    accountObjects.objects.length,
  ]);
}

// ---------------------------------------------------------------- the world

beforeAll(async () => {
  const site = await createSite({ rate_limit: { limit: 1_000_000, window_seconds: 1 } });
  const unlimited = { rate_limit: { limit: 1_000_000, window_seconds: 1 } };
  const secret = await createToken(site.id, { kind: "secret", ...unlimited });
  const publicToken = await createToken(site.id, { kind: "public", ...unlimited });
  const trk = await createToken(site.id, { kind: "secret", prefix: "trk", ...unlimited });
  const spare = await createToken(site.id, { kind: "secret" });
  const client = (await (await admin("POST", `/admin/sites/${site.id}/oauth-clients`, { name: "fuzz" })).json()) as {
    client_id: string;
    client_secret: string;
  };
  const spareClient = (await (await admin("POST", `/admin/sites/${site.id}/oauth-clients`, { name: "spare" })).json()) as {
    client_id: string;
  };
  const tokenRes = await call("/oauth2/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=client_credentials&client_id=${client.client_id}&client_secret=${client.client_secret}`,
  });
  const access = ((await tokenRes.json()) as { access_token: string }).access_token;

  const form = new FormData();
  form.append("file", new File([validCsv(3, 9000)], "r.csv"));
  const upload = await call(`/v1/${site.id}/revenue/upload/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret.token}` },
    body: form,
  });
  const { jobId } = (await upload.json()) as { jobId: string };
  await finishedJob(site.id, secret.token, jobId);
  const contacts = await call("/v2/contacts/bulk", {
    method: "POST",
    headers: { "x-api-key": trk.token, "content-type": "application/json" },
    body: JSON.stringify({ contacts: [{ phone_number: "+12125551234" }] }),
  });
  expect(contacts.status).toBe(200);
  const contactId = (await env.DB.prepare("SELECT id FROM contacts WHERE site_id = ?1").bind(site.id).first<{ id: string }>())!.id;

  world = {
    siteId: site.id,
    secret: secret.token,
    publicToken: publicToken.token,
    trk: trk.token,
    access,
    spareTokenId: spare.id,
    spareClientId: spareClient.client_id,
    jobId,
    contactId,
  };

  const doc = (await (await call("/openapi.json")).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ name: string; in: string }>;
          requestBody?: { content: Record<string, unknown> };
          security?: Array<Record<string, unknown>>;
        }
      >
    >;
  };
  // A path item also holds non-operation keys (e.g. `servers` of the /v2 paths, also served at /api/v2).
  const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
  operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => httpMethods.has(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        body: Object.keys(op.requestBody?.content ?? {}),
        security: (op.security ?? []).flatMap((s) => Object.keys(s)),
      })),
  );
  // The history routes are also served under /api (documented as an alternative server).
  operations.push(...operations.filter((o) => o.template.startsWith("/v2/")).map((o) => ({ ...o, template: `/api${o.template}` })));
  // Routes outside the document, and what no route answers.
  operations.push(
    { method: "GET", template: "/docs", query: [], body: [], security: [] },
    { method: "OPTIONS", template: "/api/ingest", query: [], body: [], security: [] },
    { method: "DELETE", template: "/api/ingest", query: [], body: [], security: [] },
    { method: "GET", template: "/v1/{siteId}/nothing-here", query: [], body: [], security: ["bearer"] },
    { method: "POST", template: "/v1/{siteId}/revenue", query: [], body: ["application/json"], security: ["bearer"] },
  );
}, 120_000);

// ---------------------------------------------------------------- the property

describe("no input produces a 5xx, and a refused request stores nothing", () => {
  it(`holds for ${RUNS} generated requests over every route (seed ${SEED})`, { timeout: 120_000 + RUNS * 2_000 }, async () => {
    expect(operations.length).toBeGreaterThan(30);
    const accepted = { revenue: new Set<string>(), web: 0 };
    const statuses: Record<string, number> = {};

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations).chain((op) => requestFor(op)),
        async (sent) => {
          const before = await stored();
          const res = await call(sent.url, sent.init);
          const text = await res.text();
          statuses[`${sent.op.method} ${sent.op.template} ${res.status}`] =
            (statuses[`${sent.op.method} ${sent.op.template} ${res.status}`] ?? 0) + 1;
          expect(res.status, `${sent.describe}\n→ ${res.status} ${text.slice(0, 500)}`).toBeLessThan(500);
          expect(text).not.toMatch(/\n\s+at |SQLITE|D1_ERROR|TypeError|RangeError/);
          if (res.status >= 400) expect(await stored(), `refused but stored: ${sent.describe}`).toBe(before);
          if (sent.op.template === "/api/ingest" && sent.op.method === "POST" && res.status === 202) {
            // A text/plain body (the tracker's sendBeacon) is JSON too: read what was sent.
            const body = (sent.json ?? JSON.parse(String(sent.init.body))) as { type: string; data: { transaction_id: string } };
            if (body.type === "revenue") accepted.revenue.add(body.data.transaction_id.trim());
            else accepted.web += 1;
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: 25 * 60_000 },
    );

    // Events are written by the queue consumer: once every accepted one is stored, nothing more
    // may follow (a refused event that had been queued anyway would show up here).
    const counts = async () => {
      const [revenue, web] = await env.DB.batch([
        env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ?1 AND source = 'event'").bind(world.siteId),
        env.DB.prepare("SELECT count(*) AS n FROM web_events WHERE site_id = ?1").bind(world.siteId),
      ]);
      return { revenue: (revenue!.results[0] as { n: number }).n, web: (web!.results[0] as { n: number }).n };
    };
    const expected = { revenue: accepted.revenue.size, web: accepted.web };
    await vi.waitUntil(async () => JSON.stringify(await counts()) === JSON.stringify(expected), { timeout: 20_000, interval: 100 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await counts()).toEqual(expected);
    console.log(`fuzz: ${RUNS} requests, seed ${SEED}; answers by route and status: ${JSON.stringify(statuses)}`);
  });
});
