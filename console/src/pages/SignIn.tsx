import type { Ref } from "preact";
import { useState } from "preact/hooks";
import { whoIs } from "../client";
import { ErrorNotice } from "../components/ErrorNotice";
import { type Session, saveSession } from "../session";

export function SignInPage({ onSignedIn, headingRef }: { onSignedIn: (s: Session) => void; headingRef: Ref<HTMLHeadingElement> }) {
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const value = token.trim();
      const who = await whoIs(value);
      if (who.role === "site" && who.me.token.kind !== "secret") {
        throw new Error("This is a public token: it can only send web events. Sign in with the site's secret token (sec_… or trk_…).");
      }
      const session: Session = who.role === "site" ? { token: value, role: "site", me: who.me } : { token: value, role: "operator" };
      saveSession(session);
      onSignedIn(session);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="signin">
      <h1 tabIndex={-1} ref={headingRef}>
        Sign in to the revenue-edge console
      </h1>
      <form onSubmit={submit} class="card">
        <p>Use a site's secret token to see its revenue, or the operators' admin token to manage sites and tokens.</p>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={token}
          onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="token-hint"
        />
        <p id="token-hint" class="muted">
          Kept in this browser tab only (session storage) until you sign out or close the tab.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <ErrorNotice error={error} />
      </form>
    </main>
  );
}
