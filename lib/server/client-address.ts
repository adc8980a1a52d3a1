import { BlockList, isIP } from "node:net";

// The client address that per-address limits key on (ONSALE.md, "Limits against abuse"): the socket's peer,
// or, when that peer is a proxy listed in TRUSTED_PROXIES, the right-most X-Forwarded-For entry that is not
// itself a trusted proxy. Never a header a client can set alone: entries to the left of the first untrusted
// one were written by whoever sent the request and are ignored.

/** The header the HTTP server (lib/server/create-http-server.ts) writes for the app; any value a client sent is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

export type TrustedProxies = { check(address: string): boolean };

/** `TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges, IPv4 or IPv6; null when an entry is neither. */
export function parseTrustedProxies(value: string): TrustedProxies | null {
  const list = new BlockList();
  for (const raw of value.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || rest.length) return null;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return null;
    list.addSubnet(address, prefix, type);
  }
  const check = (address: string): boolean => {
    const family = isIP(address);
    if (family === 0) return false;
    if (list.check(address, family === 4 ? "ipv4" : "ipv6")) return true;
    // An IPv4 peer on a dual-stack socket reads as ::ffff:a.b.c.d; match it against IPv4 entries too.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    return mapped !== undefined && list.check(mapped, "ipv4");
  };
  // Every request asks about its peer (the balancer, nearly always): BlockList builds a SocketAddress per
  // question, a measurable share of a status poll. The list never changes, so answers are kept (bounded).
  const known = new Map<string, boolean>();
  return {
    check: (address) => {
      let trusted = known.get(address);
      if (trusted === undefined) {
        if (known.size >= 10_000) known.clear();
        trusted = check(address);
        known.set(address, trusted);
      }
      return trusted;
    },
  };
}

/** `::ffff:10.0.0.1` -> `10.0.0.1`, so one client has one key whichever way it connected. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return (mapped ?? address).toLowerCase();
}

/**
 * Walks from the socket's peer leftwards through X-Forwarded-For while the address at hand is a trusted proxy
 * (each such hop vouches for the entry to its left). The first untrusted address is the client. An entry that
 * is not an IP address ends the walk at the proxy that wrote it.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let current = normalizeAddress(peer);
  if (!trusted.check(current) || forwardedFor === undefined) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  while (trusted.check(current)) {
    const next = hops.pop();
    if (next === undefined || isIP(next) === 0) return current;
    current = normalizeAddress(next);
  }
  return current;
}

/**
 * Set by the HTTP server (lib/server/create-http-server.ts) in the process it shares with Next: from then on
 * every request reaching a route carries CLIENT_ADDRESS_HEADER written by the server, never by the client.
 */
const SERVER_MARK = Symbol.for("ticketing.client-address-header");

export function markClientAddressHeaderTrusted(): void {
  (globalThis as Record<symbol, unknown>)[SERVER_MARK] = true;
}

export function clientAddressHeaderTrusted(): boolean {
  return (globalThis as Record<symbol, unknown>)[SERVER_MARK] === true;
}
