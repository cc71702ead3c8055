/**
 * The referring host, as the Pulsora tracker computes it (`www.` stripped, nothing for a
 * referrer on the page's own host). Used only when a client sent a referrer but no
 * `referrer_source`; a client's own value is kept as sent.
 */
export function referrerSourceOf(referrer: string | undefined, pageUrl: string | undefined): string | undefined {
  if (!referrer) return undefined;
  try {
    const host = new URL(referrer).hostname.toLowerCase();
    if (!host) return undefined;
    if (pageUrl) {
      try {
        if (new URL(pageUrl).hostname.toLowerCase() === host) return undefined;
      } catch {
        // a page URL that is not absolute: compare nothing
      }
    }
    return host.replace(/^www\./, "");
  } catch {
    return undefined;
  }
}
