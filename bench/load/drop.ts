import { createClient, parseJson, retryAfterSeconds, type Reply } from "./http-client";
import { latencyOf, type DropFanResult, type DropJob, type DropResult } from "./protocol";

// Scenario 7, the ticket drop: every fan joins at once, polls as the server's Retry-After says, and when
// admitted reads the seat map, holds a random AVAILABLE seat (another one if it loses the race) and pays.
const MAX_SEAT_ATTEMPTS = 20;

export async function runDrop(job: DropJob): Promise<DropResult> {
  const client = createClient(job.base, job.maxSockets);
  const started = performance.now();
  const deadline = started + job.limitSeconds * 1000;
  const cpu = process.cpuUsage();
  const latencies: Record<string, number[]> = {};
  const all: number[] = [];
  const statuses: Record<string, Record<string, number>> = {};
  const retryAfters: number[] = [];
  let missingRetryAfter = 0;
  const burstLatencies: number[] = [];
  const burstPerSecond: number[] = job.burst
    ? Array.from({ length: Math.ceil(job.burst.windowMs / 1000) }, () => 0)
    : [];
  let sold = 0;
  let soldOutAtMs: number | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const isStopped = () => soldOutAtMs !== undefined || performance.now() >= deadline;
  const limitTimer = setTimeout(stop, job.limitSeconds * 1000);

  const call = async (
    kind: string,
    fan: DropFanResult,
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Reply> => {
    const reply = await client.request(method, path, headers, body);
    fan.requests++;
    (latencies[kind] ??= []).push(reply.ms);
    all.push(reply.ms);
    if (kind === "status" && job.burst) {
      const sentAt = Date.now() - reply.ms - job.burst.atEpochMs;
      if (sentAt >= 0 && sentAt < job.burst.windowMs) {
        burstLatencies.push(reply.ms);
        const second = Math.floor(sentAt / 1000);
        burstPerSecond[second] = (burstPerSecond[second] ?? 0) + 1;
      }
    }
    const byStatus = (statuses[kind] ??= {});
    byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
    return reply;
  };
  const sleep = (seconds: number) =>
    Promise.race([new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000)), stopped]);

  const seatsPath = `/api/concerts/${job.concertId}/schedules/${job.scheduleId}/seats`;

  async function fan(identity: DropJob["fans"][number]): Promise<DropFanResult> {
    const result: DropFanResult = { userId: identity.userId, outcome: "never-admitted", requests: 0 };
    const joinPath = `/api/queue/token/users/${identity.userId}`;
    let token: string | undefined;
    let status: string | undefined;
    const join = async () => {
      const reply = await call("join", result, "POST", joinPath, identity.headers, job.joinBody);
      const body = parseJson(reply.body);
      if (reply.status >= 300 || typeof body?.token !== "string")
        throw new Error(`join answered ${reply.status} ${reply.body.slice(0, 200)}`);
      token = body.token;
      status = String(body.status);
      result.tokenId = Number(body.tokenId);
      result.joinedAtMs ??= performance.now() - started;
    };
    try {
      await join();
      // The waiting room: poll at once, then as often as Retry-After says.
      while (status !== "ACTIVE") {
        if (isStopped()) return { ...result, outcome: result.admittedAtMs ? "stopped" : "never-admitted" };
        const reply = await call("status", result, "GET", "/api/queue/status", { authorization: `Bearer ${token}` });
        const body = parseJson(reply.body);
        if (reply.status !== 200) throw new Error(`status answered ${reply.status} ${reply.body.slice(0, 200)}`);
        status = String(body?.status);
        if (status === "ACTIVE") break;
        if (status === "EXPIRED") {
          await join();
          continue;
        }
        const wait = retryAfterSeconds(reply.headers["retry-after"]);
        if (wait === undefined) missingRetryAfter++;
        else retryAfters.push(wait);
        await sleep(wait ?? 1);
      }
      result.admittedAtMs = performance.now() - started;
      const auth = { ...identity.headers, authorization: `Bearer ${token}` };
      for (let attempt = 0; attempt < MAX_SEAT_ATTEMPTS; attempt++) {
        if (soldOutAtMs !== undefined) return { ...result, outcome: "sold-out" };
        const map = await call("seats", result, "GET", seatsPath, auth);
        if (map.status !== 200) throw new Error(`seat map answered ${map.status} ${map.body.slice(0, 200)}`);
        const seats = (parseJson(map.body)?.seats ?? []) as { seatId: number; seatStatus: string }[];
        const available = seats.filter((s) => s.seatStatus === "AVAILABLE");
        if (!available.length) return { ...result, outcome: "sold-out" };
        const seat = available[Math.floor(Math.random() * available.length)];
        if (!seat) throw new Error(`no seat picked out of ${available.length} available`);
        const hold = await call("reserve", result, "POST", "/api/concerts/reservations", auth, {
          userId: identity.userId,
          concertId: job.concertId,
          scheduleId: job.scheduleId,
          seatId: seat.seatId,
        });
        if (hold.status === 400) continue; // lost the race for that seat: look again
        if (hold.status !== 200) throw new Error(`reservation answered ${hold.status} ${hold.body.slice(0, 200)}`);
        const reservationId = Number(parseJson(hold.body)?.reservationId);
        const paid = await call("pay", result, "POST", `/api/payment/concerts/users/${identity.userId}`, auth, {
          reservationId,
        });
        if (paid.status !== 200) throw new Error(`payment answered ${paid.status} ${paid.body.slice(0, 200)}`);
        result.paidAtMs = performance.now() - started;
        if (++sold >= job.seats) {
          soldOutAtMs = result.paidAtMs;
          stop();
        }
        return { ...result, outcome: "bought" };
      }
      return { ...result, outcome: "gave-up" };
    } catch (error) {
      return { ...result, outcome: "error", error: (error as Error).message };
    }
  }

  const fans = await Promise.all(job.fans.map(fan));
  clearTimeout(limitTimer);
  client.agent.destroy();
  const used = process.cpuUsage(cpu);
  const requestsByKind = Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, v.length]));
  const sorted = retryAfters.sort((a, b) => a - b);
  return {
    fans,
    soldOutAtMs,
    elapsedMs: performance.now() - started,
    requestsByKind,
    latencyByKind: Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, latencyOf(v)])),
    latencyAll: latencyOf(all),
    statusesByKind: statuses,
    retryAfter: {
      min: sorted[0] ?? 0,
      median: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
      missing: missingRetryAfter,
    },
    generatorCpuSeconds: (used.user + used.system) / 1e6,
    ...(job.burst
      ? { burst: { latency: latencyOf(burstLatencies), polls: burstLatencies.length, perSecond: burstPerSecond } }
      : {}),
  };
}
