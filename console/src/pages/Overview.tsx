import type { Me, MrrMonth, RevenueBucket, RevenueEdge } from "@revenue-edge/sdk";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Chart } from "../components/Chart";
import { ChartBlock } from "../components/ChartBlock";
import { ErrorNotice } from "../components/ErrorNotice";
import { type Range, RangePicker, resolveRange } from "../components/RangePicker";
import { count, exponentOf, minorToDecimal, money } from "../format";

type Loaded = { summary: RevenueBucket[]; mrr: MrrMonth[] };

const COLORS = { revenue: "#2f6fde", new: "#1b8a5a", expansion: "#62c08e", contraction: "#e0a030", churn: "#c8413b", net: "#7c6ad6" };

/** One currency's totals, exact: minor units added as BigInt, shown with the currency's exponent. */
function totalsByCurrency(rows: RevenueBucket[]) {
  const totals = new Map<string, { minor: bigint; count: number; exponent: number }>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { minor: 0n, count: 0, exponent: exponentOf(r.amount) };
    t.minor += BigInt(r.amount_minor);
    t.count += r.count;
    totals.set(r.currency, t);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({ currency, amount: minorToDecimal(t.minor, t.exponent), count: t.count }));
}

const monthOf = (date: string | undefined) => date?.slice(0, 7);

export function OverviewPage({ client, me }: { client: RevenueEdge; me: Me }) {
  const [range, setRange] = useState<Range>({ preset: "all", interval: "month" });
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    // A newer range (or leaving the page) cancels the requests still running.
    const controller = new AbortController();
    const { signal } = controller;
    const { from, to } = resolveRange(range);
    setLoading(true);
    setError(null);
    Promise.all([
      client.reporting.summary({ from, to, interval: range.interval, group_by: "currency" }, { signal }),
      client.reporting.mrr({ from: monthOf(from), to: monthOf(to) }, { signal }),
    ])
      .then(([summary, mrr]) => !signal.aborted && setData({ summary, mrr }))
      .catch((err) => !signal.aborted && setError(err))
      .finally(() => !signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [client, range]);

  // The browser tests read this mark: when the overview's figures are on screen.
  useEffect(() => {
    if (data && !loading) performance.mark("console:overview-ready");
  }, [data, loading]);

  const currencies = useMemo(() => [...new Set(data?.summary.map((r) => r.currency))].sort(), [data]);
  const mrrCurrencies = useMemo(() => [...new Set(data?.mrr.map((r) => r.currency))].sort(), [data]);
  const totals = useMemo(() => totalsByCurrency(data?.summary ?? []), [data]);

  return (
    <div class="stack">
      <RangePicker value={range} onChange={setRange} />
      <ErrorNotice error={error} />
      <p class="muted" aria-live="polite">
        {loading
          ? "Loading…"
          : `Amounts per currency, never converted or added across currencies. Site default: ${me.site.default_currency}.`}
      </p>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">Totals for the range</h2>
        {data && totals.length === 0 ? <p>No revenue in this range.</p> : null}
        <ul class="totals">
          {totals.map((t) => (
            <li class="card total" data-currency={t.currency}>
              <span class="muted">Revenue in {t.currency}</span>
              <strong>{money(t.amount, t.currency)}</strong>
              <span class="muted">{count(t.count)} records</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="revenue-title" class="stack">
        <h2 id="revenue-title">Revenue per {range.interval}</h2>
        {currencies.map((currency) => {
          const rows = data!.summary.filter((r) => r.currency === currency);
          return (
            <ChartBlock
              title={`Revenue per ${range.interval} in ${currency}`}
              chart={
                <Chart
                  labels={rows.map((r) => r.bucket)}
                  series={[{ label: `Revenue (${currency})`, values: rows.map((r) => Number(r.amount)), color: COLORS.revenue }]}
                  description={`Bar chart of revenue in ${currency} per ${range.interval}, ${rows.length} buckets; the data table has the figures.`}
                  format={(v) => v.toLocaleString()}
                />
              }
              table={
                <table>
                  <caption>
                    Revenue per {range.interval} in {currency}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{range.interval === "day" ? "Day" : range.interval === "week" ? "Week of" : "Month"}</th>
                      <th scope="col" class="num">
                        Revenue
                      </th>
                      <th scope="col" class="num">
                        Records
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr>
                        <th scope="row">{r.bucket}</th>
                        <td class="num">{money(r.amount, currency)}</td>
                        <td class="num">{count(r.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          );
        })}
      </section>

      <section aria-labelledby="mrr-title" class="stack">
        <h2 id="mrr-title">MRR movements per month</h2>
        {data && mrrCurrencies.length === 0 ? <p>No recurring revenue in this range.</p> : null}
        {mrrCurrencies.map((currency) => {
          const rows = data!.mrr.filter((r) => r.currency === currency);
          const series = (["new", "expansion", "contraction", "churn"] as const).map((k) => ({
            label: k[0]!.toUpperCase() + k.slice(1),
            values: rows.map((r) => Number(r[k])),
            color: COLORS[k],
          }));
          return (
            <ChartBlock
              title={`MRR movements in ${currency}`}
              chart={
                <Chart
                  labels={rows.map((r) => r.month)}
                  stacked
                  series={[...series, { label: "Net", values: rows.map((r) => Number(r.net)), color: COLORS.net, kind: "line" }]}
                  description={`Stacked bar chart of MRR movements in ${currency} per month: new and expansion above zero, contraction and churn below, net as a line; the data table has the figures.`}
                  format={(v) => v.toLocaleString()}
                />
              }
              table={
                <table>
                  <caption>MRR movements in {currency}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col" class="num">
                        New
                      </th>
                      <th scope="col" class="num">
                        Expansion
                      </th>
                      <th scope="col" class="num">
                        Contraction
                      </th>
                      <th scope="col" class="num">
                        Churn
                      </th>
                      <th scope="col" class="num">
                        Net
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr>
                        <th scope="row">{r.month}</th>
                        <td class="num">{money(r.new, currency)}</td>
                        <td class="num">{money(r.expansion, currency)}</td>
                        <td class="num">{money(r.contraction, currency)}</td>
                        <td class="num">{money(r.churn, currency)}</td>
                        <td class="num">{money(r.net, currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          );
        })}
      </section>
    </div>
  );
}
