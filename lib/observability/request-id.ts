import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

// The request id that ties a request's log lines together, across the balancer and every instance: the one a
// trusted proxy (TRUSTED_PROXIES: the balancer) sent in X-Request-Id, else a new one. A client talking to an
// instance directly cannot choose it (it could forge other requests' ids in the logs), and a value that is not
// a plain token (too long, spaces, control characters) is replaced, so it is always safe to log and echo.

export const REQUEST_ID_HEADER = "x-request-id";
const ACCEPTABLE = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

export function requestIdOf(headers: IncomingHttpHeaders, fromTrustedProxy: boolean): string {
  if (fromTrustedProxy) {
    const sent = headers[REQUEST_ID_HEADER];
    const value = Array.isArray(sent) ? sent[0] : sent;
    if (value !== undefined && ACCEPTABLE.test(value)) return value;
  }
  return randomUUID();
}
