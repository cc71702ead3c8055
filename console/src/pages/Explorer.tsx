import type { Me, RevenueEdge, RevenueQuery, RevenueRecord } from "@revenue-edge/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { saveBlob } from "../components/download";
import { ErrorNotice } from "../components/ErrorNotice";
import { TableWrap } from "../components/TableWrap";
import { dateTime, money } from "../format";

const SOURCES = ["event", "history", "batch", "single", "account_file"];
const EVENT_TYPES = ["purchase", "subscription", "renewal", "upgrade", "downgrade", "churn", "refund", "ARR", "MRR", "One Time", "Other"];

/** The filter form: every field a text input's value ("" when empty). */
type Fields = Record<
  keyof Pick<
    RevenueQuery,
    "from" | "to" | "source" | "currency" | "event_type" | "label" | "customer_id" | "metadata_value" | "metadata_key"
  >,
  string
>;
const EMPTY: Fields = {
  from: "",
  to: "",
  source: "",
  currency: "",
  event_type: "",
  label: "",
  customer_id: "",
  metadata_value: "",
  metadata_key: "",
};

// The form's text as the query: the server validates each value (an unknown source or event
// type is a 400 shown as a sentence), so the strings are passed as they are.
const clean = (f: Fields): RevenueQuery =>
  Object.fromEntries(
    Object.entries(f)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => [k, k === "currency" ? v.trim().toUpperCase() : v.trim()]),
  );

function Text({
  id,
  label,
  value,
  onInput,
  placeholder,
}: {
  id: keyof Fields;
  label: string;
  value: string;
  onInput: (v: string) => void;
  placeholder?: string;
}) {
  return (
    <div class="field">
      <label for={`f-${id}`}>{label}</label>
      <input id={`f-${id}`} value={value} placeholder={placeholder} onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)} />
    </div>
  );
}

/** Metadata as key paths and values, the way the metadata search names them (`a.b`, `list[0].name`). */
function leaves(value: unknown, path = ""): Array<[string, string]> {
  // A batch row's AdditionalDataProperties ([{name, value}…]) are searched by name.
  if (path === "additional_data" && Array.isArray(value) && value.every((v) => v && typeof v === "object" && "name" in v)) {
    return value.map((v: { name: unknown; value: unknown }) => [`additional_data.${String(v.name)}`, String(v.value)]);
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [[path, value === null ? "null" : String(value)]];
}

export function ExplorerPage({ client, me }: { client: RevenueEdge; me: Me }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [applied, setApplied] = useState<RevenueQuery>({});
  // Cursor of each page seen so far: index 0 is the first page (no cursor).
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<{ data: RevenueRecord[]; next_cursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<RevenueRecord | null>(null);
  const [downloading, setDownloading] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const pageIndex = cursors.length - 1;

  useEffect(() => {
    // Other filters or another page cancel the request still running.
    const controller = new AbortController();
    const { signal } = controller;
    setLoading(true);
    setError(null);
    client.reporting
      .page({ ...applied, limit: 50, cursor: cursors.at(-1) }, { signal })
      .then((p) => !signal.aborted && setPage(p))
      .catch((err) => !signal.aborted && setError(err))
      .finally(() => !signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [client, applied, cursors]);

  useEffect(() => {
    if (selected) dialog.current?.showModal();
  }, [selected]);

  const set = (k: keyof Fields) => (v: string) => setFields({ ...fields, [k]: v });

  async function downloadCsv() {
    setDownloading(true);
    setError(null);
    try {
      saveBlob(new Blob([await client.reporting.csv(applied)], { type: "text/csv" }), `revenue-${me.site.id}.csv`);
    } catch (err) {
      setError(err);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div class="stack">
      <form
        class="filters card"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(clean(fields));
          setCursors([undefined]);
        }}
      >
        <div class="field">
          <label for="f-from">From</label>
          <input id="f-from" type="date" value={fields.from} onChange={(e) => set("from")((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="f-to">To</label>
          <input id="f-to" type="date" value={fields.to} onChange={(e) => set("to")((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="f-source">Source</label>
          <select id="f-source" value={fields.source} onChange={(e) => set("source")((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Any</option>
            {SOURCES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <Text id="currency" label="Currency" value={fields.currency} onInput={set("currency")} placeholder="e.g. USD" />
        <div class="field">
          <label for="f-event_type">Event type</label>
          <input
            id="f-event_type"
            list="event-types"
            value={fields.event_type}
            onInput={(e) => set("event_type")((e.currentTarget as HTMLInputElement).value)}
          />
          <datalist id="event-types">
            {EVENT_TYPES.map((t) => (
              <option value={t} />
            ))}
          </datalist>
        </div>
        <Text id="label" label="Label" value={fields.label} onInput={set("label")} />
        <Text id="customer_id" label="Customer" value={fields.customer_id} onInput={set("customer_id")} />
        <Text
          id="metadata_value"
          label="Metadata value"
          value={fields.metadata_value}
          onInput={set("metadata_value")}
          placeholder="exact value, e.g. pro"
        />
        <Text
          id="metadata_key"
          label="Metadata key"
          value={fields.metadata_key}
          onInput={set("metadata_key")}
          placeholder="optional, e.g. plan"
        />
        <div class="actions">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setFields(EMPTY);
              setApplied({});
              setCursors([undefined]);
            }}
          >
            Clear
          </button>
          <button type="button" class="secondary" onClick={downloadCsv} disabled={downloading}>
            {downloading ? "Preparing CSV…" : "Download CSV"}
          </button>
        </div>
      </form>

      <ErrorNotice error={error} />
      <p class="muted" aria-live="polite">
        {loading
          ? "Loading…"
          : page
            ? `Page ${pageIndex + 1}: ${page.data.length} record${page.data.length === 1 ? "" : "s"}${page.next_cursor ? ", more on the next page" : ""}.`
            : ""}
      </p>

      <TableWrap label="Ledger records">
        <table>
          <caption>Ledger records, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Occurred</th>
              <th scope="col">Source</th>
              <th scope="col">Reference</th>
              <th scope="col">Customer</th>
              <th scope="col">Type</th>
              <th scope="col">Labels</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col">
                <span class="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.data.map((r) => (
              <tr>
                <td>{dateTime(r.occurred_at)}</td>
                <td>{r.source}</td>
                <td class="wrap">{r.external_id ?? "—"}</td>
                <td class="wrap">{r.customer_id ?? "—"}</td>
                <td>{r.event_type ?? "—"}</td>
                <td>{r.labels?.join(", ") || "—"}</td>
                <td class="num">{money(r.amount, r.currency)}</td>
                <td>
                  <button type="button" class="link" onClick={() => setSelected(r)} aria-label={`Details of ${r.external_id ?? r.id}`}>
                    Details
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {page && page.data.length === 0 ? <p>No records match these filters.</p> : null}

      <nav class="pager" aria-label="Record pages">
        <button type="button" class="secondary" disabled={pageIndex === 0 || loading} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {pageIndex + 1}</span>
        <button
          type="button"
          class="secondary"
          disabled={!page?.next_cursor || loading}
          onClick={() => page?.next_cursor && setCursors([...cursors, page.next_cursor])}
        >
          Next page
        </button>
      </nav>

      <dialog ref={dialog} class="drawer" aria-labelledby="drawer-title" onClose={() => setSelected(null)}>
        {selected ? (
          <div class="stack">
            <div class="card-head">
              <h2 id="drawer-title">Record {selected.external_id ?? selected.id}</h2>
              <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
            <dl class="details">
              {(
                [
                  ["Id", selected.id],
                  ["Source", selected.source],
                  ["Reference", selected.external_id],
                  ["Amount", `${money(selected.amount, selected.currency)} (${selected.amount_minor} minor units)`],
                  ["Occurred", dateTime(selected.occurred_at)],
                  ["Event type", selected.event_type],
                  ["Customer", selected.customer_id],
                  ["Labels", selected.labels?.join(", ")],
                  ["Job or file", selected.job_id],
                  ["Stored", dateTime(selected.created_at)],
                ] as Array<[string, string | null | undefined]>
              ).map(([k, v]) => (
                <>
                  <dt>{k}</dt>
                  <dd>{v || "—"}</dd>
                </>
              ))}
            </dl>
            <h3>Metadata</h3>
            {selected.metadata ? (
              <dl class="details">
                {leaves(selected.metadata).map(([k, v]) => (
                  <>
                    <dt>
                      <code>{k}</code>
                    </dt>
                    <dd>{v}</dd>
                  </>
                ))}
              </dl>
            ) : (
              <p>None.</p>
            )}
            <p class="muted">
              {selected.source === "event" || selected.source === "batch" || selected.source === "single"
                ? "Search by any value above with “Metadata value” (and “Metadata key” to name its key)."
                : "The metadata of account-file and history records is not searchable: filter them by customer, source or dates."}
            </p>
          </div>
        ) : null}
      </dialog>
    </div>
  );
}
