import type { SummaryQuery } from "@revenue-edge/sdk";
import { isoDate } from "../format";

type Interval = NonNullable<SummaryQuery["interval"]>;

export type Range = { preset: string; from?: string; to?: string; interval: Interval };

const PRESETS: Array<{ value: string; label: string; days?: number }> = [
  { value: "all", label: "All time" },
  { value: "7d", label: "Last 7 days", days: 7 },
  { value: "30d", label: "Last 30 days", days: 30 },
  { value: "90d", label: "Last 90 days", days: 90 },
  { value: "365d", label: "Last 12 months", days: 365 },
  { value: "custom", label: "Custom dates" },
];

/** The dates a preset stands for (UTC days; `to` is inclusive). */
export function resolveRange(r: Range): { from?: string; to?: string } {
  const preset = PRESETS.find((p) => p.value === r.preset);
  if (preset?.days) {
    const today = new Date();
    return { from: isoDate(new Date(today.getTime() - (preset.days - 1) * 86_400_000)), to: isoDate(today) };
  }
  if (r.preset === "custom") return { from: r.from || undefined, to: r.to || undefined };
  return {};
}

export function RangePicker({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  return (
    <fieldset class="filters">
      <legend>Range</legend>
      <div class="field">
        <label for="range-preset">Period</label>
        <select
          id="range-preset"
          value={value.preset}
          onChange={(e) => onChange({ ...value, preset: (e.currentTarget as HTMLSelectElement).value })}
        >
          {PRESETS.map((p) => (
            <option value={p.value}>{p.label}</option>
          ))}
        </select>
      </div>
      {value.preset === "custom" ? (
        <>
          <div class="field">
            <label for="range-from">From</label>
            <input
              id="range-from"
              type="date"
              value={value.from ?? ""}
              onChange={(e) => onChange({ ...value, from: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="range-to">To</label>
            <input
              id="range-to"
              type="date"
              value={value.to ?? ""}
              onChange={(e) => onChange({ ...value, to: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
        </>
      ) : null}
      <div class="field">
        <label for="range-interval">Per</label>
        <select
          id="range-interval"
          value={value.interval}
          onChange={(e) => onChange({ ...value, interval: (e.currentTarget as HTMLSelectElement).value as Interval })}
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </div>
    </fieldset>
  );
}
