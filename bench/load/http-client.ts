import http from "node:http";

// A minimal keep-alive HTTP client for the simulated fans (node:http is much lighter than fetch here).
export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

export function createClient(base: string, maxSockets: number) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    agent,
    request(method: "GET" | "POST", path: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
      const started = performance.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers:
              payload === undefined
                ? headers
                : { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
            timeout: 30_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString(),
                ms: performance.now() - started,
              }),
            );
            res.on("error", () => resolve({ status: 0, headers: {}, body: "", ms: performance.now() - started }));
          },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (e) =>
          resolve({ status: 0, headers: {}, body: String(e.message), ms: performance.now() - started }),
        );
        req.end(payload);
      });
    },
  };
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

export function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
