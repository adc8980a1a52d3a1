import type http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies } from "./client-address";
import { createHttpServer } from "./create-http-server";

// The HTTP server in front of Next, with a stand-in for Next that records what reaches it. The same server with
// the real app behind it: test/integration/http-server.test.ts.

type Seen = { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = createHttpServer({
    trustedProxies: parseTrustedProxies("127.0.0.2")!,
    early: [
      (req, res) => {
        if (req.url !== "/api/early") return false;
        res.end("early");
        return true;
      },
    ],
    next: async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ from: "next" }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

/** Sends bytes as they are (no client library normalising the path or fixing the length); all that came back. */
function raw(text: string, localAddress = "127.0.0.1"): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress }, () => socket.write(text));
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 2_000);
  });
}

function parse(response: string) {
  const [head = "", ...rest] = response.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
  );
  const body = rest.join("\r\n\r\n");
  return { status: Number(statusLine.split(" ")[1]), headers, body, json: () => JSON.parse(body) };
}

const get = (path: string, extra = "") => raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`);

describe("protocol edges answer the JSON error shape with a 4xx, before Next sees them", () => {
  it.each([
    "/api/balance/users/%ZZ",
    "/api/balance/users/%ZZ/charge",
    "/api/concerts/%E0%A4%A/schedules",
    "/api/queue/token/users/%",
  ])("malformed percent-encoding in %s: 400 bad_request", async (path) => {
    const res = parse(await get(path));
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.json()).toEqual({
      code: 400,
      message: "bad request",
      error: "bad_request",
      detail: "malformed percent-encoding in the path",
    });
    expect(seen).toEqual([]);
  });

  it.each(["TRACE", "CONNECT", "PROPFIND"])("%s: 405 method_not_allowed with Allow", async (method) => {
    const target = method === "CONNECT" ? "/api/health" : "/api/health";
    const res = parse(await raw(`${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    expect(res.status).toBe(405);
    expect(res.json()).toMatchObject({ code: 405, message: "method not allowed", error: "method_not_allowed" });
    expect(res.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(seen).toEqual([]);
  });

  it.each(["/api/../../x", "/api/%2e%2e/sign-in", "/api/..%2f..%2fdocs", "/API/../x", "/api\\..\\..\\x"])(
    "%s climbs out of /api: 404 not_found in the error shape, not a page",
    async (path) => {
      const res = parse(await get(path));
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ code: 404, message: "not found", error: "not_found" });
      expect(seen).toEqual([]);
    },
  );

  it("a Content-Length shorter than the body: the leftover bytes get a JSON 400, not an empty one", async () => {
    const body = '{"email":"a@b.co","password":"password123","name":"X"}';
    const response = await raw(
      `POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n${body}`,
    );
    const res = parse(response.slice(response.lastIndexOf("HTTP/1.1 400")));
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.json()).toEqual({
      code: 400,
      message: "bad request",
      error: "bad_request",
      detail: "malformed HTTP request",
    });
  });

  it("an unparsable request line or oversized headers: JSON 400", async () => {
    const garbage = parse(await raw("NOT A REQUEST\r\n\r\n"));
    expect(garbage.status).toBe(400);
    expect(garbage.json().error).toBe("bad_request");
    const huge = parse(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`));
    expect(huge.status).toBe(400);
    expect(huge.json()).toMatchObject({ error: "bad_request", detail: "request headers too large" });
  });

  it("passes ordinary requests on, and runs early routes before Next", async () => {
    expect(parse(await get("/api/health")).json()).toEqual({ from: "next" });
    expect(parse(await get("/api/./health")).json()).toEqual({ from: "next" });
    expect(parse(await get("/api/early")).body).toBe("early");
    expect(seen.map((s) => s.url)).toEqual(["/api/health", "/api/./health"]);
  });
});

describe("security headers", () => {
  it("API answers: nosniff, Referrer-Policy, a policy that allows nothing and no framing; no HSTS over HTTP", async () => {
    const res = parse(await get("/api/health"));
    expect(res.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });

  it("pages: a fresh nonce per request, in the response and in the request Next renders with (a client's own replaced)", async () => {
    const first = parse(await get("/concerts/1", "Content-Security-Policy: script-src 'nonce-attacker'\r\n"));
    const second = parse(await get("/concerts/1"));
    const policy = first.headers["content-security-policy"]!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(second.headers["content-security-policy"]).not.toBe(policy);
    expect(seen[0]!.headers["content-security-policy"]).toBe(policy);
  });

  it("HSTS only when a trusted proxy says the client came over HTTPS", async () => {
    const spoofed = parse(await get("/api/health", "X-Forwarded-Proto: https\r\n"));
    expect(spoofed.headers["strict-transport-security"]).toBeUndefined();
    const proxied = parse(
      await raw(
        "GET /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-Proto: https\r\n\r\n",
        "127.0.0.2",
      ),
    );
    expect(proxied.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(proxied.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });
});

describe("client address", () => {
  it("is the peer; a header the client sent is replaced, and X-Forwarded-For counts only from a trusted proxy", async () => {
    await get("/api/health", `${CLIENT_ADDRESS_HEADER}: 6.6.6.6\r\nX-Forwarded-For: 7.7.7.7\r\n`);
    expect(seen[0]!.headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    await raw(
      "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: 7.7.7.7, 203.0.113.8\r\n\r\n",
      "127.0.0.2",
    );
    expect(seen[1]!.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.8");
  });
});
