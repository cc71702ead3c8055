// ISO 8601 timestamps as the history surface accepts them, normalised to one spelling
// (`YYYY-MM-DDTHH:mm:ss.sssZ`, UTC) so that equal instants compare equal as text: the
// duplicate rule (same message_id, offer_id and timestamp) and `last_revenue_at` rely on it.
//
// Accepted: `YYYY-MM-DD` (midnight UTC), and `YYYY-MM-DDTHH:mm[:ss[.fraction]]` with `Z`, a
// `±HH:MM`/`±HHMM`/`±HH` offset, or no offset (read as UTC, as Trackly's examples are UTC).
// A space may stand for the `T`. Fractions beyond milliseconds are truncated.
// Calendar dates must be real (no 2025-02-30).

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export type TimestampResult = { ok: true; iso: string; epochMs: number } | { ok: false; error: string };

export function parseIsoTimestamp(text: string): TimestampResult {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, error: `${JSON.stringify(text)} is not an ISO 8601 date-time (e.g. 2025-11-15T16:00:00Z)` };
  const [, y = "", mo = "", d = "", h = "00", mi = "00", s = "00", frac = "", zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Number(frac.padEnd(3, "0").slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `${JSON.stringify(text)} is not a real calendar date` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: `${JSON.stringify(text)} has a time of day out of range` };
  }
  let offsetMinutes = 0;
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) return { ok: false, error: `${JSON.stringify(text)} has a UTC offset out of range` };
    offsetMinutes = sign * (oh * 60 + om);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(year, month - 1, day);
  wallClock.setUTCHours(hour, minute, second, millis);
  const epochMs = wallClock.getTime() - offsetMinutes * 60_000;
  const date = new Date(epochMs);
  if (Number.isNaN(epochMs) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    return { ok: false, error: `${JSON.stringify(text)} is out of range` };
  }
  return { ok: true, iso: date.toISOString(), epochMs };
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
