import type { RevenueEdge, Site } from "@revenue-edge/sdk";
import { useEffect, useState } from "preact/hooks";
import { ErrorNotice } from "../components/ErrorNotice";
import { TableWrap } from "../components/TableWrap";
import { dateTime } from "../format";

export function SitesPage({ client }: { client: RevenueEdge }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [created, setCreated] = useState<Site | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    client.admin
      .listSites({ limit: 100 }, { signal })
      .then((p) => {
        if (signal.aborted) return;
        setSites(p.data);
        setNext(p.next_cursor);
      })
      .catch((err) => !signal.aborted && setError(err));
    return () => controller.abort();
  }, [client, reload]);

  async function more() {
    if (!next) return;
    try {
      const p = await client.admin.listSites({ limit: 100, after: next });
      setSites([...sites, ...p.data]);
      setNext(p.next_cursor);
    } catch (err) {
      setError(err);
    }
  }

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const site = await client.admin.createSite({ name: name.trim(), default_currency: currency.trim().toUpperCase() || undefined });
      setCreated(site);
      setName("");
      setReload(reload + 1);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="stack">
      <form class="card filters" onSubmit={create} aria-labelledby="new-site-title">
        <h2 id="new-site-title" class="full">
          New site
        </h2>
        <div class="field">
          <label for="site-name">Site name</label>
          <input id="site-name" required value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="site-currency">Default currency</label>
          <input
            id="site-currency"
            value={currency}
            maxLength={3}
            onInput={(e) => setCurrency((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="actions">
          <button type="submit">Create site</button>
        </div>
      </form>
      {created ? (
        <p class="notice ok" role="status">
          Created <a href={`#/sites/${encodeURIComponent(created.id)}`}>{created.name}</a> (<code>{created.id}</code>). Create its tokens on
          the site's page.
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <TableWrap label="Sites">
        <table>
          <caption>Sites</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Currency</th>
              <th scope="col">Default rate limit</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr>
                <td>
                  <a href={`#/sites/${encodeURIComponent(s.id)}`}>{s.name}</a>
                </td>
                <td>
                  <code>{s.id}</code>
                </td>
                <td>{s.default_currency}</td>
                <td>
                  {s.rate_limit.limit} per {s.rate_limit.window_seconds} s
                </td>
                <td>{dateTime(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {next ? (
        <button type="button" class="secondary" onClick={more}>
          Show more sites
        </button>
      ) : null}
    </div>
  );
}
