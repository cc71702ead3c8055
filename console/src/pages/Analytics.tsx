import {
  type AnalyticsBreakdownRow,
  type AnalyticsBucket,
  type AttributedRevenue,
  type AttributionQuery,
  type Me,
  NotFoundError,
  type RevenueEdge,
} from "@revenue-edge/sdk";
import { useEffect, useState } from "preact/hooks";
import { Chart } from "../components/Chart";
import { ChartBlock } from "../components/ChartBlock";
import { ErrorNotice } from "../components/ErrorNotice";
import { type Range, RangePicker, resolveRange } from "../components/RangePicker";
import { TableWrap } from "../components/TableWrap";

type Rows = ReadonlyArray<Record<string, unknown>>;
type Loaded = {
  summary: AnalyticsBucket[];
  pages: AnalyticsBreakdownRow[];
  sources: AnalyticsBreakdownRow[];
  attribution: AttributedRevenue[];
};
type Model = NonNullable<AttributionQuery["model"]>;

const cell = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
const heading = (k: string) => k.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** A table of whatever columns the rows have, in the API's order. */
function Table({ caption, rows }: { caption: string; rows: Rows }) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => typeof rows[0]?.[k] !== "object" || rows[0]?.[k] === null);
  if (rows.length === 0) return <p>No data for {caption.toLowerCase()} in this range.</p>;
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {keys.map((k) => (
              <th scope="col">{heading(k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {keys.map((k) => (
                <td>{cell(r[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function AnalyticsPage({ client, me }: { client: RevenueEdge; me: Me }) {
  const [range, setRange] = useState<Range>({ preset: "30d", interval: "day" });
  const [model, setModel] = useState<Model>("last_touch");
  const [data, setData] = useState<Loaded | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // Another range or model (or leaving the page) cancels the requests still running.
    const controller = new AbortController();
    const { signal } = controller;
    const { from, to } = resolveRange(range);
    setError(null);
    Promise.all([
      client.analytics.summary({ from, to, interval: range.interval }, { signal }),
      client.analytics.breakdown({ by: "path", from, to, limit: 10 }, { signal }),
      client.analytics.breakdown({ by: "referrer_source", from, to, limit: 10 }, { signal }),
      client.analytics.attribution({ by: "utm_source", model, from, to }, { signal }),
    ])
      .then(([s, p, r, a]) => !signal.aborted && setData({ summary: s.data, pages: p.data, sources: r.data, attribution: a.data }))
      .catch((err) => {
        if (signal.aborted) return;
        // The read APIs come with the website-ingest work; a Worker without them answers 404.
        if (err instanceof NotFoundError) setUnavailable(true);
        else setError(err);
      });
    return () => controller.abort();
  }, [client, range, model]);

  if (unavailable) {
    return (
      <div class="notice" role="status">
        <h2>Web analytics is not available on this server</h2>
        <p>
          This revenue-edge Worker does not serve the analytics read APIs (<code>/v1/{me.site.id}/analytics/summary</code>,{" "}
          <code>/analytics/breakdown</code>, <code>/revenue/attribution</code>) yet. Visitors, pageviews, top pages and sources, and revenue
          attribution appear here once it does.
        </p>
      </div>
    );
  }

  const series = (key: "visitors" | "pageviews", label: string, color: string) => ({
    label,
    values: (data?.summary ?? []).map((r) => r[key]),
    color,
  });
  return (
    <div class="stack">
      <RangePicker value={range} onChange={setRange} />
      <div class="field inline">
        <label for="attr-model">Attribution model</label>
        <select id="attr-model" value={model} onChange={(e) => setModel((e.currentTarget as HTMLSelectElement).value as Model)}>
          <option value="last_touch">Last touch</option>
          <option value="first_touch">First touch</option>
        </select>
      </div>
      <ErrorNotice error={error} />
      {data ? (
        <>
          <ChartBlock
            title="Visitors and pageviews"
            chart={
              <Chart
                labels={data.summary.map((r) => r.bucket)}
                series={[
                  series("visitors", "Visitors", "#2f6fde"),
                  { ...series("pageviews", "Pageviews", "#1b8a5a"), kind: "line" as const },
                ]}
                description="Visitors per bucket as bars and pageviews as a line; the data table has the figures."
              />
            }
            table={<Table caption="Visitors and pageviews" rows={data.summary} />}
          />
          <section class="card">
            <h2>Top pages</h2>
            <Table caption="Top pages" rows={data.pages} />
          </section>
          <section class="card">
            <h2>Top sources</h2>
            <Table caption="Top sources" rows={data.sources} />
          </section>
          <section class="card">
            <h2>Revenue attribution by source</h2>
            <Table caption="Revenue by source and currency" rows={data.attribution} />
          </section>
        </>
      ) : (
        <p class="muted">Loading…</p>
      )}
    </div>
  );
}
