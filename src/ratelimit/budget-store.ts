// Where the rate-limit object keeps each window's count: its SQLite storage, so an evicted or
// restarted object never hands out a fresh budget mid-window.

/** Slots granted in one window; one row per window length (old and new policy while a change spreads). */
export type WindowUsage = {
  /** Window length; 0 for a count written before leases, whose length was not stored. */
  windowMs: number;
  windowStart: number;
  granted: number;
};

export interface BudgetStore {
  load(): WindowUsage[];
  save(usage: WindowUsage): void;
}

const CREATE = "CREATE TABLE IF NOT EXISTS usage (window_ms INTEGER PRIMARY KEY, window_start INTEGER NOT NULL, granted INTEGER NOT NULL)";

/** The object's SQLite storage. The table is created again after the alarm deleted everything. */
export class SqlBudgetStore implements BudgetStore {
  private tableReady = false;

  constructor(private readonly sql: SqlStorage) {}

  load(): WindowUsage[] {
    const layout = this.sql.exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'usage'").toArray()[0];
    if (!layout) return [];
    if (!layout.sql.includes("window_ms")) return this.migrateSingleRow();
    this.tableReady = true;
    return this.sql
      .exec<{ window_ms: number; window_start: number; granted: number }>("SELECT window_ms, window_start, granted FROM usage")
      .toArray()
      .map((r) => ({ windowMs: r.window_ms, windowStart: r.window_start, granted: r.granted }));
  }

  save({ windowMs, windowStart, granted }: WindowUsage): void {
    if (!this.tableReady) {
      this.sql.exec(CREATE);
      this.tableReady = true;
    }
    this.sql.exec(
      "INSERT INTO usage (window_ms, window_start, granted) VALUES (?, ?, ?) ON CONFLICT (window_ms) DO UPDATE SET window_start = excluded.window_start, granted = excluded.granted",
      windowMs,
      windowStart,
      granted,
    );
  }

  /** Storage emptied (by the alarm): the next save creates the table. */
  forget(): void {
    this.tableReady = false;
  }

  /** Objects written before leases kept one row (id = 1, window_start, count) without the window length. */
  private migrateSingleRow(): WindowUsage[] {
    const old = this.sql.exec<{ window_start: number; count: number }>("SELECT window_start, count FROM usage").toArray()[0];
    this.sql.exec("DROP TABLE usage");
    this.tableReady = false;
    if (!old) return [];
    const usage = { windowMs: 0, windowStart: old.window_start, granted: old.count };
    this.save(usage);
    return [usage];
  }
}
