import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeQueueToken } from "@/lib/queue/queue-token-codec";
import { apiKeyHeader, createUser } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/http";
import { ensureAppBuild, killAllApps, startApp, type AppProcess } from "../helpers/app-server";

// Endpoints 1-3 through both adapters (docs/decisions/0015-lean-queue-adapter.md): the same requests to an app
// whose lean node:http adapter answers them and to one that leaves them to Next's route files. Status, body
// shape (keys, error kind), and the headers clients rely on must agree for every case. The waiting room's own
// process (`serve.ts --queue`) must agree too, for every request the balancer sends it (QUEUE_ROUTE).

let lean: AppProcess;
let next: AppProcess;
let queue: AppProcess;
beforeAll(async () => {
  await ensureAppBuild();
  [lean, next, queue] = await Promise.all([
    startApp({ LEAN_QUEUE_ADAPTER: "on" }),
    startApp({ LEAN_QUEUE_ADAPTER: "off" }),
    startApp({}, ["--queue"]),
  ]);
}, 600_000);
afterAll(async () => {
  await Promise.all([lean?.stop(), next?.stop(), queue?.stop()]);
  killAllApps();
});

/** What scripts/cluster/haproxy-config.ts's QUEUE_ROUTE sends to the waiting room's process (the query aside). */
function routedToQueue(path: string, method: string): boolean {
  const p = path.split("?")[0]!;
  if (p === "/api/queue/status") return method === "GET";
  return /^\/api\/queue\/token\/users\/[^/]+$/.test(p) && (method === "GET" || method === "POST");
}

type Answer = { status: number; body: unknown; headers: Headers };

async function send(app: AppProcess, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${app.url}${path}`, { ...init, redirect: "manual" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

/** The shape of a body: its keys, and for errors the kind; values that differ per request (ids, times) aside. */
function shape(body: unknown): unknown {
  if (body === null || typeof body !== "object") return typeof body;
  const o = body as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, k === "error" || k === "code" || k === "status" || k === "saleState" ? o[k] : typeof o[k]]),
  );
}

const HEADERS = ["content-type", "cache-control", "x-content-type-options", "x-frame-options"];

async function both(path: string, init: RequestInit | (() => Promise<RequestInit>) = {}) {
  const make = () => (typeof init === "function" ? init() : init);
  const [a, b] = [await send(lean, path, await make()), await send(next, path, await make())];
  const agree = (x: Answer, what: string) => {
    expect(x.status, `${what} ${path}: status`).toBe(b.status);
    expect(shape(x.body), `${what} ${path}: body`).toEqual(shape(b.body));
    for (const h of HEADERS) expect(x.headers.get(h), `${what} ${path}: ${h}`).toBe(b.headers.get(h));
    expect(x.headers.has("retry-after"), `${what} ${path}: retry-after`).toBe(b.headers.has("retry-after"));
  };
  agree(a, "lean adapter");
  const request = await make();
  if (routedToQueue(path, request.method ?? "GET")) agree(await send(queue, path, request), "queue process");
  return [a, b] as const;
}

describe("endpoints 1-3: the lean adapter answers exactly as Next does", () => {
  it("joins, looks up and polls, with every refusal in the same order and envelope", async () => {
    const fans = await Promise.all([1, 2, 3, 4].map(() => createUser()));
    const keys = await Promise.all(fans.map((f) => apiKeyHeader(f.id)));
    const [a, b, c] = fans as [(typeof fans)[0], (typeof fans)[0], (typeof fans)[0]];
    const json = { "content-type": "application/json" };

    // No identity, a bad path id, someone else's id.
    await both(`/api/queue/token/users/${a.id}`, { method: "POST" });
    await both(`/api/queue/token/users/abc`, { method: "POST" });
    await both(`/api/queue/token/users/abc`, { method: "POST", headers: keys[0] });
    await both(`/api/queue/token/users/${b.id}`, { method: "POST", headers: keys[0] });
    await both(`/api/queue/token/users/${a.id}`, { method: "GET" });
    await both(`/api/queue/token/users/${a.id}`, { method: "GET", headers: keys[0] }); // no token yet: 404

    // Joins (each adapter's own fan, so both issue a fresh token): no body, a lenient body, a malformed one.
    const ja = await send(lean, `/api/queue/token/users/${a.id}`, { method: "POST", headers: keys[0] });
    const jb = await send(next, `/api/queue/token/users/${b.id}`, { method: "POST", headers: keys[1] });
    expect(ja.status).toBe(200);
    expect(shape(ja.body)).toEqual(shape(jb.body));
    for (const body of ['{"concertId": "x"}', "{not json", "{}"]) {
      await both(`/api/queue/token/users/${c.id}`, { method: "POST", headers: { ...keys[2], ...json }, body });
    }
    await both(`/api/queue/token/users/${c.id}`, {
      method: "POST",
      headers: { ...keys[2], ...json },
      body: JSON.stringify({ concertId: 999_999 }),
    });
    await both(`/api/queue/token/users/${c.id}`, {
      method: "POST",
      headers: { ...keys[2], ...json },
      body: "x".repeat(70_000),
    });
    await both(`/api/queue/token/users/${c.id}`, { method: "GET", headers: keys[2] });
    await both(`/api/queue/token/users/${c.id}?concertId=abc`, { method: "GET", headers: keys[2] });

    // A session cookie: a same-site write passes, a cross-site one is refused; sign-out revokes at once.
    const d = fans[3]!;
    await both(`/api/queue/token/users/${d.id}`, async () => ({
      method: "POST",
      headers: { cookie: cookieHeader(await sessionCookie(d.id)), origin: "https://evil.example" },
    }));
    await both(`/api/queue/token/users/${d.id}`, async () => ({
      method: "POST",
      headers: { cookie: cookieHeader(await sessionCookie(d.id)), "sec-fetch-site": "cross-site" },
    }));
    await both(`/api/queue/token/users/${d.id}`, async () => ({
      method: "POST",
      headers: { cookie: cookieHeader(await sessionCookie(d.id)) },
    }));

    // Polls: none, malformed, forged, valid (with a query string too), and methods only Next answers.
    const token = (ja.body as { token: string }).token;
    await both("/api/queue/status");
    await both("/api/queue/status", { headers: { authorization: "Bearer nope" } });
    await both("/api/queue/status", { headers: { authorization: `Bearer ${forged(token)}` } });
    await both("/api/queue/status", { headers: { authorization: `Bearer ${encodeQueueToken(2_000_000_000)}` } });
    const [pa] = await both("/api/queue/status", { headers: { authorization: `Bearer ${token}` } });
    expect(pa.status).toBe(200);
    expect(Number(pa.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await both("/api/queue/status?x=1", { headers: { authorization: token } });
    await both("/api/queue/status", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    await both(`/api/queue/token/users/${a.id}`, { method: "DELETE", headers: keys[0] });

    // The queue process logs as the app does: an access line per request with its route pattern, except a
    // successful poll, which is at debug level (the crowd's polls would drown the log; metrics count them).
    const accessLines = () =>
      queue
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg?: string; route?: string; status?: number; reqId?: string })
        .filter((l) => l.msg === "request");
    // A last request, logged at info: once its line is out, every earlier poll's line would be too.
    const last = await send(queue, "/api/queue/status");
    const lastId = last.headers.get("x-request-id");
    await expect.poll(() => accessLines().some((l) => l.reqId === lastId && l.status === 401)).toBe(true);
    expect(accessLines().some((l) => l.route === "/api/queue/token/users/[userId]" && l.status === 200)).toBe(true);
    expect(accessLines().filter((l) => l.route === "/api/queue/status" && l.status === 200)).toEqual([]);
  }, 120_000);
});

function cookieHeader(cookies: Record<string, string>): string {
  return cookies.cookie ?? Object.values(cookies).join("; ");
}

function forged(token: string): string {
  const last = token.at(-2) === "A" ? "B" : "A";
  return token.slice(0, -2) + last + token.at(-1);
}
