import type { BatchJobListItem, RevenueEdge } from "@revenue-edge/sdk";
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { Progress } from "../components/Progress";
import { TableWrap } from "../components/TableWrap";
import { count, dateTime } from "../format";

const PAGE_SIZE = 20;

export function JobsPage({ client }: { client: RevenueEdge }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ jobs: BatchJobListItem[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setError(null);
    client.batch
      .jobs({ page, pageSize: PAGE_SIZE, signal })
      .then((d) => !signal.aborted && setData({ jobs: d.jobs, total: d.total ?? d.jobs.length }))
      .catch((err) => !signal.aborted && setError(err));
    return () => controller.abort();
  }, [client, page, tick]);

  // While a job on the page is still running, refresh every two seconds.
  const running = data?.jobs.some((j) => j.status === "pending" || j.status === "processing");
  useEffect(() => {
    if (!running) return;
    const t = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(t);
  }, [running, data]);

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <div class="stack">
      <ErrorNotice error={error} />
      <p class="muted">{data ? `${count(data.total)} job${data.total === 1 ? "" : "s"}, newest first.` : "Loading…"}</p>
      <TableWrap label="CSV batch jobs">
        <table>
          <caption>CSV batch jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Failure reason</th>
            </tr>
          </thead>
          <tbody>
            {data?.jobs.map((j) => (
              <tr>
                <td>
                  <code>{j.jobId}</code>
                </td>
                <td>{dateTime(j.createdDateTime)}</td>
                <td>{j.status}</td>
                <td class="progress-cell">
                  <Progress value={j.percentageProgress} label={`Progress of job ${j.jobId}`} />
                </td>
                <td class="wrap">{j.failureReason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <nav class="pager" aria-label="Job pages">
        <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button type="button" class="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          Next page
        </button>
      </nav>
    </div>
  );
}
