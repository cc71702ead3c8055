import { useEffect, useState } from "preact/hooks";

// Hash routes (`/console/#/revenue`): the Worker serves one index.html and needs no fallback
// route, and a reload keeps the page.
export type Route = { path: string; params: URLSearchParams };

function current(): Route {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?");
  return { path, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export const navigate = (path: string) => {
  location.hash = path;
};
