import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { ensureAppBuild, killAllApps, startApp, type AppProcess } from "../helpers/app-server";
import { createConcertWithSeats } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/http";
import { parsePrometheus, sample } from "../helpers/prometheus";
import { createUsers } from "../helpers/queue-fixtures";

// /api/metrics scraped from the production server, and the request id of the JSON logs: what an operator's
// Prometheus and log shipper see. The test plays the balancer from 127.0.0.2 (TRUSTED_PROXIES) and a client
// talking to the instance directly from 127.0.0.1.
const TOKEN = "metrics-token-for-the-test-0123456789";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let app: AppProcess;
beforeAll(async () => {
  await ensureAppBuild();
  app = await startApp({
    METRICS_TOKEN: TOKEN,
    TRUSTED_PROXIES: "127.0.0.2",
    LOG_LEVEL: "debug",
    QUEUE_ACTIVE_CAPACITY: "2",
  });
}, 600_000);
afterAll(async () => {
  await app?.stop();
  killAllApps();
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(
  path: string,
  options: { method?: string; headers?: Record<string, string>; from?: string; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${app.url}${path}`,
      { method: options.method ?? "GET", headers: options.headers, localAddress: options.from ?? "127.0.0.1" },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const scrape = async () => {
  const reply = await request("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(reply.status, reply.body).toBe(200);
  expect(reply.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(reply.body);
};

/** The JSON log lines the server wrote so far. */
function logLines(): Record<string, unknown>[] {
  return app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function linesOf(requestId: string): Promise<Record<string, unknown>[]> {
  // The access line is written when the response ends; give the pipe a moment.
  for (let i = 0; i < 50; i++) {
    const lines = logLines().filter((l) => l.reqId === requestId);
    if (lines.some((l) => l.msg === "request")) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  return logLines().filter((l) => l.reqId === requestId);
}

describe("/api/metrics", () => {
  it("is not public: 401 without the bearer token, or with a wrong one", async () => {
    const none = await request("/api/metrics");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(JSON.parse(none.body)).toMatchObject({ code: 401, error: "authentication_required" });
    expect((await request("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await request("/api/metrics", { headers: { authorization: TOKEN } })).status).toBe(401);
  });

  it("reports the sale as the database has it, and HTTP latency per route pattern", async () => {
    // Five fans join through the API; capacity 2 admits two, three wait.
    const fans = await createUsers(5);
    for (const id of fans) {
      const joined = await request(`/api/queue/token/users/${id}`, {
        method: "POST",
        headers: await sessionCookie(id),
      });
      expect(joined.status, joined.body).toBe(200);
    }
    const concert = await createConcertWithSeats({ seats: 10 });
    const seats = concert.schedules[0]!.seats;
    await prisma.seat.updateMany({
      where: { id: { in: seats.slice(0, 3).map((s) => s.id) } },
      data: { soldAt: new Date() },
    });
    await prisma.seat.updateMany({
      where: { id: { in: seats.slice(3, 5).map((s) => s.id) } },
      data: { holdExpiresAt: new Date(Date.now() + 60_000) },
    });
    for (let i = 0; i < 3; i++) expect((await request("/api/health")).status).toBe(200);
    await request(`/api/concerts/${concert.id}/schedules`);
    await request(`/api/concerts/${concert.id}/schedules/${concert.schedules[0]!.id}/seats`);
    expect((await request("/api/no/such/route/42")).status).toBe(404);

    const samples = await scrape();
    const room = { room: "1" };
    expect(sample(samples, "ticketing_queue_waiting", room)).toBe(3);
    expect(sample(samples, "ticketing_queue_active", room)).toBe(2);
    expect(sample(samples, "ticketing_queue_active_capacity", room)).toBe(2);
    expect(sample(samples, "ticketing_queue_admitted", room)).toBe(2);
    expect(sample(samples, "ticketing_queue_admission_rate", room)).toBeGreaterThan(0);
    expect(sample(samples, "ticketing_seats_sold", room)).toBe(3);
    expect(sample(samples, "ticketing_seats_held", room)).toBe(2);
    expect(sample(samples, "ticketing_domain_metrics_up")).toBe(1);

    const count = (route: string, method: string, status: string) =>
      sample(samples, "ticketing_http_request_duration_seconds_count", { route, method, status });
    expect(count("/api/health", "GET", "200")).toBe(3);
    expect(count("/api/queue/token/users/[userId]", "POST", "200")).toBe(5);
    expect(count("/api/[...path]", "GET", "404")).toBe(1);
    const routes = new Set(samples.filter((s) => s.name.startsWith("ticketing_http_")).map((s) => s.labels.route));
    expect([...routes].some((r) => r?.startsWith("/api/concerts/[concertId]/schedules"))).toBe(true);
    // Labels are patterns: no id of a path ever becomes a label.
    for (const route of routes) if (route) expect(route).not.toMatch(/\/\d+(\/|$)/);
    expect(
      sample(samples, "ticketing_http_request_duration_seconds_bucket", {
        route: "/api/health",
        method: "GET",
        status: "200",
        le: "+Inf",
      }),
    ).toBe(3);

    // The pool of this process (DATABASE_POOL_SIZE=4 in startApp) and Node's own numbers.
    expect(sample(samples, "ticketing_db_pool_max")).toBe(4);
    expect(sample(samples, "ticketing_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    expect(sample(samples, "ticketing_db_pool_waiting_requests")).toBe(0);
    expect(sample(samples, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sample(samples, "ticketing_http_requests_in_flight")).toBe(1); // the scrape itself

    // Read at scrape time: a change in the database shows in the next scrape (after the 1 s refresh guard).
    await prisma.seat.updateMany({ where: { id: seats[5]!.id }, data: { soldAt: new Date() } });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(sample(await scrape(), "ticketing_seats_sold", room)).toBe(4);
  });
});

describe("request id", () => {
  it("is generated when the client is not a trusted proxy, echoed, and on every log line of the request", async () => {
    const reply = await request("/api/no/such/thing", { headers: { "x-request-id": "forged-by-a-client" } });
    expect(reply.status).toBe(404);
    const id = String(reply.headers["x-request-id"]);
    expect(id).toMatch(UUID);
    const lines = await linesOf(id);
    // The server's access line and the route's own line (written inside Next's handler) both carry it.
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["route: refused", "request"]));
    const access = lines.find((l) => l.msg === "request")!;
    expect(access).toMatchObject({ level: "info", method: "GET", route: "/api/[...path]", status: 404 });
    expect(typeof access.time).toBe("string");
    expect(logLines().some((l) => l.reqId === "forged-by-a-client")).toBe(false);
  });

  it("is the balancer's when the balancer is a trusted proxy", async () => {
    const id = "7F000001:D2C4_7F000001:1F90_692C6A3B_0007:2A1";
    const reply = await request("/api/health", {
      from: "127.0.0.2",
      headers: { "x-request-id": id, "x-forwarded-for": "198.51.100.23" },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers["x-request-id"]).toBe(id);
    const access = (await linesOf(id)).find((l) => l.msg === "request");
    // The client address rule and the id together: the log names the client the balancer saw.
    expect(access).toMatchObject({ route: "/api/health", status: 200, client: "198.51.100.23" });
  });

  it("answers a refused request line with an id too", async () => {
    const reply = await request("/api/health", { method: "TRACE" });
    expect(reply.status).toBe(405);
    expect(String(reply.headers["x-request-id"])).toMatch(UUID);
  });
});
