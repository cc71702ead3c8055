export const revenueTypes = ["ARR", "MRR", "One Time", "Other"] as const;
export type RevenueType = (typeof revenueTypes)[number];

const BY_KEY: ReadonlyMap<string, RevenueType> = new Map(revenueTypes.map((t) => [t.toLowerCase().replace(/\s+/g, ""), t]));

/**
 * A revenue type, case-insensitive (contract §6). Spacing, hyphens and underscores inside are
 * not significant either, so `one time`, `One-Time` and `ONETIME` all mean `One Time`.
 */
export function parseRevenueType(text: string): RevenueType | undefined {
  return BY_KEY.get(
    text
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ""),
  );
}
