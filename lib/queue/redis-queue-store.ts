import "server-only";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Db, DbTx } from "../db/prisma";
import { firstRow, oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { findRoom, type Room } from "./find-room";
import { hasOtherPendingHoldSql } from "./postgres-queue-store";
import { ADMISSION_WINDOW_SECONDS, type QueueStatusValue } from "./queue-rules";
import type {
  AdmissionOutcome,
  AdmitOptions,
  CreatedToken,
  DrawOrder,
  DrawResult,
  PollRoom,
  PollRow,
  QueueStore,
  TokenRow,
} from "./queue-store";
import * as scripts from "./redis-queue-scripts";

// The waiting room on Redis (docs/decisions/0014-redis-queue-store.md): tokens, lines, admission and the draw's
// installation in Redis, each change one Lua script (redis-queue-scripts.ts); rooms' settings, seats and money
// stay in Postgres. Token ids come from Postgres's queue_tokens_id_seq in blocks, so an id is never reused even
// when Redis loses everything; the epoch key tells a Redis that lost its data from one that never had any.

/** Lapsed WAIT tokens retired per tick, as in the Postgres store. */
const SWEEP_BATCH = 1000;
/** Ids taken from Postgres at a time (one round trip per this many joins). */
const ID_BLOCK = 200;

type Json = Record<string, unknown>;

type ScriptName =
  | "join"
  | "touch"
  | "poll"
  | "admit"
  | "room"
  | "roomForJoin"
  | "roomForJoinFill"
  | "soldOut"
  | "draw"
  | "extend"
  | "endActive"
  | "postpone";
const SOURCES: Record<ScriptName, string> = {
  join: scripts.JOIN,
  touch: scripts.TOUCH,
  poll: scripts.POLL,
  admit: scripts.ADMIT,
  room: scripts.ROOM,
  roomForJoin: scripts.ROOM_FOR_JOIN,
  roomForJoinFill: scripts.ROOM_FOR_JOIN_FILL,
  soldOut: scripts.SOLD_OUT,
  draw: scripts.DRAW,
  extend: scripts.EXTEND,
  endActive: scripts.END_ACTIVE,
  postpone: scripts.POSTPONE,
};

type RoomSettings = {
  concertId: number | null;
  prequeueOpensAt: Date | null;
  salesStartAt: Date | null;
  paused: boolean;
  closedAt: Date | null;
  drawnAt: Date | null;
  drawCommitment: string | null;
  activeCapacity: number | null;
  admitPerSecond: number | null;
  soldOut: boolean | null;
  onlyHeldLeft: boolean | null;
};

/** What polls show of a room (JSON in the room's state): its settings, not its line. */
type Facts = {
  concertId: number | null;
  prequeueOpensAt: number | null;
  salesStartAt: number | null;
  paused: boolean;
  closedAt: number | null;
  drawCommitment: string | null;
};

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const date = (n: unknown) => (typeof n === "number" ? new Date(n) : null);

/** A Redis that cannot answer, or lost what it had: the queue's state is unknown, so callers get a 503. */
export function queueUnavailable(detail = "the waiting room is unavailable, retry"): AppError {
  return new AppError("service_unavailable", detail, { "Retry-After": "2" });
}

/** Connection-level failures of ioredis (refused, closed, timed out, no offline queue): a 503, never a 500. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|LOADING|READONLY|MASTERDOWN|connect/i.test(
    error.message,
  );
}

export class RedisQueueStore implements QueueStore {
  private readonly shas = new Map<ScriptName, string>();
  private epoch: string | null = null;
  private ids: number[] = [];
  private idRefill: Promise<void> | null = null;
  private readonly factsLoading = new Map<number, Promise<Facts>>();
  private connecting: Promise<void> | null = null;

  constructor(
    readonly redis: Redis,
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  /** A client that fails fast while Redis is away (no offline queue, one retry), for the app and tests. */
  static connect(url: string, db: Db, prefix: string): RedisQueueStore {
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
      lazyConnect: false,
      // Commands issued in the same tick go out in one write: under a crowd's polls, one socket write per
      // command was the largest single cost of a poll (bench:queue's CPU profile, docs/BENCHMARKS.md).
      enableAutoPipelining: true,
    });
    let logged = false;
    client.on("error", (error) => {
      if (!logged) console.error(`queue store: Redis unreachable (${error.message}); joins and polls answer 503`);
      logged = true;
    });
    client.on("ready", () => (logged = false));
    return new RedisQueueStore(client, db, prefix);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  // ---- Plumbing: scripts by SHA, the epoch, failures as 503s.

  private async run(name: ScriptName, args: (string | number)[]): Promise<Json> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const epoch = await this.currentEpoch();
      const out = await this.evalScript(name, [this.prefix, epoch, ...args]);
      if (!("epoch" in out)) return out;
      if (out.epoch) {
        this.epoch = String(out.epoch); // another process started a new epoch: use it
        continue;
      }
      // The epoch key is gone: this Redis lost its data (or was never set up). Start a new epoch; tokens of
      // the old one are unknown from now on (404), and nothing they did can count twice.
      const lost = this.epoch !== null;
      this.epoch = null;
      await this.currentEpoch();
      if (lost) {
        console.error("queue store: Redis lost the waiting room's state (no epoch); started a new one");
        throw queueUnavailable("the waiting room lost its state; join again");
      }
    }
    throw queueUnavailable();
  }

  private async evalScript(name: ScriptName, args: (string | number)[]): Promise<Json> {
    try {
      await this.firstConnection();
      let sha = this.shas.get(name);
      if (!sha) {
        sha = (await this.redis.script("LOAD", SOURCES[name])) as string;
        this.shas.set(name, sha);
      }
      try {
        return JSON.parse((await this.redis.evalsha(sha, 0, ...args)) as string) as Json;
      } catch (error) {
        if (!(error instanceof Error) || !/NOSCRIPT/.test(error.message)) throw error;
        this.shas.delete(name); // a restarted Redis forgot its scripts
        return JSON.parse((await this.redis.eval(SOURCES[name], 0, ...args)) as string) as Json;
      }
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (error instanceof AppError) return error;
    if (isConnectionError(error)) return queueUnavailable();
    return error;
  }

  /**
   * The first connection of a process: requests that arrive while it is being made wait for it (up to the
   * connect timeout) instead of failing. Once it has been up, a lost connection fails fast (503) while ioredis
   * reconnects.
   */
  private async firstConnection(): Promise<void> {
    const status = this.redis.status;
    if (status !== "connecting" && status !== "connect" && status !== "wait") return;
    this.connecting ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.redis.once("ready", done);
      setTimeout(done, 2_000).unref();
    });
    await this.connecting;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      await this.firstConnection();
      return await work();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private async currentEpoch(): Promise<string> {
    if (this.epoch) return this.epoch;
    const fresh = randomBytes(8).toString("hex");
    const set = await this.call(() => this.redis.set(`${this.prefix}epoch`, fresh, "NX"));
    this.epoch = set === "OK" ? fresh : await this.call(() => this.redis.get(`${this.prefix}epoch`));
    if (!this.epoch) throw queueUnavailable();
    return this.epoch;
  }

  /** A token id from Postgres's sequence, in blocks: never reused, whatever happens to Redis. */
  private async nextId(): Promise<number> {
    while (this.ids.length === 0) {
      this.idRefill ??= this.db.$queryRaw<{ id: number }[]>`
          SELECT nextval('queue_tokens_id_seq')::int AS id FROM generate_series(1, ${ID_BLOCK}::int)`
        .then((rows) => {
          this.ids.push(...rows.map((r) => r.id));
        })
        .finally(() => (this.idRefill = null));
      await this.idRefill;
    }
    return this.ids.shift()!;
  }

  // ---- Rooms: settings from Postgres, installed in Redis for polls.

  private async roomSettings(roomId: number, now: Date): Promise<RoomSettings> {
    const rows = await this.db.$queryRaw<RoomSettings[]>`
      SELECT r.concert_id AS "concertId", r.prequeue_opens_at AS "prequeueOpensAt", r.sales_start_at AS "salesStartAt",
        r.paused, r.closed_at AS "closedAt", r.drawn_at AS "drawnAt", r.draw_commitment AS "drawCommitment",
        r.active_capacity AS "activeCapacity", r.admit_per_second AS "admitPerSecond",
        CASE WHEN r.concert_id IS NULL THEN false ELSE NOT EXISTS (
          SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
          WHERE sc.concert_id = r.concert_id AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL) END AS "soldOut",
        CASE WHEN r.concert_id IS NULL THEN false ELSE NOT EXISTS (
          SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
          WHERE sc.concert_id = r.concert_id AND sc.concert_at > ${now}::timestamptz AND s.sold_at IS NULL
            AND (s.hold_expires_at IS NULL OR s.hold_expires_at <= ${now}::timestamptz)) END AS "onlyHeldLeft"
      FROM queue_rooms r WHERE r.id = ${roomId}::int`;
    const row = firstRow(rows);
    if (!row) throw new AppError("not_found", `no waiting room ${roomId}`);
    return row;
  }

  private factsOf(room: RoomSettings): Facts {
    return {
      concertId: room.concertId,
      prequeueOpensAt: ms(room.prequeueOpensAt),
      salesStartAt: ms(room.salesStartAt),
      paused: room.paused,
      closedAt: ms(room.closedAt),
      drawCommitment: room.drawCommitment,
    };
  }

  /** Loads a room's facts from Postgres into Redis (once per process at a time). */
  private async installFacts(roomId: number, now: Date): Promise<Facts> {
    let loading = this.factsLoading.get(roomId);
    if (!loading) {
      loading = (async () => {
        const room = await this.roomSettings(roomId, now);
        const facts = this.factsOf(room);
        await this.run("room", [roomId, ms(room.drawnAt) ?? 0, JSON.stringify(facts)]);
        return facts;
      })().finally(() => this.factsLoading.delete(roomId));
      this.factsLoading.set(roomId, loading);
    }
    return loading;
  }

  /** An organizer changed a room's settings: polls read them afresh from Postgres (ticks always do). */
  async roomChanged(roomId: number): Promise<void> {
    await this.run("room", [roomId, 0, ""]).catch((error: unknown) => {
      console.warn(`queue store: could not refresh room ${roomId} in Redis; its next tick will`, error);
    });
  }

  // ---- The interface.

  async findRoomForJoin(concertId: number | null): Promise<Room> {
    const key = concertId === null ? "g" : String(concertId);
    let out = await this.run("roomForJoin", [key]);
    for (let attempt = 0; out.miss && attempt < 3; attempt++) {
      // Postgres's row (404 for an unknown concert, which is not kept), then read back with Redis's state.
      const room = await findRoom(concertId);
      await this.run("roomForJoinFill", [key, `${room.id}:${JSON.stringify(room)}`, String(out.gen)]);
      out = await this.run("roomForJoin", [key]);
      // Rooms keep changing under us: this join goes by what Postgres said a moment ago.
      if (out.miss && attempt === 2) return room;
    }
    const raw = String(out.row);
    const saved = JSON.parse(raw.slice(raw.indexOf(":") + 1)) as Record<keyof Room, unknown>;
    const when = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
    return {
      ...(saved as unknown as Room),
      prequeueOpensAt: when(saved.prequeueOpensAt),
      salesStartAt: when(saved.salesStartAt),
      closedAt: when(saved.closedAt),
      // Redis's view of what moves during a sale (as in polls): ticks, payments and refunds write it.
      soldOut: out.so === false ? saved.soldOut === true : out.so === "1",
      onlyHeldLeft: out.oh === true,
      drawnAt: out.drawn === false ? when(saved.drawnAt) : date(out.drawn),
      lastTickAt: date(out.lt),
    };
  }

  async soldOutChanged(roomId: number, soldOut: boolean): Promise<void> {
    await this.run("soldOut", [roomId, soldOut ? "1" : "0"]);
  }

  async findToken(id: number): Promise<TokenRow | null> {
    const t = await this.call(() => this.redis.hmget(`${this.prefix}t:${id}`, "u", "r", "s", "st", "c", "e"));
    return tokenRow(id, t);
  }

  async findUserLiveToken(userId: number, roomId: number): Promise<{ user: boolean; token: TokenRow | null }> {
    // The user is known: endpoints 1-2 run only for an identity equal to them (a session or API key of theirs).
    const id = await this.call(() => this.redis.get(`${this.prefix}u:${roomId}:${userId}`));
    if (id === null) return { user: true, token: null };
    return { user: true, token: await this.findToken(Number(id)) };
  }

  async createToken(
    userId: number,
    roomId: number,
    now: Date,
    expiresAt: Date,
    salesStartAt?: Date | null,
  ): Promise<CreatedToken | null | "draw pending"> {
    const id = await this.nextId();
    for (let attempt = 0; attempt < 2; attempt++) {
      const room =
        attempt === 0 && salesStartAt !== undefined ? ms(salesStartAt) : await this.salesStartOf(roomId, now);
      const out = await this.run("join", [roomId, userId, id, now.getTime(), expiresAt.getTime(), room ?? 0]);
      if (out.room === false) {
        await this.installFacts(roomId, now);
        continue;
      }
      if (out.taken) return null;
      if (out.drawPending) return "draw pending";
      const seq = out.seq === "" ? null : Number(out.seq);
      return {
        token: { id, userId, roomId, seq, status: "WAIT", createdAt: now, expiresAt },
        departedAhead: Number(out.departed),
        freeSlots: Number(out.free),
        lastTickAt: date(out.lastTick),
      };
    }
    throw queueUnavailable();
  }

  /** The room's sale start, from its facts in Redis (installed from Postgres when missing). */
  private async salesStartOf(roomId: number, now: Date): Promise<number | null> {
    const raw = await this.call(() => this.redis.hget(`${this.prefix}room:${roomId}`, "facts"));
    const facts = raw ? (JSON.parse(raw) as Facts) : await this.installFacts(roomId, now);
    return facts.salesStartAt;
  }

  async touchToken(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<Date | null> {
    const out = await this.run("touch", [id, now.getTime(), expiresAt.getTime(), gapSeconds * 1000]);
    return date(out.moved);
  }

  async poll(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<PollRow | null> {
    const out = await this.run("poll", [id, now.getTime(), expiresAt.getTime(), gapSeconds * 1000]);
    if (out.missing) return null;
    const roomId = Number(out.r);
    const facts = out.facts ? (JSON.parse(String(out.facts)) as Facts) : await this.installFacts(roomId, now);
    const room: PollRoom = {
      concertId: facts.concertId,
      prequeueOpensAt: date(facts.prequeueOpensAt),
      salesStartAt: date(facts.salesStartAt),
      paused: facts.paused,
      closedAt: date(facts.closedAt),
      soldOut: out.so === true,
      onlyHeldLeft: out.oh === true,
      drawnAt: date(out.drawn),
      drawCommitment: facts.drawCommitment,
      entrants: Number(out.entrants),
    };
    return {
      id,
      userId: Number(out.u),
      roomId,
      seq: typeof out.s === "number" ? out.s : null,
      status: statusOf(out.st),
      createdAt: new Date(Number(out.c)),
      expiresAt: new Date(Number(out.e)),
      departedAhead: typeof out.departed === "number" ? out.departed : null,
      lastTickAt: date(out.lt),
      window: { startedAt: date(out.ws), count: Number(out.wc), previousCount: Number(out.wp) },
      room,
    };
  }

  async admit(options: AdmitOptions): Promise<AdmissionOutcome | null> {
    // Redis runs one script at a time, so there is no lock to wait for: `wait` needs nothing here.
    const room = await this.roomSettings(options.roomId, options.now);
    const out = await this.run("admit", [
      options.roomId,
      options.now.getTime(),
      options.activeTtlSeconds * 1000,
      room.activeCapacity ?? options.envCapacity,
      room.admitPerSecond ?? options.envAdmitPerSecond ?? 0,
      options.minIntervalMs,
      ADMISSION_WINDOW_SECONDS * 1000,
      SWEEP_BATCH,
      options.retireTokenId ?? 0,
      options.forTokenId ?? 0,
      room.paused || room.closedAt !== null ? 1 : 0,
      room.soldOut ? 1 : 0,
      room.onlyHeldLeft ? 1 : 0,
      ms(room.salesStartAt) ?? 0,
      ms(room.drawnAt) ?? 0,
      JSON.stringify(this.factsOf(room)),
    ]);
    if (out.skipped) return null;
    const untilAt = new Date(Number(out.untilAt));
    const admitted = Array.isArray(out.admitted) ? (out.admitted as [number, number][]) : [];
    const self = out.self as { st: string; e: number } | false;
    return {
      admitted: admitted.map(([id, seq]) => ({ id, seq, expiresAt: untilAt })),
      expiredWaiting: Number(out.ew),
      expiredActive: Number(out.ea),
      self: self ? { status: statusOf(self.st), expiresAt: new Date(self.e) } : undefined,
      drawDue: out.drawDue === true,
    };
  }

  async runDraw(
    roomId: number,
    now: Date,
    order: (seed: Buffer, ids: number[]) => DrawOrder,
  ): Promise<DrawResult | null> {
    return this.db.$transaction(async (tx) => {
      // The room's row lock keeps two processes from drawing at once; Redis's script is the real guard
      // (it installs once, and refuses if the entrants changed since they were read).
      const room = firstRow(
        await tx.$queryRaw<{ seed: Uint8Array | null; salesStartAt: Date | null; drawnAt: Date | null }[]>`
          SELECT draw_seed AS seed, sales_start_at AS "salesStartAt", drawn_at AS "drawnAt"
          FROM queue_rooms WHERE id = ${roomId}::int FOR UPDATE`,
      );
      if (!room?.seed || !room.salesStartAt || room.drawnAt || now < room.salesStartAt) return null;
      for (let attempt = 0; attempt < 5; attempt++) {
        const ids = (await this.call(() => this.redis.zrange(`${this.prefix}ent:${roomId}`, 0, -1))).map(Number);
        const drawn = order(Buffer.from(room.seed), ids);
        const out = await this.run("draw", [roomId, now.getTime(), drawn.entrantsHash, ids.length, ...drawn.order]);
        if (out.retry) continue;
        const drawnAt = new Date(Number(out.drawnAt));
        const entrants = out.done
          ? (await this.call(() => this.redis.lrange(`${this.prefix}drawn:${roomId}`, 0, -1))).map(Number)
          : drawn.order;
        const hash = String(out.hash);
        await tx.$executeRaw`UPDATE queue_rooms SET entrants_hash = ${hash}, drawn_at = ${drawnAt}::timestamptz,
            entrant_count = ${entrants.length}::int
          WHERE id = ${roomId}::int`;
        return { entrantsHash: hash, entrants, drawnAt };
      }
      throw queueUnavailable("the draw is busy, retry");
    });
  }

  async roomCounts(roomId: number): Promise<{ waiting: number; active: number }> {
    const [line, ent, act] = await this.call(() =>
      Promise.all([
        this.redis.zcard(`${this.prefix}line:${roomId}`),
        this.redis.zcard(`${this.prefix}ent:${roomId}`),
        this.redis.zcard(`${this.prefix}act:${roomId}`),
      ]),
    );
    return { waiting: line + ent, active: act };
  }

  async drawnEntrants(roomId: number): Promise<number[]> {
    return (await this.call(() => this.redis.lrange(`${this.prefix}drawn:${roomId}`, 0, -1))).map(Number);
  }

  async extendActiveToken(_tx: DbTx, tokenId: number, until: Date, now: Date, capSeconds: number): Promise<void> {
    await this.run("extend", [tokenId, until.getTime(), now.getTime(), capSeconds * 1000]);
  }

  async holdDeadline(_tx: DbTx, tokenId: number, wanted: Date, capSeconds: number): Promise<Date> {
    const admittedAt = await this.call(() => this.redis.hget(`${this.prefix}t:${tokenId}`, "a"));
    if (!admittedAt) return wanted;
    return new Date(Math.min(wanted.getTime(), Number(admittedAt) + capSeconds * 1000));
  }

  async endActiveTokenAfterPayment(tx: DbTx, userId: number, roomId: number, now: Date): Promise<void> {
    // Whether the fan keeps shopping is a question about holds (Postgres, this transaction); the token's end is
    // Redis's. Ended before the payment commits: should the commit then fail, the fan lost their slot early
    // (their holds stay theirs until they lapse), which never lets anyone in over capacity.
    const { other } = oneRow(
      await tx.$queryRaw<{ other: boolean }[]>`SELECT ${hasOtherPendingHoldSql(userId, roomId, now)} AS other`,
      "pending holds",
    );
    if (!other) await this.run("endActive", [roomId, userId, now.getTime()]);
  }

  async postponeEntrants(_tx: DbTx, roomId: number, deadline: Date): Promise<void> {
    await this.run("postpone", [roomId, deadline.getTime()]);
    await this.roomChanged(roomId);
  }
}

function statusOf(raw: unknown): QueueStatusValue {
  return raw === "A" ? "ACTIVE" : raw === "W" ? "WAIT" : "EXPIRED";
}

function tokenRow(id: number, t: (string | null)[]): TokenRow | null {
  const [u, r, s, st, c, e] = t;
  if (u === null || u === undefined || !r || !st || !c || !e) return null;
  return {
    id,
    userId: Number(u),
    roomId: Number(r),
    seq: s ? Number(s) : null,
    status: statusOf(st),
    createdAt: new Date(Number(c)),
    expiresAt: new Date(Number(e)),
  };
}

/** Removes every key under `prefix` (tests). */
export async function deleteQueueKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
}
