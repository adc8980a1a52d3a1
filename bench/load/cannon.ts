import autocannon, { type Request as CannonRequest } from "autocannon";
import type { CannonJob, CannonResult, Req } from "./protocol";

// Throughput runs: autocannon with one shared cursor over the request list, so that e.g. each fan in the
// list joins the queue once, whichever connection sends it.
export async function runCannon(job: CannonJob): Promise<CannonResult> {
  const cursor = { next: 0, wrapped: 0 };
  const pick = (): Req => {
    if (cursor.next >= job.requests.length) {
      cursor.next = 0;
      cursor.wrapped++;
    }
    const req = job.requests[cursor.next++];
    if (!req) throw new Error("cannon job has no requests to send");
    return req;
  };
  const options = (seconds: number | undefined, amount: number | undefined) => ({
    url: job.base,
    connections: job.connections,
    // autocannon rejects an explicit `duration: undefined`.
    ...(amount === undefined ? { duration: seconds } : { amount }),
    timeout: 30,
    requests: [
      {
        setupRequest: (req: CannonRequest) => {
          const r = pick();
          return {
            ...req,
            method: r.method,
            path: r.path,
            headers: { ...r.headers, ...(r.body ? { "content-type": "application/json" } : {}) },
            body: r.body,
          };
        },
      },
    ],
  });
  if (job.warmupSeconds) {
    await autocannon(options(job.warmupSeconds, undefined));
    cursor.wrapped = 0;
  }
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const instance = autocannon(options(job.duration, job.amount));
  instance.on("response", () => {
    lastResponseAt = performance.now();
  });
  const result = await instance;
  const used = process.cpuUsage(cpu);
  // autocannon notices the end only at its next 1 s sample, so its own duration is rounded up to whole
  // seconds: a 500-request race would read as 500 req/s or 250 req/s. Time it from the responses instead.
  const seconds = Math.max(0.001, (lastResponseAt - startedAt) / 1000);
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(count);
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requests: total,
    seconds,
    rps: total / seconds,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    statuses,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    wrapped: cursor.wrapped,
    generatorCpuSeconds: (used.user + used.system) / 1e6,
  };
}
