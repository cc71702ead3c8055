import type { DeadLetter, RevenueEdge } from "@revenue-edge/sdk";
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { TableWrap } from "../components/TableWrap";
import { dateTime } from "../format";

export function DeadLettersPage({ client }: { client: RevenueEdge }) {
  const [rows, setRows] = useState<DeadLetter[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    client.admin.deadLetters({ limit: 100 }, { signal }).then(
      (page) => {
        if (signal.aborted) return;
        setRows(page);
        setDone(page.length < 100);
      },
      (err) => !signal.aborted && setError(err),
    );
    return () => controller.abort();
  }, [client]);

  async function older() {
    const last = rows?.at(-1);
    if (!last) return;
    try {
      const page = await client.admin.deadLetters({ limit: 100, before: last.received_at });
      setRows([...(rows ?? []), ...page]);
      setDone(page.length < 100);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="stack">
      <p class="muted">Queue messages that exhausted their retries or could not be decoded, newest first.</p>
      <ErrorNotice error={error} />
      {rows && rows.length === 0 ? <p>No dead letters: every queued message was processed.</p> : null}
      {rows && rows.length > 0 ? (
        <TableWrap label="Dead letters">
          <table>
            <caption>Dead letters</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Queue</th>
                <th scope="col">Attempts</th>
                <th scope="col">Reason</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr>
                  <td>{dateTime(d.received_at)}</td>
                  <td>{d.queue}</td>
                  <td class="num">{d.attempts}</td>
                  <td class="wrap">{d.reason ?? "—"}</td>
                  <td>
                    <details>
                      <summary>Show message</summary>
                      <pre class="code">{JSON.stringify(d.body, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {rows && !done ? (
        <button type="button" class="secondary" onClick={older}>
          Show older dead letters
        </button>
      ) : null}
    </div>
  );
}
