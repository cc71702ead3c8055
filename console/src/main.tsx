import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { operatorClient, siteClient } from "./client";
import { AnalyticsPage } from "./pages/Analytics";
import { DeadLettersPage } from "./pages/DeadLetters";
import { ExplorerPage } from "./pages/Explorer";
import { JobsPage } from "./pages/Jobs";
import { OverviewPage } from "./pages/Overview";
import { SignInPage } from "./pages/SignIn";
import { SitePage } from "./pages/Site";
import { SitesPage } from "./pages/Sites";
import { UploadsPage } from "./pages/Uploads";
import { navigate, useRoute } from "./router";
import { clearSession, loadSession, type Session } from "./session";
import "./styles.css";

type Page = { path: string; title: string; nav?: string };

const SITE_PAGES: Page[] = [
  { path: "/overview", title: "Overview", nav: "Overview" },
  { path: "/revenue", title: "Revenue explorer", nav: "Revenue" },
  { path: "/uploads", title: "Uploads", nav: "Uploads" },
  { path: "/jobs", title: "Batch jobs", nav: "Jobs" },
  { path: "/analytics", title: "Web analytics", nav: "Web analytics" },
];
const OPERATOR_PAGES: Page[] = [
  { path: "/sites", title: "Sites", nav: "Sites" },
  { path: "/dead-letters", title: "Dead letters", nav: "Dead letters" },
];

function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  // One SDK client per session: the site's (its site the default of every call) or the operators'.
  const client = useMemo(
    () => (session ? (session.role === "operator" ? operatorClient(session.token) : siteClient(session.token, session.me?.site.id)) : null),
    [session],
  );
  const heading = useRef<HTMLHeadingElement>(null);

  const pages = session?.role === "operator" ? OPERATOR_PAGES : SITE_PAGES;
  const home = pages[0]!.path;
  const sitePath = /^\/sites\/([^/]+)$/.exec(route.path);
  const page =
    pages.find((p) => p.path === route.path) ??
    (session?.role === "operator" && sitePath ? { path: route.path, title: "Site" } : undefined);

  useEffect(() => {
    if (session && !page) navigate(home);
  }, [session, page, home]);
  useEffect(() => {
    document.title = session && page ? `${page.title} · revenue-edge console` : "Sign in · revenue-edge console";
    // After a navigation, keyboard and screen-reader users start at the new page's heading.
    heading.current?.focus();
  }, [route.path, session]);

  if (!session || !client) {
    return (
      <SignInPage
        headingRef={heading}
        onSignedIn={(s) => {
          setSession(s);
          navigate(s.role === "operator" ? "/sites" : "/overview");
        }}
      />
    );
  }

  const signOut = () => {
    clearSession();
    setSession(null);
    navigate("/");
  };

  return (
    <>
      {/* A button, not a link: the console's routes live in the URL fragment, so `#main` would be read as a route. */}
      <button type="button" class="skip" onClick={() => heading.current?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <div class="brand">
          <strong>revenue-edge</strong>
          <span class="muted">
            {session.role === "operator" ? "Operator" : `${session.me?.site.name ?? ""} · ${session.me?.site.id ?? ""}`}
          </span>
        </div>
        <nav aria-label="Main">
          <ul>
            {pages.map((p) => (
              <li>
                <a href={`#${p.path}`} aria-current={route.path === p.path || (p.path === "/sites" && sitePath) ? "page" : undefined}>
                  {p.nav}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {page?.title ?? ""}
        </h1>
        {session.role === "site" && session.me ? (
          route.path === "/overview" ? (
            <OverviewPage client={client} me={session.me} />
          ) : route.path === "/revenue" ? (
            <ExplorerPage client={client} me={session.me} />
          ) : route.path === "/uploads" ? (
            <UploadsPage client={client} me={session.me} />
          ) : route.path === "/jobs" ? (
            <JobsPage client={client} />
          ) : route.path === "/analytics" ? (
            <AnalyticsPage client={client} me={session.me} />
          ) : null
        ) : route.path === "/sites" ? (
          <SitesPage client={client} />
        ) : sitePath ? (
          <SitePage client={client} siteId={decodeURIComponent(sitePath[1]!)} />
        ) : route.path === "/dead-letters" ? (
          <DeadLettersPage client={client} />
        ) : null}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
