import {
  type BatchJobStatus,
  type Me,
  type RevenueEdge,
  type RevenueRecord,
  ValidationError,
  type ValidationIssue,
} from "@revenue-edge/sdk";
import { useEffect, useRef, useState } from "preact/hooks";
import { saveBlob } from "../components/download";
import { ErrorNotice } from "../components/ErrorNotice";
import { FilePicker } from "../components/FilePicker";
import { PagedTable } from "../components/PagedTable";
import { Progress } from "../components/Progress";
import { TableWrap } from "../components/TableWrap";
import { count, exponentOf, minorToDecimal, money } from "../format";

/** A file refused whole (400): the server's sentence, every problem it listed, and the request id. */
type Refusal = { message: string; issueCount: number; issues: ValidationIssue[]; requestId: string | null };

const refusalOf = (err: unknown): Refusal | null =>
  err instanceof ValidationError && err.status === 400
    ? { message: err.message, issueCount: err.issueCount, issues: err.issues, requestId: err.requestId ?? null }
    : null;

/** Follows a job until its status is terminal, then fetches its failures report. */
function useJob(client: RevenueEdge, jobId: string | null) {
  const [status, setStatus] = useState<BatchJobStatus | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!jobId) return;
    // Leaving the page (or another upload) stops the polling and the report's download.
    const controller = new AbortController();
    const { signal } = controller;
    let url: string | null = null;
    setStatus(null);
    setReport(null);
    setError(null);
    (async () => {
      const job = client.batch.job(jobId);
      await job.wait({ intervalMs: 400, onProgress: (s) => !signal.aborted && setStatus(s), signal });
      const csv = await job.failuresCsv({ signal });
      if (signal.aborted) return;
      url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      setReport(url);
    })().catch((err) => !signal.aborted && setError(err));
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, jobId]);
  return { status, report, error };
}

function BatchUpload({ client }: { client: RevenueEdge }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(client, jobId);
  const result = useRef<HTMLDivElement>(null);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return setError(new Error("Choose a CSV file first (or drop one on the box)."));
    setBusy(true);
    setError(null);
    setRefused(null);
    setJobId(null);
    try {
      setJobId((await client.batch.upload(file)).jobId);
    } catch (err) {
      // A file with row errors is refused whole (400): its errors go in the table.
      const refusal = refusalOf(err);
      if (refusal) setRefused(refusal);
      else setError(err);
    } finally {
      setBusy(false);
      result.current?.focus();
    }
  }

  const s = job.status;
  return (
    <section class="card stack" aria-labelledby="batch-title">
      <h2 id="batch-title">CSV revenue batch</h2>
      <p class="muted">
        Columns as in the template: RevenueClosedDate, CurrencyCode, Value, a visitor identifier, Label, Reference… The whole file is
        checked before anything is stored.{" "}
        <button
          type="button"
          class="link"
          onClick={() =>
            client.batch.template().then((csv) => saveBlob(new Blob([csv], { type: "text/csv" }), "revenue_template.csv"), setError)
          }
        >
          Download the template
        </button>
      </p>
      <form onSubmit={upload} class="stack">
        <FilePicker label="CSV file" accept=".csv,text/csv" file={file} onFile={setFile} hint="Choose a file, or drop one here." />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Uploading…" : "Upload CSV"}
          </button>
        </div>
      </form>
      <div ref={result} tabIndex={-1} class="stack">
        <ErrorNotice error={error ?? job.error} />
        {refused ? (
          <div class="stack">
            <div class="notice error" role="alert">
              <p>{refused.message}</p>
              {refused.issueCount > refused.issues.length ? (
                <p>
                  {count(refused.issueCount)} errors in all; the server lists the first {count(refused.issues.length)}, all of them below.
                </p>
              ) : null}
              {refused.requestId ? (
                <p class="muted">
                  Request id: <code>{refused.requestId}</code>
                </p>
              ) : null}
            </div>
            <PagedTable<ValidationIssue>
              caption="Errors in the file"
              rows={refused.issues}
              columns={[
                { header: "Row", cell: (r) => r.row ?? "—" },
                { header: "Line", cell: (r) => r.line ?? "—" },
                { header: "Column", cell: (r) => r.field ?? "—" },
                { header: "Message", cell: (r) => r.message },
              ]}
            />
          </div>
        ) : null}
        {jobId ? (
          <div class="stack" aria-live="polite">
            <p>
              Job <code>{jobId}</code> accepted.
            </p>
            <Progress value={s?.percentageProgress ?? 0} label="Job progress" />
            <p>
              Status:{" "}
              <strong class="status" data-status={s?.status}>
                {s?.status ?? "pending"}
              </strong>
              {s
                ? ` — ${count(s.processedRows)} of ${count(s.totalRows)} rows processed, ${count(s.successCount)} stored, ${count(s.failureCount)} failed.`
                : ""}
            </p>
            {s?.failureReason ? <p>{s.failureReason}</p> : null}
            {job.report ? (
              <p>
                <a href={job.report} download={`${jobId}-failures.csv`}>
                  Download the failures report (CSV{s && s.failureCount === 0 ? ", no failed rows" : ""})
                </a>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

type AccountSchedule = { account: string; currency: string; rows: RevenueRecord[]; total: bigint; exponent: number };

function schedulesOf(records: RevenueRecord[]): AccountSchedule[] {
  const byAccount = new Map<string, AccountSchedule>();
  for (const r of [...records].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at))) {
    const key = `${r.customer_id}\u0000${r.currency}`;
    const entry = byAccount.get(key) ?? {
      account: r.customer_id ?? "—",
      currency: r.currency,
      rows: [],
      total: 0n,
      exponent: exponentOf(r.amount),
    };
    entry.rows.push(r);
    entry.total += BigInt(r.amount_minor);
    byAccount.set(key, entry);
  }
  return [...byAccount.values()].sort((a, b) => a.account.localeCompare(b.account));
}

function AccountUpload({ client, me }: { client: RevenueEdge; me: Me }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [schedules, setSchedules] = useState<AccountSchedule[] | null>(null);
  const result = useRef<HTMLDivElement>(null);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return setError(new Error("Choose an account file first (or drop one on the box)."));
    setBusy(true);
    setError(null);
    setRefused(null);
    setSchedules(null);
    try {
      const { fileId } = await client.accounts.upload(file);
      if (!fileId) throw new Error("The file was stored, but the server did not name it: find its records in the Revenue explorer.");
      // The file's records carry its id as job_id: every page of them.
      const rows: RevenueRecord[] = [];
      for await (const record of client.reporting.list({ job_id: fileId, limit: 1000 })) rows.push(record);
      setSchedules(schedulesOf(rows));
    } catch (err) {
      // A file with record errors is refused whole (400): its errors go in the table.
      const refusal = refusalOf(err);
      if (refusal) setRefused(refusal);
      else setError(err);
    } finally {
      setBusy(false);
      result.current?.focus();
    }
  }

  return (
    <section class="card stack" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Account revenue file</h2>
      <p class="muted">
        CSV, XLSX or XML: account, amount (whole number, {me.site.default_currency}), start date, end date, type (ARR, MRR, One Time,
        Other), description. Each record becomes a monthly schedule; uploading the same records again replaces them.
      </p>
      <form onSubmit={upload} class="stack">
        <FilePicker
          label="Account file (CSV, XLSX or XML)"
          accept=".csv,.txt,.xlsx,.xml,text/csv,application/xml,text/xml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          file={file}
          onFile={setFile}
          hint="Choose a file, or drop one here."
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Uploading…" : "Upload account file"}
          </button>
        </div>
      </form>
      <div ref={result} tabIndex={-1} class="stack">
        <ErrorNotice error={error} />
        {refused ? (
          <div class="stack">
            <div class="notice error" role="alert">
              <p>
                The file was refused: {count(refused.issues.length)} error{refused.issues.length === 1 ? "" : "s"} found. Nothing was
                stored.
              </p>
              {refused.requestId ? (
                <p class="muted">
                  Request id: <code>{refused.requestId}</code>
                </p>
              ) : null}
            </div>
            <PagedTable<ValidationIssue>
              caption="Errors in the account file"
              rows={refused.issues}
              columns={[
                { header: "Record", cell: (r) => r.record ?? "—" },
                { header: "Field", cell: (r) => r.field ?? "—" },
                { header: "Message", cell: (r) => r.message },
              ]}
            />
          </div>
        ) : null}
        {schedules ? (
          <div class="stack">
            <p class="notice ok" role="status">
              Stored: {count(schedules.length)} account{schedules.length === 1 ? "" : "s"},{" "}
              {count(schedules.reduce((n, s) => n + s.rows.length, 0))} monthly amounts.
            </p>
            {schedules.map((s) => (
              <TableWrap label={`Schedule of ${s.account}`}>
                <table>
                  <caption>
                    Schedule of {s.account}: {money(minorToDecimal(s.total, s.exponent), s.currency)} in all
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col">Type</th>
                      <th scope="col" class="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r) => (
                      <tr>
                        <th scope="row">{r.occurred_at.slice(0, 7)}</th>
                        <td>{r.event_type}</td>
                        <td class="num">{money(r.amount, r.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ))}
          </div>
        ) : null}
      </div>
    </section>
  );
}

export function UploadsPage({ client, me }: { client: RevenueEdge; me: Me }) {
  return (
    <div class="stack">
      <BatchUpload client={client} />
      <AccountUpload client={client} me={me} />
      <p class="muted">
        Every batch job, with its status: <a href="#/jobs">Jobs</a>.
      </p>
    </div>
  );
}
