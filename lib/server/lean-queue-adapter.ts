import type http from "node:http";
import type { TLSSocket } from "node:tls";
import { MAX_BODY_BYTES } from "../http/read-json-body";
import { plainHandlerOf, type Handler, type PlainAnswer, type PlainHandler } from "../http/with-route";
import { getQueueTokenRoute, issueQueueTokenRoute, queueStatusRoute } from "../queue/queue-routes";
import type { EarlyRoute } from "./create-http-server";

// The lean adapter for endpoints 1-3, the only ones the whole crowd reaches: the very route handlers Next
// serves (lib/queue/queue-routes.ts: identity, limits, Origin checks, validation order, the error envelope),
// answered straight from node:http in front of Next, without Next's router. Anything it does not recognise
// exactly (another method, a trailing slash, HEAD) goes on to Next, which answers as it always has.
// docs/decisions/0015-lean-queue-adapter.md.

const STATUS_PATH = "/api/queue/status";
const TOKEN_PREFIX = "/api/queue/token/users/";
const NO_PARAMS = { params: Promise.resolve({}) };

/** The EarlyRoute that serves endpoints 1-3 (LEAN_QUEUE_ADAPTER=off leaves them to Next). */
export function leanQueueAdapter(): EarlyRoute {
  const status = plain(queueStatusRoute);
  const getToken = plain(getQueueTokenRoute);
  const issueToken = plain(issueQueueTokenRoute);
  return async (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (path === STATUS_PATH) {
      if (req.method !== "GET") return false;
      await send(res, await status(headersOnly(req, url), NO_PARAMS));
      return true;
    }
    if (!path.startsWith(TOKEN_PREFIX)) return false;
    const rawId = path.slice(TOKEN_PREFIX.length);
    if (rawId === "" || rawId.includes("/")) return false;
    let userId: string;
    try {
      userId = decodeURIComponent(rawId); // as Next decodes a dynamic segment
    } catch {
      return false;
    }
    const context = { params: Promise.resolve({ userId }) };
    if (req.method === "GET") {
      await send(res, await getToken(headersOnly(req, url), context));
      return true;
    }
    if (req.method === "POST") {
      await send(res, await issueToken(await withBody(req, url), context));
      return true;
    }
    return false;
  };
}

/** The URL as Next builds it for a route handler: the Host the client addressed, over http or https. */
function fullUrl(req: http.IncomingMessage, url: string): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const proto = (req.socket as TLSSocket).encrypted ? "https" : first === "https" ? "https" : "http";
  return `${proto}://${req.headers.host ?? "localhost"}${url}`;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A GET (or a POST without a body) needs no body, so the handler gets a Request-shaped view of the node request
 * (headers read on demand) instead of a copy of every header into a WHATWG Request: the hot path's largest fixed
 * cost after Next's router.
 */
function headersOnly(req: http.IncomingMessage, url: string): Request {
  let full: string | undefined;
  return {
    method: req.method ?? "GET",
    get url() {
      return (full ??= fullUrl(req, url));
    },
    headers: { get: (name: string) => header(req, name), has: (name: string) => header(req, name) !== null },
    body: null,
  } as unknown as Request;
}

/** A POST: a real Request with the body read here (at most one byte over the limit, so the limit still answers). */
async function withBody(req: http.IncomingMessage, url: string): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is drained, not kept (breaking out of the stream would destroy the socket).
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    size += chunk.length;
  }
  // Most joins send no body (clients that know nothing of rooms): the same cheap view as a GET.
  if (size === 0) return headersOnly(req, url);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1);
  return new Request(fullUrl(req, url), { method: "POST", headers, body });
}

/** The route's answer-as-data form: the same checks and use case, no WHATWG Response built and read back. */
function plain(handler: Handler): PlainHandler {
  const found = plainHandlerOf(handler);
  if (!found) throw new Error("the lean adapter serves only handlers made by route()");
  return found;
}

async function send(res: http.ServerResponse, answer: PlainAnswer | Response): Promise<void> {
  if (!(answer instanceof Response)) {
    const body = Buffer.from(answer.body);
    res.writeHead(answer.status, { ...answer.headers, "content-length": String(body.length) });
    res.end(body);
    return;
  }
  const response = answer;
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}
