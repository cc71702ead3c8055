import type { components, OAuthClient, RevenueEdge, Site, Token } from "@revenue-edge/sdk";
import { useEffect, useState } from "preact/hooks";

type RateLimit = components["schemas"]["RateLimit"];

import { ErrorNotice } from "../components/ErrorNotice";
import { TableWrap } from "../components/TableWrap";
import { dateTime } from "../format";

/** A secret shown once: after this view it cannot be read again from the API. */
function ShowOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice ok" role="status">
      <p>
        <strong>{label}</strong> — shown only now. Copy it and keep it somewhere safe.
      </p>
      <p>
        <code class="secret">{value}</code>
      </p>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

function RateLimitEditor({
  client,
  token,
  onSaved,
  onError,
}: {
  client: RevenueEdge;
  token: Token;
  onSaved: () => void;
  onError: (e: unknown) => void;
}) {
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(String(token.rate_limit?.limit ?? ""));
  const [windowSeconds, setWindow] = useState(String(token.rate_limit?.window_seconds ?? "60"));
  if (!open)
    return (
      <button type="button" class="link" onClick={() => setOpen(true)} aria-label={`Change rate limit of ${token.name ?? token.id}`}>
        Change rate limit
      </button>
    );
  const save = async (rate: RateLimit | null) => {
    try {
      await client.admin.updateToken(token.id, { rate_limit: rate });
      setOpen(false);
      onSaved();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form
      class="inline-form"
      aria-label={`Rate limit of ${token.name ?? token.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ limit: Number(limit), window_seconds: Number(windowSeconds) });
      }}
    >
      <label for={`rl-${token.id}`}>Requests</label>
      <input
        id={`rl-${token.id}`}
        type="number"
        min={1}
        max={1000000}
        required
        value={limit}
        onInput={(e) => setLimit((e.currentTarget as HTMLInputElement).value)}
      />
      <label for={`rw-${token.id}`}>per seconds</label>
      <input
        id={`rw-${token.id}`}
        type="number"
        min={1}
        max={86400}
        required
        value={windowSeconds}
        onInput={(e) => setWindow((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">Save rate limit</button>
      <button type="button" class="secondary" onClick={() => void save(null)}>
        Use site default
      </button>
      <button type="button" class="secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Two steps so a stray click or Enter does not revoke. */
function RevokeButton({ what, onRevoke }: { what: string; onRevoke: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" class="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${what}`}>
        Revoke
      </button>
    );
  return (
    <span class="actions">
      <button
        type="button"
        class="danger"
        onClick={() => void onRevoke().finally(() => setConfirming(false))}
        aria-label={`Confirm revoking ${what}`}
      >
        Confirm revoke
      </button>
      <button type="button" class="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

export function SitePage({ client, siteId }: { client: RevenueEdge; siteId: string }) {
  const [site, setSite] = useState<Site | null>(null);
  const [tokens, setTokens] = useState<Token[]>([]);
  const [clients, setClients] = useState<OAuthClient[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [kind, setKind] = useState<"secret" | "public">("secret");
  const [tokenName, setTokenName] = useState("");
  const [clientName, setClientName] = useState("");

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([
      client.admin.getSite(siteId, { signal }),
      client.admin.listTokens(siteId, { signal }),
      client.admin.listOAuthClients(siteId, { signal }),
    ])
      .then(([s, t, c]) => {
        if (signal.aborted) return;
        setSite(s);
        setTokens(t);
        setClients(c);
      })
      .catch((err) => !signal.aborted && setError(err));
    return () => controller.abort();
  }, [client, siteId, reload]);

  const refresh = () => setReload(reload + 1);
  const attempt = (f: () => Promise<void>) => async () => {
    setError(null);
    try {
      await f();
      refresh();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div class="stack">
      <p>
        <a href="#/sites">All sites</a>
      </p>
      {site ? (
        <h2>
          {site.name} <code>{site.id}</code> · {site.default_currency} · default {site.rate_limit.limit} requests per{" "}
          {site.rate_limit.window_seconds} s
        </h2>
      ) : null}
      <ErrorNotice error={error} />
      {secret ? <ShowOnce label={secret.label} value={secret.value} onDone={() => setSecret(null)} /> : null}

      <section class="card stack" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <form
          class="filters"
          aria-label="New token"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const t = await client.admin.createToken(siteId, { kind, name: tokenName.trim() || undefined });
              setSecret({ label: `New ${t.kind} token ${t.name ?? t.id}`, value: t.token });
              setTokenName("");
            })();
          }}
        >
          <div class="field">
            <label for="token-kind">Kind</label>
            <select
              id="token-kind"
              value={kind}
              onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as "secret" | "public")}
            >
              <option value="secret">Secret (every surface)</option>
              <option value="public">Public (web events only)</option>
            </select>
          </div>
          <div class="field">
            <label for="token-name">Token name</label>
            <input id="token-name" value={tokenName} onInput={(e) => setTokenName((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="actions">
            <button type="submit">Create token</button>
          </div>
        </form>
        <TableWrap label="API tokens">
          <table>
            <caption>Tokens of this site (never their secrets)</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Ends in</th>
                <th scope="col">Rate limit</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name ?? <code>{t.id}</code>}</td>
                  <td>{t.kind}</td>
                  <td>
                    <code>…{t.hint}</code>
                  </td>
                  <td>{t.rate_limit ? `${t.rate_limit.limit} per ${t.rate_limit.window_seconds} s` : "site default"}</td>
                  <td>{dateTime(t.created_at)}</td>
                  <td>{t.revoked_at ? `revoked ${dateTime(t.revoked_at)}` : "active"}</td>
                  <td>
                    {t.revoked_at ? null : (
                      <div class="actions">
                        <RateLimitEditor client={client} token={t} onSaved={refresh} onError={setError} />
                        <RevokeButton what={`token ${t.name ?? t.id}`} onRevoke={attempt(() => client.admin.revokeToken(t.id))} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section class="card stack" aria-labelledby="clients-title">
        <h2 id="clients-title">OAuth2 clients</h2>
        <form
          class="filters"
          aria-label="New OAuth2 client"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const c = await client.admin.createOAuthClient(siteId, { name: clientName.trim() || undefined });
              setSecret({ label: `Client secret of ${c.client_id}`, value: c.client_secret });
              setClientName("");
            })();
          }}
        >
          <div class="field">
            <label for="client-name">Client name</label>
            <input id="client-name" value={clientName} onInput={(e) => setClientName((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="actions">
            <button type="submit">Create OAuth2 client</button>
          </div>
        </form>
        <TableWrap label="OAuth2 clients">
          <table>
            <caption>OAuth2 clients of this site</caption>
            <thead>
              <tr>
                <th scope="col">Client id</th>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr>
                  <td>
                    <code>{c.client_id}</code>
                  </td>
                  <td>{c.name ?? "—"}</td>
                  <td>{dateTime(c.created_at)}</td>
                  <td>{c.revoked_at ? `revoked ${dateTime(c.revoked_at)}` : "active"}</td>
                  <td>
                    {c.revoked_at ? null : (
                      <RevokeButton
                        what={`client ${c.name ?? c.client_id}`}
                        onRevoke={attempt(() => client.admin.revokeOAuthClient(c.client_id))}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </div>
  );
}
