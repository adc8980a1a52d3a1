import { randomBytes } from "node:crypto";
import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { ensureAppBuild, killAllApps, startApp, type AppProcess } from "../helpers/app-server";

// The production app over real HTTP, several processes sharing one database (and, in the second part, one
// Redis): the limits against abuse hold across processes, and what only a running server shows (the HTTP server
// in front of Next, next-auth's sign-in and sign-out, page headers) behaves. Test databases have no demo data:
// fans are created here.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const LIMITS = {
  RATE_LIMITS: "on",
  // The tests play clients behind a proxy on 127.0.0.1: X-Forwarded-For names the client.
  TRUSTED_PROXIES: "127.0.0.1",
  RATE_LIMIT_SIGNUPS_PER_HOUR: "5",
  RATE_LIMIT_FAILED_SIGNINS: "4",
  RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: "4",
};

let apps: AppProcess[] = [];
beforeAll(async () => {
  await ensureAppBuild();
  apps = await Promise.all([1, 2, 3].map(() => startApp({ ...LIMITS, RATE_LIMIT_KEY_PREFIX: "pg:" })));
}, 600_000);
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  killAllApps();
});

/** Round robin over the processes: consecutive requests never hit the same one twice in a row. */
let turn = 0;
const next = (pool: AppProcess[] = apps) => pool[turn++ % pool.length]!;

async function request(app: AppProcess, path: string, init: RequestInit & { from?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.from) headers.set("x-forwarded-for", init.from);
  const res = await fetch(`${app.url}${path}`, { ...init, headers, redirect: "manual" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown>, text };
}

const signUp = (app: AppProcess, from: string, email = `fan-${randomBytes(4).toString("hex")}@example.com`) =>
  request(app, "/api/users", {
    method: "POST",
    from,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "password123", name: "Fan" }),
  });

/** next-auth's credentials sign-in, as its browser client does it: CSRF pair, then the callback. */
async function signIn(app: AppProcess, email: string, password: string, from: string) {
  const csrf = await request(app, "/api/auth/csrf", { from });
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await request(app, "/api/auth/callback/credentials", {
    method: "POST",
    from,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken: String(csrf.body.csrfToken), json: "true" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  return { ...res, cookie: session ? `${csrfCookie}; ${session}` : undefined, csrfToken: String(csrf.body.csrfToken) };
}

function expectLimited(res: { status: number; body: Record<string, unknown>; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ code: 429, message: "too many requests", error: "rate_limited" });
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
}

describe("limits hold across three app processes sharing PostgreSQL", () => {
  it("sign-ups: 5 per address wherever they land, then 429 on every process; another address is unaffected", async () => {
    const address = "203.0.113.10";
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await signUp(next(), address));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expectLimited(results[5]!);
    // A client cannot pick its own address: the header the server writes is replaced, X-Forwarded-For from an
    // untrusted peer is not trusted (here the proxy is trusted, so the right-most entry counts).
    const spoofed = await request(next(), "/api/users", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-client-address": "198.51.100.77",
        "x-forwarded-for": `198.51.100.77, ${address}`,
      },
      body: JSON.stringify({
        email: `spoof-${randomBytes(4).toString("hex")}@example.com`,
        password: "password123",
        name: "X",
      }),
    });
    expect(spoofed.status).toBe(429);
    expect((await signUp(next(), "203.0.113.11")).status).toBe(201);
    // The counters are in the shared table.
    const rows = await prisma.$queryRaw<
      { points: number }[]
    >`SELECT points FROM rate_limits WHERE key = ${`pg:signup:${address}`}`;
    expect(rows[0]?.points).toBeGreaterThanOrEqual(6);
  });

  it("failed sign-ins: per (account, address) with backoff, across processes; the fan elsewhere still signs in", async () => {
    const email = `victim-${randomBytes(4).toString("hex")}@example.com`;
    expect((await signUp(next(), "203.0.113.20", email)).status).toBe(201);
    const attacker = "192.0.2.50";
    for (let i = 0; i < 3; i++) {
      const wrong = await signIn(next(), email, "wrong-password", attacker);
      expect(wrong.status).toBe(401);
    }
    // After the third failure a pause, on whichever process the next guess lands.
    const paused = await signIn(next(), email, "wrong-password", attacker);
    expectLimited(paused);
    expect(paused.headers.get("retry-after")).toBe("1");
    // next-auth's browser client reads `url`: signIn() resolves with { error: "rate_limited", status: 429 }.
    expect(new URL(String(paused.body.url)).searchParams.get("error")).toBe("rate_limited");
    // The attacker's failures do not lock the fan out from their own address.
    const fan = await signIn(next(), email, "password123", "198.51.100.30");
    expect(fan.status).toBe(200);
    expect(fan.cookie).toBeDefined();
    // Once the pause is over, the fourth guess is the window's last; then 429 for the rest of the window.
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await signIn(next(), email, "wrong-password", attacker)).status).toBe(401);
    const exhausted = await signIn(next(), email, "password123", attacker);
    expectLimited(exhausted);
    expect(Number(exhausted.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("queue joins: 4 per user per minute across processes", async () => {
    const email = `joiner-${randomBytes(4).toString("hex")}@example.com`;
    const created = await signUp(next(), "203.0.113.30", email);
    const userId = Number(created.body.userId);
    const { cookie } = await signIn(next(), email, "password123", "203.0.113.30");
    const join = () =>
      request(next(), `/api/queue/token/users/${userId}`, { method: "POST", headers: { cookie: cookie! } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await join()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});

describe("limits hold across app processes sharing Redis (REDIS_URL)", () => {
  it("sign-ups: the counter lives in Redis under RATE_LIMIT_KEY_PREFIX, shared by both processes", async () => {
    const prefix = `t12:${randomBytes(4).toString("hex")}:`;
    const redis = new Redis(REDIS_URL);
    const onRedis = await Promise.all(
      [1, 2].map(() => startApp({ ...LIMITS, REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix })),
    );
    try {
      const address = "203.0.113.40";
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await signUp(next(onRedis), address)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
      expect(Number(await redis.get(`${prefix}signup:${address}`))).toBe(7);
      const inPostgres = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE ${`${prefix}%`}`;
      expect(inPostgres[0]!.n).toBe(0);
    } finally {
      await Promise.all(onRedis.map((a) => a.stop()));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});

describe("the HTTP server in front of the real app", () => {
  const paths = [
    "/api/balance/users/%ZZ",
    "/api/balance/users/%ZZ/charge",
    "/api/balance/users/%ZZ/history",
    "/api/concerts/%ZZ/schedules",
    "/api/concerts/1/schedules/%ZZ/seats",
    "/api/me/api-keys/%ZZ",
    "/api/payment/concerts/users/%ZZ",
    "/api/queue/token/users/%ZZ",
  ];
  it.each(paths)("GET %s: JSON 400, not a text/plain 500", async (path) => {
    const res = await rawRequest(next(), `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body)).toMatchObject({ code: 400, error: "bad_request" });
  });

  it("TRACE: 405; a path climbing out of /api: JSON 404; a short Content-Length: JSON 400", async () => {
    const trace = await rawRequest(next(), "TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(trace.status).toBe(405);
    expect(JSON.parse(trace.body)).toMatchObject({ error: "method_not_allowed" });
    const escape = await rawRequest(next(), "GET /api/../../x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(escape.status).toBe(404);
    expect(JSON.parse(escape.body)).toMatchObject({ error: "not_found" });
    const body = '{"email":"short@example.com","password":"password123","name":"X"}';
    const short = await rawRequest(
      next(),
      `POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n${body}`,
      "HTTP/1.1 400",
    );
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body)).toMatchObject({ error: "bad_request" });
  });

  it("pages carry a nonce CSP that Next applied to its scripts; the API carries nosniff and no framing", async () => {
    for (const path of ["/sign-in", "/docs"]) {
      const page = await request(next(), path);
      expect(page.status).toBe(200);
      const policy = page.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeDefined();
      const scripts = [...page.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
    const api = await request(next(), "/api/health");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("strict-transport-security")).toBeNull();
    const proxied = await request(next(), "/api/health", { headers: { "x-forwarded-proto": "https" } });
    expect(proxied.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("sign-out revokes the session on the server: the old cookie stops working on every process", async () => {
    const email = `leaver-${randomBytes(4).toString("hex")}@example.com`;
    const userId = Number((await signUp(next(), "203.0.113.50", email)).body.userId);
    const signedIn = await signIn(next(), email, "password123", "203.0.113.50");
    const cookie = signedIn.cookie!;
    for (const app of apps) {
      expect((await request(app, `/api/balance/users/${userId}`, { headers: { cookie } })).status).toBe(200);
    }
    const csrf = await request(next(), "/api/auth/csrf", { headers: { cookie } });
    const out = await request(next(), "/api/auth/signout", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: String(csrf.body.csrfToken), json: "true" }),
    });
    expect(out.status).toBe(200);
    for (const app of apps) {
      const after = await request(app, `/api/balance/users/${userId}`, { headers: { cookie } });
      expect(after.status).toBe(401);
      expect((await request(app, "/api/auth/session", { headers: { cookie } })).body).toEqual({});
    }
  });

  it("a cookie-authenticated write from another site is 403", async () => {
    const email = `csrf-${randomBytes(4).toString("hex")}@example.com`;
    const userId = Number((await signUp(next(), "203.0.113.60", email)).body.userId);
    const { cookie } = await signIn(next(), email, "password123", "203.0.113.60");
    const charge = (headers: Record<string, string>) =>
      request(next(), `/api/balance/users/${userId}/charge`, {
        method: "POST",
        headers: { cookie: cookie!, "content-type": "application/json", ...headers },
        body: JSON.stringify({ amount: 1_000 }),
      });
    expect((await charge({ origin: "https://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await charge({})).status).toBe(200);
  });

  it("listens on HOSTNAME only", async () => {
    const app = next();
    expect(app.ready).toBe(`http://127.0.0.1:${app.port}`);
    const other = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port: app.port, host: "::1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    expect(other).toBe(false);
  });
});

/** Bytes as they are; the last response on the connection (or the one starting with `from`). */
function rawRequest(app: AppProcess, text: string, from = "HTTP/1.1") {
  return new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    const socket = net.connect(app.port, "127.0.0.1", () => socket.write(text));
    let data = "";
    const done = () => {
      const response = data.slice(data.lastIndexOf(from));
      const [head = "", ...rest] = response.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers: Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
        ),
        body: rest.join("\r\n\r\n"),
      });
    };
    socket.on("data", (c) => (data += c.toString()));
    socket.on("end", done);
    socket.on("error", reject);
    setTimeout(() => {
      socket.destroy();
      done();
    }, 5_000);
  });
}
