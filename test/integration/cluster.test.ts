import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { BALANCER_SOURCE, startCluster, type Cluster } from "../../scripts/cluster/start-cluster";
import { ensureAppBuild, HTTP_DIST_DIR } from "../helpers/app-server";
import { fund } from "../helpers/booking-fixtures";
import { createConcertWithSeats } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/http";
import { parsePrometheus, sample } from "../helpers/prometheus";
import { createUsers, resetQueue } from "../helpers/queue-fixtures";

// Three instances of the production build behind HAProxy (scripts/cluster/, what `npm run cluster` starts), on
// this file's database. A ticket drop through the balancer: fans join, poll as Retry-After says, and once admitted
// read the seat map, hold a seat and pay; a third of the way into the sale one instance is killed with SIGKILL.
// Checked from the database (an audit trigger records every admission with the instance that made it) and from
// what every fan saw. The client address rule is exercised through the balancer first.
const INSTANCES = 3;
const FANS = 150;
const SEATS = 45;
const CAPACITY = 15;
const PRICE = 10_000;
// Generous: CI machines run this several times slower than a quiet one; the sale itself takes ~10 s here.
const DROP_LIMIT_MS = 150_000;
const METRICS_TOKEN = `cluster-metrics-${randomBytes(8).toString("hex")}`;
const root = path.resolve(import.meta.dirname, "..", "..");

let cluster: Cluster;
beforeAll(async () => {
  await ensureAppBuild();
  cluster = await startCluster({
    root,
    instances: INSTANCES,
    port: 0,
    distDir: HTTP_DIST_DIR,
    env: {
      DATABASE_POOL_SIZE: "4",
      RATE_LIMITS: "on",
      RATE_LIMIT_SIGNUPS_PER_HOUR: "3",
      METRICS_TOKEN,
      QUEUE_ACTIVE_CAPACITY: String(CAPACITY),
    },
    // Each instance's database sessions are named after it, so the audit says who admitted whom.
    instanceEnv: (i) => {
      const url = new URL(process.env.DATABASE_URL!);
      url.searchParams.set("application_name", `app${i + 1}`);
      return { DATABASE_URL: url.toString() };
    },
  });
}, 600_000);
afterAll(async () => {
  await cluster?.stop();
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; from?: string } = {},
): Promise<Reply> {
  const started = performance.now();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        agent: options.from ? undefined : agent,
        localAddress: options.from,
        headers: { ...options.headers, ...(body ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: performance.now() - started }),
        );
        res.on("error", () => resolve({ status: 0, headers: {}, body: "", ms: performance.now() - started }));
      },
    );
    // A socket error (the instance died under the request) is status 0, like a 502: the fan tries again.
    req.on("error", () => resolve({ status: 0, headers: {}, body: "", ms: performance.now() - started }));
    req.end(body);
  });
}

const json = (reply: Reply) => {
  try {
    return JSON.parse(reply.body) as Record<string, unknown>;
  } catch {
    return {};
  }
};

describe("the client address rule through the balancer", () => {
  it("keys per-address limits on the address the balancer saw, whatever X-Forwarded-For the client wrote", async () => {
    const signUp = (from: string, forwarded?: string) =>
      request(cluster.url, "POST", "/api/users", {
        from,
        headers: forwarded ? { "x-forwarded-for": forwarded } : {},
        body: { email: `fan-${randomBytes(4).toString("hex")}@example.com`, password: "password123", name: "Fan" },
      });
    // Three sign-ups an hour per address (RATE_LIMIT_SIGNUPS_PER_HOUR), counted across instances: round robin
    // sends these to three different ones.
    for (let i = 0; i < 3; i++) expect((await signUp("127.0.0.5")).status).toBe(201);
    const fourth = await signUp("127.0.0.5", "198.51.100.7");
    expect(fourth.status).toBe(429);
    expect(json(fourth).error).toBe("rate_limited");
    // Another address is its own client, and claiming to be .5 does not make it .5.
    const other = await signUp("127.0.0.6", "127.0.0.5");
    expect(other.status).toBe(201);

    // The balancer names each request; the instance kept its id and logged the client it computed.
    const id = String(other.headers["x-request-id"]);
    expect(id).toMatch(/^[0-9A-F]+:[0-9A-F]+_[0-9A-F]+:[0-9A-F]+_[0-9A-F]+_[0-9A-F]+:[0-9A-F]+$/);
    const line = await findLogLine(id);
    expect(line).toMatchObject({ msg: "request", route: "/api/users", status: 201, client: "127.0.0.6" });
    // A client cannot choose its id: the balancer replaces it.
    const forged = await request(cluster.url, "GET", "/api/health", { headers: { "x-request-id": "mine" } });
    expect(forged.headers["x-request-id"]).not.toBe("mine");
    // The balancer is trusted, nobody else: straight to an instance, X-Forwarded-For is ignored.
    expect(BALANCER_SOURCE).toBe("127.0.0.2");
    // And the metrics are not reachable through it.
    expect(
      (await request(cluster.url, "GET", "/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))
        .status,
    ).toBe(404);
  });
});

async function findLogLine(requestId: string): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 50; i++) {
    for (const instance of cluster.instances) {
      for (const line of instance.output().split("\n")) {
        if (!line.includes(requestId) || !line.startsWith("{")) continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.reqId === requestId && parsed.msg === "request") return parsed;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

type Fan = {
  userId: number;
  headers: Record<string, string>;
  tokenIds: Set<number>;
  joins: number;
  positions: { at: number; position: number }[];
  outcome?: "bought" | "sold-out" | "waiting" | "error";
  error?: string;
  admittedAt?: number;
  retried: number;
};

describe("a ticket drop through the balancer, one instance killed mid-drop", () => {
  it("never exceeds capacity, admits each token once and in line order, never oversells, and nobody loses their place", async () => {
    await resetQueue({ capacity: CAPACITY });
    await prisma.$executeRawUnsafe(`CREATE TABLE queue_admission_audit (
      id bigserial PRIMARY KEY, token_id int NOT NULL, seq int NOT NULL, tx bigint NOT NULL, app text NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await prisma.$executeRawUnsafe(`CREATE FUNCTION queue_audit_admission() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO queue_admission_audit (token_id, seq, tx, app)
        VALUES (NEW.id, NEW.seq, txid_current(), current_setting('application_name'));
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER queue_audit_admission AFTER UPDATE ON queue_tokens FOR EACH ROW
      WHEN (OLD.status = 'WAIT' AND NEW.status = 'ACTIVE') EXECUTE FUNCTION queue_audit_admission()`);

    const concert = await createConcertWithSeats({ seats: SEATS, price: PRICE });
    const scheduleId = concert.schedules[0]!.id;
    const ids = await createUsers(FANS);
    const fans: Fan[] = [];
    for (const userId of ids) {
      await fund(userId, PRICE * 2);
      fans.push({
        userId,
        headers: await sessionCookie(userId),
        tokenIds: new Set(),
        joins: 0,
        positions: [],
        retried: 0,
      });
    }

    // Capacity, sampled from the database throughout (one statement: one snapshot).
    let maxActive = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row] = await prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM queue_tokens WHERE status = 'ACTIVE' AND expires_at > now()`;
        maxActive = Math.max(maxActive, row!.n);
        samples++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const started = performance.now();
    const deadline = started + DROP_LIMIT_MS;
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let sold = 0;
    let soldOutAt: number | undefined;
    let killedAt: number | undefined;
    let lostPayments = 0;
    const victim = cluster.instances[1]!;
    const paidAfterKill: number[] = [];
    const over = () => soldOutAt !== undefined || performance.now() > deadline;

    /** One request through the balancer; a 502/503/504 or a dropped socket is retried, as a fan's browser would. */
    const call = async (fan: Fan, method: string, p: string, headers: Record<string, string>, body?: unknown) => {
      for (let attempt = 0; ; attempt++) {
        const reply = await request(cluster.url, method, p, { headers: { ...fan.headers, ...headers }, body });
        latencies.push(reply.ms);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (![0, 502, 503, 504].includes(reply.status) || attempt >= 20) return reply;
        fan.retried++;
        await new Promise((r) => setTimeout(r, 100 + attempt * 100));
      }
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    /** The fan's own unpaid or paid reservation, when an answer was lost with the instance that gave it. */
    const myReservation = async (fan: Fan) => {
      const reply = await call(fan, "GET", "/api/me/reservations", {});
      const list = (json(reply).reservations ?? []) as { reservationId: number; status: string }[];
      return list.find((r) => r.status === "PAYMENT_PENDING" || r.status === "CONFIRMED");
    };

    const runFan = async (fan: Fan): Promise<void> => {
      const joined = await call(fan, "POST", `/api/queue/token/users/${fan.userId}`, {});
      fan.joins++;
      if (joined.status !== 200) throw new Error(`join answered ${joined.status} ${joined.body.slice(0, 200)}`);
      const token = String(json(joined).token);
      fan.tokenIds.add(Number(json(joined).tokenId));
      let status = String(json(joined).status);
      const auth = { authorization: `Bearer ${token}` };
      while (status !== "ACTIVE") {
        if (over()) {
          fan.outcome = soldOutAt !== undefined ? "sold-out" : "waiting";
          return;
        }
        const polled = await call(fan, "GET", "/api/queue/status", auth);
        if (polled.status !== 200) throw new Error(`status answered ${polled.status} ${polled.body.slice(0, 200)}`);
        const body = json(polled);
        status = String(body.status);
        if (typeof body.position === "number") fan.positions.push({ at: performance.now(), position: body.position });
        if (status === "ACTIVE") break;
        if (status !== "WAIT") throw new Error(`status ${status}: the fan lost their place`);
        const wait = Number(polled.headers["retry-after"] ?? 1);
        await Promise.race([sleep(wait * 1000), new Promise<void>((r) => setTimeout(r, DROP_LIMIT_MS))]);
      }
      fan.admittedAt = performance.now();
      for (let lost = 0; lost < 30;) {
        if (over()) {
          fan.outcome = soldOutAt !== undefined ? "sold-out" : "waiting";
          return;
        }
        const map = await call(fan, "GET", `/api/concerts/${concert.id}/schedules/${scheduleId}/seats`, auth);
        if (map.status !== 200) throw new Error(`seat map answered ${map.status} ${map.body.slice(0, 200)}`);
        const free = ((json(map).seats ?? []) as { seatId: number; seatStatus: string }[]).filter(
          (s) => s.seatStatus === "AVAILABLE",
        );
        if (!free.length) {
          await sleep(300); // only held seats left: one may come back, or the sale ends
          continue;
        }
        const seat = free[Math.floor(Math.random() * free.length)]!;
        const key = `hold-${fan.userId}-${seat.seatId}`;
        let hold = await call(
          fan,
          "POST",
          "/api/concerts/reservations",
          { ...auth, "idempotency-key": key },
          {
            userId: fan.userId,
            concertId: concert.id,
            scheduleId,
            seatId: seat.seatId,
          },
        );
        if (hold.status === 400) {
          lost++; // another fan was quicker: look again
          continue;
        }
        let reservationId: number | undefined;
        if (hold.status === 409) {
          // The instance died after holding, before the answer was stored: the hold is the fan's anyway.
          reservationId = (await myReservation(fan))?.reservationId;
          if (reservationId === undefined) continue;
        } else if (hold.status !== 200) {
          throw new Error(`hold answered ${hold.status} ${hold.body.slice(0, 200)}`);
        } else reservationId = Number(json(hold).reservationId);
        hold = await call(
          fan,
          "POST",
          `/api/payment/concerts/users/${fan.userId}`,
          { ...auth, "idempotency-key": `pay-${reservationId}` },
          {
            reservationId,
          },
        );
        if (hold.status === 409 && (await myReservation(fan))?.status !== "CONFIRMED") {
          // The instance that took this key died mid-payment, its lease with it (free again after a minute). The
          // database allows one payment per reservation, so the fan may pay under a new key: if the first
          // payment did commit after all, this one is refused and the reservation reads CONFIRMED.
          lostPayments++;
          const again = await call(
            fan,
            "POST",
            `/api/payment/concerts/users/${fan.userId}`,
            { ...auth, "idempotency-key": `pay-${reservationId}-again` },
            { reservationId },
          );
          if (again.status !== 200 && (await myReservation(fan))?.status !== "CONFIRMED") {
            throw new Error(`payment of ${reservationId} answered ${again.status} ${again.body.slice(0, 200)}`);
          }
        } else if (hold.status !== 200 && hold.status !== 409) {
          throw new Error(`payment answered ${hold.status} ${hold.body.slice(0, 200)}`);
        }
        fan.outcome = "bought";
        sold++;
        if (killedAt !== undefined) paidAfterKill.push(performance.now() - killedAt);
        if (sold === SEATS) soldOutAt = performance.now();
        // A third of the way into the sale, one instance dies without a goodbye.
        if (sold === Math.floor(SEATS / 3) && killedAt === undefined) {
          killedAt = performance.now();
          process.kill(victim.pid, "SIGKILL");
        }
        return;
      }
      fan.outcome = "error";
      fan.error = "lost 30 seats in a row";
    };

    await Promise.all(
      fans.map((fan) =>
        runFan(fan).catch((error: unknown) => {
          fan.outcome = "error";
          fan.error = (error as Error).message;
        }),
      ),
    );
    const elapsed = (soldOutAt ?? performance.now()) - started;
    sampling = false;
    await sampler;
    agent.destroy();

    // Every fan ended well: bought, told it was sold out, or still waiting in their place.
    const errors = fans.filter((f) => f.outcome === "error").map((f) => f.error);
    expect(errors).toEqual([]);
    expect(soldOutAt, `sold ${sold} of ${SEATS}`).toBeDefined();
    expect(killedAt).toBeDefined();
    expect(victim.alive()).toBe(false);

    // Capacity never exceeded while sampled.
    expect(samples).toBeGreaterThan(50);
    expect(maxActive).toBeLessThanOrEqual(CAPACITY);

    // Zero oversell: one confirmed reservation per sold seat, as many as seats, none live twice.
    const [seats] = await prisma.$queryRaw<{ sold: number; confirmed: number; doubled: number }[]>`
      SELECT (SELECT count(*) FROM seats WHERE schedule_id = ${scheduleId} AND sold_at IS NOT NULL)::int AS sold,
        (SELECT count(*) FROM reservations r JOIN seats s ON s.id = r.seat_id
          WHERE s.schedule_id = ${scheduleId} AND r.status = 'CONFIRMED')::int AS confirmed,
        (SELECT count(*) FROM (SELECT seat_id FROM reservations WHERE status IN ('CONFIRMED', 'PAYMENT_PENDING')
          GROUP BY seat_id HAVING count(*) > 1) d)::int AS doubled`;
    expect(seats).toEqual({ sold: SEATS, confirmed: SEATS, doubled: 0 });

    // Every balance equals its ledger, and nobody paid twice.
    const [money] = await prisma.$queryRaw<{ off: number; twice: number }[]>`
      SELECT (SELECT count(*) FROM users u WHERE u.balance <> COALESCE((SELECT sum(amount) FROM wallet_ledger l
          WHERE l.user_id = u.id), 0))::int AS off,
        (SELECT count(*) FROM (SELECT reservation_id FROM payment_lines GROUP BY reservation_id HAVING count(*) > 1) t)::int AS twice`;
    expect(money).toEqual({ off: 0, twice: 0 });

    // No token admitted twice; admitted in line order (each admitting transaction after the previous one's
    // join numbers), exactly the first fans of the line; admissions by more than one instance, and after the kill
    // only by the survivors.
    const audit = await prisma.$queryRaw<
      { id: bigint; tokenId: number; seq: number; tx: bigint; app: string; at: Date }[]
    >`
      SELECT id, token_id AS "tokenId", seq, tx, app, at FROM queue_admission_audit ORDER BY id`;
    expect(new Set(audit.map((a) => a.tokenId)).size).toBe(audit.length);
    expect(audit.map((a) => a.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: audit.length }, (_, i) => i + 1),
    );
    const byTx = new Map<bigint, { first: bigint; min: number; max: number }>();
    for (const a of audit) {
      const t = byTx.get(a.tx) ?? { first: a.id, min: a.seq, max: a.seq };
      byTx.set(a.tx, { first: t.first, min: Math.min(t.min, a.seq), max: Math.max(t.max, a.seq) });
    }
    const ticks = [...byTx.values()].sort((a, b) => (a.first < b.first ? -1 : 1));
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.min).toBeGreaterThan(ticks[i - 1]!.max);
    const apps = new Set(audit.map((a) => a.app));
    expect(apps.size).toBeGreaterThanOrEqual(2);
    const killedAtWall = new Date(Date.now() - (performance.now() - killedAt!));
    const afterKill = audit.filter((a) => a.at.getTime() > killedAtWall.getTime() + 1_000);
    expect(afterKill.length).toBeGreaterThan(0);
    expect(afterKill.filter((a) => a.app === victim.name)).toEqual([]);

    // Nobody lost their place: one join and one token per fan, in the database too, and the position each fan
    // was shown never went up, the kill included.
    for (const fan of fans) {
      expect(fan.joins).toBe(1);
      expect(fan.tokenIds.size).toBe(1);
      for (let i = 1; i < fan.positions.length; i++) {
        expect(fan.positions[i]!.position, `fan ${fan.userId}`).toBeLessThanOrEqual(fan.positions[i - 1]!.position);
      }
    }
    const [tokens] = await prisma.$queryRaw<{ n: number; users: number }[]>`
      SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM queue_tokens`;
    expect(tokens).toEqual({ n: FANS, users: FANS });
    expect(paidAfterKill.length).toBe(SEATS - Math.floor(SEATS / 3));

    // Each surviving instance's metrics: its own HTTP counts, and the same sale as the database.
    let served = 0;
    for (const instance of cluster.instances.filter((i) => i.alive())) {
      const scraped = await request(instance.url, "GET", "/api/metrics", {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(scraped.status).toBe(200);
      const m = parsePrometheus(scraped.body);
      expect(sample(m, "ticketing_seats_sold", { room: "1" })).toBe(SEATS);
      expect(sample(m, "ticketing_queue_admitted", { room: "1" })).toBe(audit.length);
      served += m
        .filter((s) => s.name === "ticketing_http_request_duration_seconds_count")
        .reduce((sum, s) => sum + s.value, 0);
    }
    expect(served).toBeGreaterThan(0);

    const sorted = latencies.slice().sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
    const failedByKill =
      (statuses["0"] ?? 0) + (statuses["502"] ?? 0) + (statuses["503"] ?? 0) + (statuses["504"] ?? 0);
    const outcomes: Record<string, number> = {};
    for (const f of fans) outcomes[f.outcome ?? "?"] = (outcomes[f.outcome ?? "?"] ?? 0) + 1;
    console.log(
      `cluster drop: ${INSTANCES} instances behind HAProxy, ${FANS} fans, ${SEATS} seats, capacity ${CAPACITY}: ` +
        `sold out in ${(elapsed / 1000).toFixed(1)} s; ${latencies.length} requests, ` +
        `${(latencies.length / (elapsed / 1000)).toFixed(0)} req/s through the balancer; ` +
        `latency p50 ${pct(50).toFixed(1)} ms, p90 ${pct(90).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${pct(100).toFixed(0)} ms; ` +
        `statuses ${JSON.stringify(statuses)}; kill at sale ${Math.floor(SEATS / 3)} (${((killedAt! - started) / 1000).toFixed(1)} s): ` +
        `${failedByKill} answers lost (0/502/503/504), ${fans.reduce((n, f) => n + f.retried, 0)} retries, ` +
        `first payment after the kill ${paidAfterKill[0]?.toFixed(0)} ms later, ${lostPayments} payments paid again under a new key; ` +
        `admissions by ${[...apps].sort().join(", ")}; max live ACTIVE ${maxActive} (${samples} samples); outcomes ${JSON.stringify(outcomes)}`,
    );
  }, 240_000);
});
