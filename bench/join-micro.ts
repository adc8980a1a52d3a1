import { runInProcess } from "./lib/in-process";

// Profiling aid for the queue join (endpoint 1) on the Redis store: each part of a join in-process, no HTTP,
// at concurrency 64, with CPU per call: the cookie's JWT, the session check (Redis once the first round has
// read it from Postgres), the room read (Postgres, and the store's copy for joins), the use case, and
// the whole route handler. `npx tsx --conditions=react-server bench/join-micro.ts`.
async function measure(label: string, n: number, work: (i: number) => Promise<unknown>) {
  let i = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (i < n) await work(i++);
    }),
  );
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(28)} ${(n / ((performance.now() - t0) / 1000)).toFixed(0).padStart(7)}/s  CPU ${((used.user + used.system) / 1000 / n).toFixed(3)} ms each`,
  );
}

void runInProcess(async () => {
  const { prisma } = await import("../lib/db/prisma");
  const { issueQueueToken } = await import("../lib/queue/issue-queue-token");
  const { issueQueueTokenRoute } = await import("../lib/queue/queue-routes");
  const { findRoom } = await import("../lib/queue/find-room");
  const { queueStore } = await import("../lib/queue/queue-store-instance");
  const { sessionFromCookie } = await import("../lib/auth/session-cookie");
  const { isSessionLive } = await import("../lib/auth/sessions");
  const { requireIdentity } = await import("../lib/auth/resolve-identity");
  const { createFans, identityHeaders } = await import("./lib/fixtures");

  const fans = await createFans(prisma, 8000);
  const { sessionCache } = await import("../lib/auth/session-cache");
  await queueStore().findRoomForJoin(null); // connects the store's Redis client
  // Signed in as sign-in does it: each session is in the Redis store's session cache.
  const headers = await identityHeaders(prisma, fans, "cookie", process.env.AUTH_SECRET!, async (list) => {
    for (const s of list) await sessionCache()!.remember(s.id, s.userId, true);
  });
  const cookieOf = (i: number) => headers[i % headers.length]!.cookie!;
  const sessions = await Promise.all(headers.slice(0, 2000).map((h) => sessionFromCookie(h.cookie!)));
  const request = (i: number) =>
    new Request(`http://127.0.0.1/api/queue/token/users/${fans[i]}`, {
      method: "POST",
      headers: { cookie: cookieOf(i), origin: "http://127.0.0.1", "content-type": "application/json" },
    });
  for (let round = 0; round < 2; round++) {
    console.log(`-- round ${round + 1}`);
    await measure("JWT decode", 2000, (i) => sessionFromCookie(cookieOf(i)));
    await measure("session check", 2000, (i) => isSessionLive(sessions[i]!.sid, sessions[i]!.userId));
    await measure("room read (Prisma)", 2000, () => findRoom(null));
    await measure("room for a join (store)", 2000, () => queueStore().findRoomForJoin(null));
    await measure("requireIdentity", 2000, (i) => requireIdentity(request(i)));
  }
  let next = 0;
  await measure("join use case", 2500, () => issueQueueToken(fans[next++]!, null, new Date()));
  await measure("join route", 2500, async () => {
    const i = next++;
    const res = await issueQueueTokenRoute(request(i), { params: Promise.resolve({ userId: String(fans[i]) }) });
    if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  });
});
