#!/usr/bin/env node
// Deterministic generator of revenue batch CSV files (contract §5) for benchmarks and tests.
//
//   node bench/generate-revenue-csv.mjs                 -> bench/data/revenue-{10k,100k,500k}.csv
//   node bench/generate-revenue-csv.mjs --rows 20000 --out /tmp/x.csv [--seed 7] [--prefix R]
//
// The same arguments always give the same bytes (seeded PRNG, fixed dates in the past), so
// figures from different runs and machines are about the same input. Every row is valid:
// the three date formats, several currencies with their own exponents (JPY 0, USD 2, BHD 3),
// one or two visitor identifiers, two Label columns, and AdditionalDataProperties that need
// RFC 4180 quoting because they contain commas; about 1 row in 50 also has a quoted field
// with an embedded quote, and 1 in 200 a quoted newline, so the parser's slow paths are paid
// for in the figures too.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HEADER = [
  "RevenueClosedDate",
  "CurrencyCode",
  "Value",
  "RaId",
  "EmailAddress",
  "PhoneNumber",
  "PayloadValue",
  "LeadDate",
  "Label",
  "Label",
  "Reference",
  "AdditionalDataProperties",
];

const CURRENCIES = [
  ["USD", 2],
  ["GBP", 2],
  ["EUR", 2],
  ["JPY", 0],
  ["BHD", 3],
];
const LABELS_A = ["Deal", "Renewal", "Upsell", "Trial"];
const LABELS_B = ["Inbound", "Outbound", "Partner", "Organic"];
const SOURCES = ["Google", "Bing", "Newsletter", "Referral", "Direct"];
/** 2020-01-01T00:00:00Z: every generated date lies in 2020-2024, never in the future. */
const BASE_MS = Date.UTC(2020, 0, 1);
const SPAN_MS = 5 * 365 * 86_400_000;

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quote(field) {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function pad(n, width) {
  return String(n).padStart(width, "0");
}

function formatDate(ms, style, rnd) {
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (style === 0) return day;
  const time = `${day}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  if (style === 1) return time;
  const digits = 1 + Math.floor(rnd() * 7);
  return `${time}.${pad(Math.floor(rnd() * 10 ** digits), digits)}`;
}

function amount(rnd, exponent) {
  const whole = Math.floor(rnd() * 100_000);
  if (exponent === 0) return String(whole);
  return `${whole}.${pad(Math.floor(rnd() * 10 ** exponent), exponent)}`;
}

/** One data row's fields (unquoted). Row numbers start at 1. */
export function revenueRow(rowNumber, rnd, prefix = "REF") {
  const closedMs = BASE_MS + Math.floor(rnd() * SPAN_MS);
  const [currency, exponent] = CURRENCIES[Math.floor(rnd() * CURRENCIES.length)];
  // One identifier on most rows, two on some (bit mask over RaId, Email, Phone, Payload).
  const first = 1 << Math.floor(rnd() * 4);
  const ids = rnd() < 0.3 ? first | (1 << Math.floor(rnd() * 4)) : first;
  const hasLead = rnd() < 0.5;
  const p = rnd();
  const props = p < 0.5 ? 0 : p < 0.85 ? 1 : 2;
  const additional = [];
  for (let i = 0; i < props; i++) {
    additional.push(`Name=${["Source", "Campaign"][i % 2]},Value=${SOURCES[Math.floor(rnd() * SOURCES.length)]}`);
  }
  const oddity = rnd();
  let labelA = LABELS_A[Math.floor(rnd() * LABELS_A.length)];
  if (oddity < 0.02)
    labelA = `Deal "Q${1 + (rowNumber % 4)}"`; // embedded quote
  else if (oddity < 0.025) labelA = `Deal\nmulti-line note`; // quoted newline
  return [
    formatDate(closedMs, rowNumber % 3, rnd),
    currency,
    amount(rnd, exponent),
    ids & 1 ? `ra-${(rowNumber * 7919) % 1_000_003}` : "",
    ids & 2 ? `b${rowNumber}@example.com` : "",
    ids & 4 ? `+4420${pad((rowNumber * 104_729) % 100_000_000, 8)}` : "",
    ids & 8 ? `pl-${rowNumber}` : "",
    hasLead ? formatDate(closedMs - Math.floor(rnd() * 90 * 86_400_000), 0, rnd) : "",
    labelA,
    LABELS_B[Math.floor(rnd() * LABELS_B.length)],
    `${prefix}-${pad(rowNumber, 7)}`,
    additional.join(";"),
  ];
}

/** Writes `rows` data rows plus the header to `path` (CRLF line ends, as RFC 4180 shows). */
export function writeRevenueCsv(path, rows, { seed = 42, prefix = "REF" } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  const rnd = prng(seed);
  const fd = openSync(path, "w");
  let buffer = `${HEADER.join(",")}\r\n`;
  let bytes = 0;
  for (let r = 1; r <= rows; r++) {
    buffer += `${revenueRow(r, rnd, prefix).map(quote).join(",")}\r\n`;
    if (buffer.length > 1 << 20) {
      bytes += writeSync(fd, buffer);
      buffer = "";
    }
  }
  bytes += writeSync(fd, buffer);
  closeSync(fd);
  return bytes;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const seed = Number(arg("seed") ?? 42);
  const prefix = arg("prefix") ?? "REF";
  const rows = arg("rows");
  const jobs = rows
    ? [[Number(rows), arg("out") ?? join(here, "data", `revenue-${rows}.csv`)]]
    : [
        [10_000, join(here, "data", "revenue-10k.csv")],
        [100_000, join(here, "data", "revenue-100k.csv")],
        [500_000, join(here, "data", "revenue-500k.csv")],
      ];
  for (const [n, path] of jobs) {
    const bytes = writeRevenueCsv(path, n, { seed, prefix });
    console.log(`${path}: ${n} rows, ${(bytes / 1e6).toFixed(1)} MB`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
