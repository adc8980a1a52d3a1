import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haproxyConfig } from "../../scripts/cluster/haproxy-config";
import { BALANCER_SOURCE, freePort, haproxyBinary } from "../../scripts/cluster/start-cluster";

// The balancer's routing of `npm run cluster` and deploy/haproxy/haproxy.cfg (the same condition, QUEUE_ROUTE):
// endpoints 1-3, with the methods the lean adapter answers, go to the waiting room's own processes, everything
// else to the app. Real HAProxy in front of two stand-in servers that answer with their own name.

let dir: string;
let balancer: ChildProcess;
let base: string;
const servers: http.Server[] = [];

async function standIn(name: string): Promise<number> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" }).end(req.url === "/api/health" ? "ok" : name);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return port;
}

beforeAll(async () => {
  const haproxy = haproxyBinary();
  if (!haproxy) throw new Error("haproxy is not installed (Debian: apt-get install haproxy; .ci/run installs it)");
  const [app, queue, port] = [await standIn("app"), await standIn("queue"), await freePort()];
  dir = mkdtempSync(path.join(os.tmpdir(), "balancer-routing-"));
  const config = path.join(dir, "haproxy.cfg");
  writeFileSync(
    config,
    haproxyConfig({
      bind: { host: "127.0.0.1", port },
      source: BALANCER_SOURCE,
      instances: [{ name: "app1", port: app }],
      queueInstances: [{ name: "queue1", port: queue }],
      checkIntervalMs: 200,
    }),
  );
  balancer = spawn(haproxy, ["-db", "-f", config], { stdio: "ignore" });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${base}/api/queue/status`).then(
      async (r) => (await r.text()) === "queue",
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the balancer did not route to the queue stand-in");
}, 30_000);

afterAll(async () => {
  balancer?.kill("SIGKILL");
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function servedBy(method: string, p: string): Promise<string> {
  const res = await fetch(`${base}${p}`, { method });
  return res.text();
}

describe("the balancer sends the crowd's endpoints to the waiting room's processes", () => {
  it("routes endpoints 1-3 there, and every other path or method to the app", async () => {
    const cases: [string, string, "queue" | "app"][] = [
      ["GET", "/api/queue/status", "queue"],
      ["GET", "/api/queue/status?x=1", "queue"],
      ["POST", "/api/queue/token/users/12", "queue"],
      ["GET", "/api/queue/token/users/12?concertId=3", "queue"],
      ["POST", "/api/queue/status", "app"],
      ["DELETE", "/api/queue/token/users/12", "app"],
      ["GET", "/api/queue/status/", "app"],
      ["GET", "/api/queue/token/users/12/extra", "app"],
      ["GET", "/api/concerts", "app"],
      ["GET", "/", "app"],
    ];
    for (const [method, p, expected] of cases) expect(await servedBy(method, p), `${method} ${p}`).toBe(expected);
  });
});
