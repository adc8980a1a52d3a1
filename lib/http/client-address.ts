import "server-only";
import { CLIENT_ADDRESS_HEADER, clientAddressHeaderTrusted } from "../server/client-address";
import { logger } from "../observability/logger";

/** What per-address limits key on when no trustworthy address is known (plain `next dev` / `next start`). */
export const UNKNOWN_ADDRESS = "unknown";
let warned = false;

/**
 * The client's address as the HTTP server in front of Next determined it (TRUSTED_PROXIES and all,
 * lib/server/client-address.ts). Without that server a client could write the header itself, so it is ignored:
 * every request then shares one per-address bucket, which is safe but strict (say so once).
 */
export function clientAddressOf(headers: Headers | Record<string, string | string[] | undefined>): string {
  if (!clientAddressHeaderTrusted()) {
    if (!warned && process.env.NODE_ENV === "production") {
      warned = true;
      logger.warn("client address unknown: serve the app with scripts/serve.ts (npm start), not next start");
    }
    return UNKNOWN_ADDRESS;
  }
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return (Array.isArray(value) ? value[0] : value) || UNKNOWN_ADDRESS;
}
