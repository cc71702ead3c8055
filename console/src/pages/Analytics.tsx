import { useEffect, useState } from "preact/hooks";
import { type Api, ApiProblem, type Me } from "../api";
import { Chart } from "../components/Chart";
import { ChartBlock } from "../components/ChartBlock";
import { ErrorNotice } from "../components/ErrorNotice";
import { type Range, RangePicker, resolveRange } from "../components/RangePicker";
import { TableWrap } from "../components/TableWrap";

type Rows = Array<Record<string, unknown>>;
type Loaded = { summary: Rows; pages: Rows; sources: Rows; attribution: Rows };

const rowsOf = (body: unknown): Rows => {
  if (Array.isArray(body)) return body as Rows;
  if (body && typeof body === "object" && Array.isArray((body as { data?: unknown }).data)) return (body as { data: Rows }).data;
  return [];
};

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

export function AnalyticsPage({ api, me }: { api: Api; me: Me }) {
  const [range, setRange] = useState<Range>({ preset: "30d", interval: "day" });
  const [model, setModel] = useState("last_touch");
  const [data, setData] = useState<Loaded | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    const { from, to } = resolveRange(range);
    setError(null);
    Promise.all([
      api.analyticsSummary(me.site.id, { from, to, interval: range.interval }),
      api.analyticsBreakdown(me.site.id, { by: "path", from, to, limit: 10 }),
      api.analyticsBreakdown(me.site.id, { by: "referrer_source", from, to, limit: 10 }),
      api.attribution(me.site.id, { by: "utm_source", model, from, to }),
    ])
      .then(([s, p, r, a]) => live && setData({ summary: rowsOf(s), pages: rowsOf(p), sources: rowsOf(r), attribution: rowsOf(a) }))
      .catch((err) => {
        if (!live) return;
        // The read APIs come with the website-ingest work; a Worker without them answers 404.
        if (err instanceof ApiProblem && err.status === 404) setUnavailable(true);
        else setError(err);
      });
    return () => {
      live = false;
    };
  }, [api, me.site.id, range, model]);

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

  const series = (key: string, label: string, color: string) => ({
    label,
    values: (data?.summary ?? []).map((r) => Number(r[key] ?? 0)),
    color,
  });
  return (
    <div class="stack">
      <RangePicker value={range} onChange={setRange} />
      <div class="field inline">
        <label for="attr-model">Attribution model</label>
        <select id="attr-model" value={model} onChange={(e) => setModel((e.currentTarget as HTMLSelectElement).value)}>
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
                labels={data.summary.map((r) => String(r.bucket ?? ""))}
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
