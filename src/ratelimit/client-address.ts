// The client address that rate limits are keyed by.
//
// Only `CF-Connecting-IP` is trusted: Cloudflare sets it on every request that reaches the Worker
// and replaces any value a client sends, while `X-Real-IP`, `X-Forwarded-For` and the like are
// whatever the client wrote. An IPv6 client is keyed by its /64: one subscriber usually holds a
// whole /64 (RFC 6177 recommends at least that much per site), so keying by the full address would
// hand one client 2^64 budgets. IPv4-mapped IPv6 addresses count as their IPv4 address. A request
// without the header (local tools, tests) or with a value that is not an IP address shares the
// key "unknown".

export const UNKNOWN_ADDRESS = "unknown";

const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** The 8 groups of an IPv6 address in text form, or null when it is not one. */
function ipv6Groups(text: string): number[] | null {
  if (text.length > 45 || !text.includes(":")) return null;
  let body = text;
  const tail: number[] = [];
  // An embedded IPv4 address as the last 32 bits (::ffff:192.0.2.1, 64:ff9b::192.0.2.1).
  const lastColon = body.lastIndexOf(":");
  const last = body.slice(lastColon + 1);
  if (last.includes(".")) {
    const m = IPV4.exec(last);
    if (!m) return null;
    const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    body = body.slice(0, lastColon + 1) + "0"; // placeholder group, removed below
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    if (!groups.every((g) => HEXTET.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  if (tail.length > 0) (rest.length > 0 ? rest : head).pop();
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
}

/** The rate-limit key of a client address: IPv4 as is, IPv6 as its /64 prefix. */
export function addressKey(text: string): string {
  const value = text.trim();
  if (IPV4.test(value)) return value;
  const groups = ipv6Groups(value);
  if (!groups) return UNKNOWN_ADDRESS;
  // ::ffff:a.b.c.d is an IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The key of the client that sent `headers` (CF-Connecting-IP only). */
export function clientAddress(headers: Headers): string {
  const header = headers.get("cf-connecting-ip");
  return header ? addressKey(header) : UNKNOWN_ADDRESS;
}
