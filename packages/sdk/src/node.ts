/// <reference types="node" />
/**
 * Node-only helpers (reading files from disk), kept out of the core so that
 * `@revenue-edge/sdk` itself runs wherever `fetch` runs.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { HistoryRevenueRecord } from "./surfaces/history.js";

/** A File for an upload (`client.batch.upload`, `client.accounts.upload`), named after the path. */
export async function fileFromPath(path: string, type = ""): Promise<File> {
  const bytes = await readFile(path);
  return new File([bytes], basename(path), { type });
}

/**
 * Items of a JSON file (an array, or an object holding one array such as `{"records":[…]}`)
 * or an NDJSON file (one JSON object per line; blank lines skipped).
 */
export async function readJsonItems<T = HistoryRevenueRecord>(path: string): Promise<T[]> {
  const text = await readFile(path, "utf8");
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const items: T[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        items.push(JSON.parse(line) as T);
      } catch (err) {
        throw new SyntaxError(`${path}:${i + 1}: not JSON (${(err as Error).message})`);
      }
    });
    return items;
  }
  const value = JSON.parse(text) as unknown;
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === "object") {
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0] as T[];
  }
  throw new SyntaxError(`${path}: expected a JSON array, an object with one array (e.g. {"records":[…]}), or NDJSON`);
}
