import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { bearerMatches, metricsRoute } from "./metrics-route";

// The refusals of /api/metrics (the scrape itself is test/integration/metrics.test.ts, against a real server).
let server: http.Server | undefined;
afterEach(() => server?.close());

async function serve(token: string | undefined): Promise<string> {
  const route = metricsRoute(() => token);
  server = http.createServer((req, res) => {
    void route(req, res).then((answered) => {
      if (!answered) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("metricsRoute", () => {
  it("does not exist while METRICS_TOKEN is unset: the API's 404", async () => {
    const base = await serve(undefined);
    const res = await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer anything-at-all-1234" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 404, error: "not_found" });
  });

  it("asks for the bearer token when one is set, and passes other paths on", async () => {
    const base = await serve("a-token-of-sixteen-chars");
    const res = await fetch(`${base}/api/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect((await fetch(`${base}/api/metrics`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${base}/api/metricsx`)).status).toBe(204);
  });

  it("compares tokens exactly", () => {
    expect(bearerMatches("Bearer abc", "abc")).toBe(true);
    expect(bearerMatches("bearer abc ", "abc")).toBe(true);
    expect(bearerMatches("Bearer abcd", "abc")).toBe(false);
    expect(bearerMatches("Bearer", "abc")).toBe(false);
    expect(bearerMatches(undefined, "abc")).toBe(false);
    expect(bearerMatches("Basic abc", "abc")).toBe(false);
  });
});
