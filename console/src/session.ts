import type { Me } from "@revenue-edge/sdk";
import type { Role } from "./client";

// The token lives in sessionStorage only: gone when the tab closes, never in localStorage or
// a cookie, never in a URL.
const KEY = "revenue-edge.console.session";

export type Session = { token: string; role: Role; me?: Me };

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
