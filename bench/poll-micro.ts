import { runInProcess } from "./lib/in-process";

// Profiling aid: endpoint 3's handler in-process on the Redis store, no HTTP, N polls at concurrency C.
void runInProcess(async () => {
  const { prisma } = await import("../lib/db/prisma");
  const { issueQueueToken } = await import("../lib/queue/issue-queue-token");
  const { queueStatusRoute } = await import("../lib/queue/queue-routes");
  const { createFans, identityHeaders } = await import("./lib/fixtures");
  const fans = await createFans(prisma, 3000);
  const tokens: string[] = [];
  for (const id of fans.slice(0, 400)) tokens.push((await issueQueueToken(id, null, new Date())).token);
  // Joins (the use case, no identity) at concurrency 64, then identity alone (a session cookie) likewise.
  const rest = fans.slice(400);
  let i = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (i < rest.length) await issueQueueToken(rest[i++]!, null, new Date());
    }),
  );
  const used0 = process.cpuUsage(cpu0);
  console.log(
    `join c=64: ${(rest.length / ((performance.now() - t0) / 1000)).toFixed(0)} joins/s, CPU ${((used0.user + used0.system) / 1000 / rest.length).toFixed(3)} ms/join`,
  );
  const cookies = await identityHeaders(prisma, rest.slice(0, 1000), "cookie", process.env.AUTH_SECRET!);
  const { requireIdentity } = await import("../lib/auth/resolve-identity");
  let j = 0;
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (j < cookies.length) {
        const h = cookies[j++]!;
        await requireIdentity({
          method: "GET",
          url: "http://x/",
          headers: { get: (n: string) => (n === "cookie" ? h.cookie! : null) },
        } as unknown as Request);
      }
    }),
  );
  const used1 = process.cpuUsage(cpu1);
  console.log(
    `identity (cookie) c=64: ${(cookies.length / ((performance.now() - t1) / 1000)).toFixed(0)}/s, CPU ${((used1.user + used1.system) / 1000 / cookies.length).toFixed(3)} ms each`,
  );
  const shim = (token: string) =>
    ({
      method: "GET",
      url: "http://x/api/queue/status",
      headers: { get: (n: string) => (n === "authorization" ? `Bearer ${token}` : null) },
    }) as unknown as Request;
  const ctx = { params: Promise.resolve({}) };
  for (const c of [1, 64]) {
    const n = 6000;
    let i = 0;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (i < n) {
          const res = await queueStatusRoute(shim(tokens[i++ % tokens.length]!), ctx);
          await res.arrayBuffer();
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    console.log(
      `c=${c}: ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} polls/s, CPU ${((used.user + used.system) / 1000 / n).toFixed(3)} ms/poll`,
    );
  }
});
