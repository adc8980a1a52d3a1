// How much failed sign-ins slow everyone else down: GET /api/health latency, probed one request at a time,
// while 16 clients send wrong passwords through next-auth's credentials endpoint as fast as it answers.
// The figures are in docs/BENCHMARKS.md ("Password hashing off the event loop").
//
//   npx tsx scripts/measure-sign-in-pressure.ts --url=http://127.0.0.1:3000 [--email=fan1@example.com]
//     [--clients=16] [--seconds=15]
//
// Point it at a production server (`npm start`, or scripts/serve.ts) started with RATE_LIMITS=off, so that the
// limit on failed sign-ins does not stop the load after ten attempts (measuring the hash, not the limiter).
// Prints the probe latencies before the load (idle) and under it, and the sign-in attempts answered.
import { performance } from "node:perf_hooks";

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"];
  }),
);
const base = String(args.url ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const email = String(args.email ?? "fan1@example.com");
const clients = Number(args.clients ?? 16);
const seconds = Number(args.seconds ?? 15);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `n=${s.length} median ${f(quantile(s, 0.5))} ms, p90 ${f(quantile(s, 0.9))} ms, p99 ${f(quantile(s, 0.99))} ms, max ${f(s.at(-1) ?? NaN)} ms`;
}

async function probe(untilMs: number): Promise<number[]> {
  const samples: number[] = [];
  while (performance.now() < untilMs) {
    const t = performance.now();
    const res = await fetch(`${base}/api/health`);
    await res.arrayBuffer();
    samples.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return samples;
}

/** next-auth's double-submit CSRF pair: the token and the cookie that goes with it. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { token: csrfToken, cookie };
}

async function failedSignIns(untilMs: number, statuses: Map<number, number>): Promise<void> {
  const { token, cookie } = await csrf();
  while (performance.now() < untilMs) {
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ email, password: "wrong-password", csrfToken: token, json: "true" }),
      redirect: "manual",
    });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
}

async function main() {
  await probe(performance.now() + 2_000); // warm-up
  const idle = await probe(performance.now() + 5_000);
  console.log(`idle:            ${summary(idle)}`);
  const until = performance.now() + seconds * 1000;
  const statuses = new Map<number, number>();
  const load = Array.from({ length: clients }, () => failedSignIns(until, statuses));
  const loaded = await probe(until);
  await Promise.all(load);
  console.log(`${clients} failed sign-ins: ${summary(loaded)}`);
  const answered = [...statuses].map(([status, n]) => `${status}: ${n}`).join(", ");
  console.log(`sign-in attempts answered in ${seconds} s: ${answered}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
