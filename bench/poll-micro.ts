import { randomBytes } from "node:crypto";
import { resetConfigForTests } from "../lib/config";
import { freshDatabase } from "./lib/database";

// Profiling aid: endpoint 3's handler in-process on the Redis store, no HTTP, N polls at concurrency C.
async function main() {
  const db = await freshDatabase(console.log);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    RATE_LIMITS: "off",
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_QUEUE_PREFIX: `micro:${randomBytes(3).toString("hex")}:`,
  });
  resetConfigForTests();
  const { prisma } = await import("../lib/db/prisma");
  const { issueQueueToken } = await import("../lib/queue/issue-queue-token");
  const { queueStatusRoute } = await import("../lib/queue/queue-routes");
  const { createFans } = await import("./lib/fixtures");
  try {
    const fans = await createFans(prisma, 400);
    const tokens: string[] = [];
    for (const id of fans) tokens.push((await issueQueueToken(id, null, new Date())).token);
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
  } catch (error) {
    console.error(error);
  } finally {
    await prisma.$disconnect();
    await db.drop();
    process.exit(0);
  }
}
void main();
