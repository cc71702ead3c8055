import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartSeries = { label: string; values: number[]; color: string; kind?: "bars" | "line" };

type Props = {
  /** Bucket names shown on the x axis (days, weeks, months). */
  labels: string[];
  series: ChartSeries[];
  /** Positive series stacked upwards and negative ones downwards, in the order given. */
  stacked?: boolean;
  /** Says what the chart shows, for screen readers (the data table has the numbers). */
  description: string;
  format?: (v: number) => string;
};

function useDarkScheme(): boolean {
  const query = matchMedia("(prefers-color-scheme: dark)");
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return dark;
}

/**
 * uPlot, bundled (no CDN). Stacked bars are drawn as running totals, the larger one first, so
 * each visible band is one series; the legend shows each series' own value.
 */
export function Chart({ labels, series, stacked = false, description, format = String }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useDarkScheme();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const raw = series.map((s) => s.values);
    let drawn: number[][] = raw;
    let order = series.map((_, i) => i);
    if (stacked) {
      // Running totals per sign, then draw from the outermost band inwards.
      const bars = series.map((s, i) => ({ s, i })).filter((x) => (x.s.kind ?? "bars") === "bars");
      const pos = new Array<number>(labels.length).fill(0);
      const neg = new Array<number>(labels.length).fill(0);
      drawn = raw.map((v) => [...v]);
      for (const { i } of bars) {
        drawn[i] = raw[i]!.map((v, k) => {
          if (v >= 0) return (pos[k] = pos[k]! + v);
          return (neg[k] = neg[k]! + v);
        });
      }
      const barIdx = bars.map((b) => b.i).reverse();
      order = [...barIdx, ...series.map((_, i) => i).filter((i) => !barIdx.includes(i))];
    }
    const ink = dark ? "#d6dae0" : "#1f2933";
    const grid = dark ? "#3a4450" : "#e1e5ea";
    const bars = uPlot.paths.bars!({ size: [0.7, 48], align: 0 });
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 260,
      scales: {
        x: { time: false, range: [-0.6, labels.length - 0.4] },
        // Bars start at zero: the axis always includes it, with a little room above and below.
        y: {
          range: (_u, min, max) => {
            const lo = Math.min(0, min ?? 0);
            const hi = Math.max(0, max ?? 0);
            const pad = (hi - lo) * 0.06 || 1;
            return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
          },
        },
      },
      legend: { live: true },
      cursor: { points: { show: false } },
      axes: [
        {
          stroke: ink,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          splits: () => xs,
          values: (u, splits) => {
            // As many labels as fit (about 72 px each), evenly spaced.
            const step = Math.ceil(splits.length / Math.max(2, Math.floor(u.width / 72)));
            return splits.map((i, n) => (n % step === 0 ? (labels[i] ?? "") : ""));
          },
        },
        { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, size: 70, values: (_u, splits) => splits.map((v) => format(v)) },
      ],
      series: [
        { label: "Bucket", value: (_u, v) => (v == null ? "—" : (labels[v] ?? "")) },
        ...order.map((i) => {
          const s = series[i]!;
          const isLine = (s.kind ?? "bars") === "line";
          return {
            label: s.label,
            stroke: s.color,
            fill: isLine ? undefined : s.color,
            width: isLine ? 2 : 0,
            paths: isLine ? undefined : bars,
            points: { show: isLine },
            value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx == null ? "—" : format(raw[i]![idx] ?? 0)),
          } satisfies uPlot.Series;
        }),
      ],
    };
    const data = [xs, ...order.map((i) => drawn[i]!)] as uPlot.AlignedData;
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, stacked, dark]);
  return <div class="chart" ref={box} role="img" aria-label={description} />;
}
