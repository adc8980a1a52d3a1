import "server-only";
import client, { type Registry } from "prom-client";
import { config } from "../config";
import { databasePool, prisma } from "../db/prisma";
import { observedAdmissionRate } from "../queue/queue-rules";
import { queueStore } from "../queue/queue-store-instance";
import { logger } from "./logger";

// What /api/metrics exposes (Prometheus text format, prom-client). Two kinds of numbers, and they aggregate
// differently across instances:
// - per process: HTTP latency per route, requests in flight, the database pool, Node's own (CPU, memory, event
//   loop lag, GC). Each instance counts only its own; Prometheus sums them (`sum by (route)`).
// - per room, for the whole sale: line depth, ACTIVE fans, admission rate, holds, sales. They are read from the
//   queue store and the database at scrape time, never counted in a process, so every instance reports the same
//   truth and a restarted or killed instance loses nothing; aggregate them with `max by (room)`, never sum.
// The registry lives on globalThis: the HTTP server records requests, and it is one registry per process.

const REGISTRY_KEY = Symbol.for("ticketing.metrics-registry");
const shared = globalThis as unknown as Record<symbol, unknown>;

type Metrics = {
  registry: Registry;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  inFlight: client.Gauge;
  domain: {
    waiting: client.Gauge<"room">;
    active: client.Gauge<"room">;
    capacity: client.Gauge<"room">;
    admissionRate: client.Gauge<"room">;
    admitted: client.Gauge<"room">;
    held: client.Gauge<"room">;
    sold: client.Gauge<"room">;
    up: client.Gauge;
  };
};

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new client.Gauge<L>({ name, help, labelNames, registers: [registry] });
  // Read at scrape time from the pool itself.
  new client.Gauge({
    name: "ticketing_db_pool_connections",
    help: "Database pool connections of this process, by state (busy = total - idle)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const p = databasePool();
      this.set({ state: "total" }, p?.totalCount ?? 0);
      this.set({ state: "idle" }, p?.idleCount ?? 0);
      this.set({ state: "busy" }, p ? p.totalCount - p.idleCount : 0);
    },
  });
  new client.Gauge({
    name: "ticketing_db_pool_max",
    help: "Largest number of connections this process's pool opens (DATABASE_POOL_SIZE)",
    registers: [registry],
    collect() {
      this.set(databasePool()?.options.max ?? config().DATABASE_POOL_SIZE);
    },
  });
  new client.Gauge({
    name: "ticketing_db_pool_waiting_requests",
    help: "Queries of this process waiting for a free pool connection",
    registers: [registry],
    collect() {
      this.set(databasePool()?.waitingCount ?? 0);
    },
  });
  const room = ["room"] as "room"[];
  return {
    registry,
    httpDuration: new client.Histogram({
      name: "ticketing_http_request_duration_seconds",
      help: "Time from request to the end of the response, by route pattern (this process)",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    inFlight: gauge("ticketing_http_requests_in_flight", "Requests this process is answering now"),
    domain: {
      waiting: gauge("ticketing_queue_waiting", "Fans in the room's line (pre-queue entrants included)", room),
      active: gauge("ticketing_queue_active", "Fans admitted (ACTIVE) in the room", room),
      capacity: gauge("ticketing_queue_active_capacity", "The room's ACTIVE capacity", room),
      admissionRate: gauge(
        "ticketing_queue_admission_rate",
        "Admissions per second over the last minute (sliding window, as fans' waits are estimated)",
        room,
      ),
      admitted: gauge("ticketing_queue_admitted", "Fans admitted by the room so far", room),
      held: gauge("ticketing_seats_held", "Seats held for payment now, by the room they sell through", room),
      sold: gauge("ticketing_seats_sold", "Seats sold, by the room they sell through", room),
      up: gauge("ticketing_domain_metrics_up", "1 when the last scrape could read the store and database, else 0"),
    },
  };
}

export function metrics(): Metrics {
  return (shared[REGISTRY_KEY] ??= create()) as Metrics;
}

type RoomRow = {
  roomId: number;
  capacity: number | null;
  admittedTotal: number | null;
  windowStartedAt: Date | null;
  windowCount: number | null;
  previousWindowCount: number | null;
};

/** Reads the sale's state into the domain gauges; one refresh at a time, at most one a second. */
let refreshing: Promise<void> | undefined;
let refreshedAt = 0;

export function refreshDomainGauges(now = new Date()): Promise<void> {
  if (refreshing) return refreshing;
  if (now.getTime() - refreshedAt < 1_000) return Promise.resolve();
  refreshing = readDomain(now).finally(() => {
    refreshing = undefined;
    refreshedAt = Date.now();
  });
  return refreshing;
}

async function readDomain(now: Date): Promise<void> {
  const { domain } = metrics();
  try {
    const [rooms, seats] = await Promise.all([
      prisma.$queryRaw<RoomRow[]>`
        SELECT r.id AS "roomId", r.active_capacity AS capacity, a.admitted_total AS "admittedTotal",
          a.window_started_at AS "windowStartedAt", a.window_count AS "windowCount",
          a.previous_window_count AS "previousWindowCount"
        FROM queue_rooms r LEFT JOIN queue_admission a ON a.room_id = r.id
        WHERE r.closed_at IS NULL OR r.closed_at > ${now}::timestamptz - interval '1 day'
        ORDER BY r.id`,
      // A concert without a room of its own sells through the general room (1).
      prisma.$queryRaw<{ roomId: number; held: number; sold: number }[]>`
        SELECT COALESCE(q.id, 1) AS "roomId",
          count(*) FILTER (WHERE s.sold_at IS NULL AND s.hold_expires_at > ${now}::timestamptz)::int AS held,
          count(*) FILTER (WHERE s.sold_at IS NOT NULL)::int AS sold
        FROM seats s JOIN schedules x ON x.id = s.schedule_id LEFT JOIN queue_rooms q ON q.concert_id = x.concert_id
        GROUP BY 1`,
    ]);
    const counts = await Promise.all(rooms.map((r) => queueStore().roomCounts(r.roomId)));
    const envCapacity = config().QUEUE_ACTIVE_CAPACITY;
    for (const g of [domain.waiting, domain.active, domain.capacity, domain.admissionRate, domain.admitted]) g.reset();
    rooms.forEach((r, i) => {
      const room = String(r.roomId);
      const count = counts[i]!;
      domain.waiting.set({ room }, count.waiting);
      domain.active.set({ room }, count.active);
      domain.capacity.set({ room }, r.capacity ?? envCapacity);
      domain.admitted.set({ room }, r.admittedTotal ?? 0);
      const rate = observedAdmissionRate(
        { startedAt: r.windowStartedAt, count: r.windowCount ?? 0, previousCount: r.previousWindowCount ?? 0 },
        now,
      );
      domain.admissionRate.set({ room }, rate ?? 0);
    });
    domain.held.reset();
    domain.sold.reset();
    for (const s of seats) {
      domain.held.set({ room: String(s.roomId) }, s.held);
      domain.sold.set({ room: String(s.roomId) }, s.sold);
    }
    domain.up.set(1);
  } catch (error) {
    domain.up.set(0);
    logger.warn({ err: error }, "metrics: could not read the sale's state");
  }
}

/** The exposition text of this process. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  await refreshDomainGauges();
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
