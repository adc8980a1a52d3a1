import "server-only";
import { Prisma } from "../db/generated/client";
import { isForeignKeyViolation, isUniqueViolation, postgresCode } from "../db/pg-error";
import type { Db, DbTx } from "../db/prisma";
import { firstRow, oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { findRoom, type Room } from "./find-room";
import { ADMISSION_WINDOW_SECONDS, type QueueStatusValue } from "./queue-rules";
import { GENERAL_ROOM_ID } from "./room-rules";
import type {
  AdmissionOutcome,
  AdmitOptions,
  CreatedToken,
  DrawOrder,
  DrawResult,
  PollRow,
  QueueStore,
  TokenRow,
} from "./queue-store";

// The waiting room on Postgres (migrations 20261129010000_queue_engine and 20261201100000_rooms_and_roles).
// Join numbers (`seq`) come from a trigger on the room's counter row in queue_counters: dense, committed in
// order. A poll's position is `seq` minus the departures before it, summed from the room's Fenwick tree in
// queue_departures (at most 32 primary-key reads, never a scan of the line). Admission is the SQL function
// queue_admit, one autocommit statement under the room's advisory lock, counting capacity by status. Why
// capacity holds and no token is admitted twice with any number of app processes:
// docs/decisions/0002-waiting-room-capacity-and-position.md; rooms and the draw: docs/decisions/0010-waiting-rooms.md.

/** Lapsed WAIT tokens retired per tick, so one tick stays short however many fans walked away at once. */
const SWEEP_BATCH = 1000;

/** The advisory lock class of admission ticks (the second key is the room id); the draw takes it too. */
const ADMISSION_LOCK = 1364542805;

/** Raised by the join-number trigger when a token joins after the start and the draw has not run. */
const DRAW_PENDING_SQLSTATE = "TKDRW";

const TOKEN_COLUMNS = Prisma.sql`id, user_id AS "userId", room_id AS "roomId", seq, status::text AS status,
  created_at AS "createdAt", expires_at AS "expiresAt"`;

type PollSqlRow = TokenRow & {
  departedAhead: number | null;
  lastTickAt: Date | null;
  windowStartedAt: Date | null;
  windowCount: number | null;
  previousWindowCount: number | null;
  concertId: number | null;
  prequeueOpensAt: Date | null;
  salesStartAt: Date | null;
  paused: boolean;
  closedAt: Date | null;
  soldOut: boolean | null;
  onlyHeldLeft: boolean | null;
  drawnAt: Date | null;
  drawCommitment: string | null;
  entrants: number | null;
};

export class PostgresQueueStore implements QueueStore {
  constructor(private readonly db: Db) {}

  async findToken(id: number): Promise<TokenRow | null> {
    const rows = await this.db.$queryRaw<TokenRow[]>`SELECT ${TOKEN_COLUMNS} FROM queue_tokens WHERE id = ${id}`;
    return firstRow(rows) ?? null;
  }

  async findUserLiveToken(userId: number, roomId: number): Promise<{ user: boolean; token: TokenRow | null }> {
    const rows = await this.db.$queryRaw<(Omit<TokenRow, "id"> & { id: number | null })[]>`
      SELECT t.id, t.user_id AS "userId", t.room_id AS "roomId", t.seq, t.status::text AS status,
        t.created_at AS "createdAt", t.expires_at AS "expiresAt"
      FROM users u LEFT JOIN queue_tokens t
        ON t.user_id = u.id AND t.room_id = ${roomId}::int AND t.status IN ('WAIT', 'ACTIVE')
      WHERE u.id = ${userId}::int`;
    const row = firstRow(rows);
    if (!row) return { user: false, token: null };
    return { user: true, token: row.id === null ? null : (row as TokenRow) };
  }

  async createToken(
    userId: number,
    roomId: number,
    now: Date,
    expiresAt: Date,
  ): Promise<CreatedToken | null | "draw pending"> {
    try {
      // Autocommit, one statement: the room's counter row stays locked only for this insert and its commit.
      const rows = await this.db.$queryRaw<
        (TokenRow & { freeSlots: number | null; lastTickAt: Date | null; departedAhead: number | null })[]
      >`
        WITH created AS (
          INSERT INTO queue_tokens (user_id, room_id, status, created_at, last_seen_at, expires_at)
          VALUES (${userId}::int, ${roomId}::int, 'WAIT', ${now}::timestamptz, ${now}::timestamptz, ${expiresAt}::timestamptz)
          RETURNING id, user_id, room_id, seq, status, created_at, expires_at)
        SELECT c.id, c.user_id AS "userId", c.room_id AS "roomId", c.seq, c.status::text AS status,
          c.created_at AS "createdAt", c.expires_at AS "expiresAt", a.free_slots AS "freeSlots",
          a.last_tick_at AS "lastTickAt",
          CASE WHEN c.seq IS NOT NULL THEN ${departedAheadSql(Prisma.sql`c.room_id`, Prisma.sql`c.seq`)} END AS "departedAhead"
        FROM created c LEFT JOIN queue_admission a ON a.room_id = c.room_id`;
      const { freeSlots, lastTickAt, departedAhead, ...token } = oneRow(rows, "created token");
      return { token, freeSlots: freeSlots ?? 1, lastTickAt: lastTickAt ?? null, departedAhead: departedAhead ?? 0 };
    } catch (error) {
      if (isUniqueViolation(error)) return null; // queue_tokens_one_live_per_user_room: a racing issue won
      if (isForeignKeyViolation(error)) throw new AppError("user_not_found");
      if (postgresCode(error) === DRAW_PENDING_SQLSTATE || /draw pending/.test(String(error))) return "draw pending";
      throw error;
    }
  }

  async touchToken(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<Date | null> {
    const rows = await this.db.$queryRaw<{ expiresAt: Date }[]>(refreshWaitingSql(id, now, expiresAt, gapSeconds));
    return firstRow(rows)?.expiresAt ?? null;
  }

  async poll(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<PollRow | null> {
    // One statement: the refresh is a no-op unless the idle deadline would move by the gap; the tree sum
    // reads at most 32 rows by primary key; the room's rows are read by primary key. The refresh is the only
    // write, and a soft one: its commit does not wait for the WAL flush (synchronous_commit off for this
    // transaction only), so a crash could lose the last fraction of a second of refreshes (those deadlines
    // come a few seconds early), never anything else. Measured here: about 2x the single-row write throughput.
    const rows = await this.db.$queryRaw<PollSqlRow[]>`
      WITH me AS (
        SELECT id, user_id, room_id, seq, status, created_at, expires_at FROM queue_tokens WHERE id = ${id}::int
      ), soft AS (
        SELECT set_config('synchronous_commit', 'off', true)
      ), touched AS (
        ${refreshWaitingSql(id, now, expiresAt, gapSeconds, Prisma.sql`FROM soft`)}
      )
      SELECT me.id, me.user_id AS "userId", me.room_id AS "roomId", me.seq, me.status::text AS status,
        me.created_at AS "createdAt",
        COALESCE((SELECT "expiresAt" FROM touched), me.expires_at) AS "expiresAt",
        CASE WHEN me.status = 'WAIT' AND me.seq IS NOT NULL
          THEN ${departedAheadSql(Prisma.sql`me.room_id`, Prisma.sql`me.seq`)} END AS "departedAhead",
        a.last_tick_at AS "lastTickAt", a.window_started_at AS "windowStartedAt", a.window_count AS "windowCount",
        a.previous_window_count AS "previousWindowCount", a.sold_out AS "soldOut", a.only_held_left AS "onlyHeldLeft",
        r.concert_id AS "concertId", r.prequeue_opens_at AS "prequeueOpensAt", r.sales_start_at AS "salesStartAt",
        r.paused, r.closed_at AS "closedAt", r.drawn_at AS "drawnAt", r.draw_commitment AS "drawCommitment",
        c.entrants
      FROM me
      JOIN queue_rooms r ON r.id = me.room_id
      LEFT JOIN queue_admission a ON a.room_id = me.room_id
      LEFT JOIN queue_counters c ON c.room_id = me.room_id`;
    const row = firstRow(rows);
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      roomId: row.roomId,
      seq: row.seq,
      status: row.status,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      departedAhead: row.departedAhead,
      lastTickAt: row.lastTickAt,
      window: {
        startedAt: row.windowStartedAt,
        count: row.windowCount ?? 0,
        previousCount: row.previousWindowCount ?? 0,
      },
      room: {
        concertId: row.concertId,
        prequeueOpensAt: row.prequeueOpensAt,
        salesStartAt: row.salesStartAt,
        paused: row.paused,
        closedAt: row.closedAt,
        soldOut: row.soldOut ?? false,
        onlyHeldLeft: row.onlyHeldLeft ?? false,
        drawnAt: row.drawnAt,
        drawCommitment: row.drawCommitment,
        entrants: row.entrants ?? 0,
      },
    };
  }

  async admit(options: AdmitOptions): Promise<AdmissionOutcome | null> {
    // One autocommit statement: the lock lives and dies inside it (see queue_admit in the migration).
    const rows = await this.db.$queryRaw<
      {
        admittedIds: number[];
        admittedSeqs: number[];
        activeUntil: Date;
        expiredWaiting: number;
        expiredActive: number;
        forStatus: QueueStatusValue | null;
        forExpiresAt: Date | null;
        drawDue: boolean;
      }[]
    >`
      SELECT admitted_ids AS "admittedIds", admitted_seqs AS "admittedSeqs", active_until AS "activeUntil",
        expired_waiting AS "expiredWaiting", expired_active AS "expiredActive",
        for_status AS "forStatus", for_expires_at AS "forExpiresAt", draw_due AS "drawDue"
      FROM queue_admit(
        ${options.roomId}::int, ${options.now}::timestamptz, ${options.activeTtlSeconds}::int,
        ${options.envCapacity}::int, ${options.envAdmitPerSecond}::int, ${options.wait}::boolean,
        ${options.minIntervalMs}::int, ${ADMISSION_WINDOW_SECONDS}::int, ${SWEEP_BATCH}::int,
        ${options.retireTokenId ?? null}::int, ${options.forTokenId ?? null}::int)`;
    const row = firstRow(rows);
    if (!row) return null;
    return {
      admitted: row.admittedIds.map((id, i) => ({ id, seq: row.admittedSeqs[i] ?? 0, expiresAt: row.activeUntil })),
      expiredWaiting: row.expiredWaiting,
      expiredActive: row.expiredActive,
      self: row.forStatus && row.forExpiresAt ? { status: row.forStatus, expiresAt: row.forExpiresAt } : undefined,
      drawDue: row.drawDue,
    };
  }

  async runDraw(
    roomId: number,
    now: Date,
    order: (seed: Buffer, ids: number[]) => DrawOrder,
  ): Promise<DrawResult | null> {
    return this.db.$transaction(async (tx) => {
      // Ticks of this room wait (their advisory lock), joins wait (the counter row the join-number trigger
      // locks): an entrant either committed before the read below or will see the draw done.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMISSION_LOCK}::int, ${roomId}::int)`;
      const counter = firstRow(
        await tx.$queryRaw<{ lastSeq: number }[]>`
          SELECT last_seq AS "lastSeq" FROM queue_counters WHERE room_id = ${roomId}::int FOR UPDATE`,
      );
      const room = firstRow(
        await tx.$queryRaw<{ seed: Uint8Array | null; salesStartAt: Date | null; drawnAt: Date | null }[]>`
          SELECT draw_seed AS seed, sales_start_at AS "salesStartAt", drawn_at AS "drawnAt"
          FROM queue_rooms WHERE id = ${roomId}::int FOR UPDATE`,
      );
      if (!counter || !room?.seed || !room.salesStartAt || room.drawnAt || now < room.salesStartAt) return null;
      const ids = (
        await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM queue_tokens WHERE room_id = ${roomId}::int AND seq IS NULL ORDER BY id`
      ).map((r) => r.id);
      const drawn = order(Buffer.from(room.seed), ids);
      const seqs = drawn.order.map((_, i) => counter.lastSeq + i + 1);
      if (ids.length > 0) {
        await tx.$executeRaw`
          UPDATE queue_tokens t SET seq = d.seq
          FROM unnest(${drawn.order}::int[], ${seqs}::int[]) AS d(id, seq)
          WHERE t.id = d.id`;
      }
      await tx.$executeRaw`UPDATE queue_counters SET last_seq = last_seq + ${ids.length}::int
        WHERE room_id = ${roomId}::int`;
      await tx.$executeRaw`UPDATE queue_rooms SET entrants_hash = ${drawn.entrantsHash}, drawn_at = ${now}::timestamptz,
          entrant_count = ${ids.length}::int
        WHERE id = ${roomId}::int`;
      return { entrantsHash: drawn.entrantsHash, entrants: drawn.order, drawnAt: now };
    });
  }

  async roomCounts(roomId: number): Promise<{ waiting: number; active: number }> {
    // Numbered tokens not yet departed: last_seq minus the tree's sum over [1, last_seq] (at most 32 rows).
    const row = oneRow(
      await this.db.$queryRaw<{ waiting: number; active: number }[]>`
        SELECT (GREATEST(0, c.last_seq - ${departedAheadSql(Prisma.sql`c.room_id`, Prisma.sql`(c.last_seq + 1)`)})
            + CASE WHEN r.drawn_at IS NULL THEN c.entrants ELSE 0 END)::int AS waiting,
          (SELECT count(*) FROM queue_tokens t WHERE t.room_id = c.room_id AND t.status = 'ACTIVE')::int AS active
        FROM queue_counters c JOIN queue_rooms r ON r.id = c.room_id
        WHERE c.room_id = ${roomId}::int`,
      "room counts",
    );
    return row;
  }

  async drawnEntrants(roomId: number): Promise<number[]> {
    const rows = await this.db.$queryRaw<{ id: number }[]>`
      SELECT t.id FROM queue_tokens t JOIN queue_rooms r ON r.id = t.room_id
      WHERE t.room_id = ${roomId}::int AND r.drawn_at IS NOT NULL AND t.created_at < r.sales_start_at
      ORDER BY t.seq`;
    return rows.map((r) => r.id);
  }

  async extendActiveToken(tx: DbTx, tokenId: number, until: Date, now: Date, capSeconds: number): Promise<void> {
    // Only a row still ACTIVE is extended, under its row lock, so a racing tick either counts the extended
    // token or has retired it for good (0002). LEAST ignores the NULL of a token without activated_at.
    await tx.$executeRaw`UPDATE queue_tokens SET expires_at = GREATEST(expires_at,
        LEAST(${until}::timestamptz, activated_at + make_interval(secs => ${capSeconds}::int)))
      WHERE id = ${tokenId} AND status = 'ACTIVE' AND expires_at > ${now}::timestamptz`;
  }

  async holdDeadline(tx: DbTx, tokenId: number, wanted: Date, capSeconds: number): Promise<Date> {
    // `activated_at` never changes once set, so no lock is needed.
    const rows = await tx.$queryRaw<{ until: Date }[]>`
      SELECT LEAST(${wanted}::timestamptz, activated_at + make_interval(secs => ${capSeconds}::int)) AS until
      FROM queue_tokens WHERE id = ${tokenId}`;
    return rows.length ? oneRow(rows, "hold deadline").until : wanted;
  }

  async endActiveTokenAfterPayment(tx: DbTx, userId: number, roomId: number, now: Date): Promise<void> {
    await tx.$executeRaw`UPDATE queue_tokens SET status = 'EXPIRED', ended_at = ${now}::timestamptz,
        expires_at = LEAST(expires_at, ${now}::timestamptz)
      WHERE user_id = ${userId}::int AND room_id = ${roomId}::int AND status = 'ACTIVE'
        AND NOT ${hasOtherPendingHoldSql(userId, roomId, now)}`;
  }

  async roomChanged(): Promise<void> {
    // Polls read the room's row in the same statement: nothing is cached.
  }

  async findRoomForJoin(concertId: number | null): Promise<Room> {
    return findRoom(concertId);
  }

  async soldOutChanged(): Promise<void> {
    // The sale's transaction wrote queue_admission.sold_out, which joins and polls read.
  }

  async postponeEntrants(tx: DbTx, roomId: number, deadline: Date): Promise<void> {
    await tx.$executeRaw`UPDATE queue_tokens SET expires_at = GREATEST(expires_at, ${deadline}::timestamptz)
      WHERE room_id = ${roomId}::int AND seq IS NULL AND status = 'WAIT'`;
  }
}

/** Whether the fan still has an unpaid, unlapsed hold in the room (payment leaves their token alive then). */
export function hasOtherPendingHoldSql(userId: number, roomId: number, now: Date): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM reservations r
    JOIN seats s ON s.id = r.seat_id
    JOIN schedules sc ON sc.id = s.schedule_id
    WHERE r.user_id = ${userId}::int AND r.status = 'PAYMENT_PENDING' AND r.expires_at > ${now}::timestamptz
      AND COALESCE((SELECT q.id FROM queue_rooms q WHERE q.concert_id = sc.concert_id), ${GENERAL_ROOM_ID}::int)
        = ${roomId}::int)`;
}

/**
 * A sign of life from a WAIT fan: moves a live WAIT token's idle deadline to `expiresAt`, but only when
 * that moves it later by at least `gapSeconds`, so most polls do not write (and a pre-queue entrant's
 * deadline, past the start, never moves earlier). Returns "expiresAt" (no row when nothing moved).
 * `from` adds a FROM item (the poll's soft-commit setting).
 */
function refreshWaitingSql(
  id: number,
  now: Date,
  expiresAt: Date,
  gapSeconds: number,
  from: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const movedEnough = new Date(expiresAt.getTime() - gapSeconds * 1000);
  return Prisma.sql`UPDATE queue_tokens SET last_seen_at = ${now}::timestamptz, expires_at = ${expiresAt}::timestamptz
    ${from}
    WHERE id = ${id}::int AND status = 'WAIT' AND expires_at > ${now}::timestamptz AND expires_at <= ${movedEnough}::timestamptz
    RETURNING expires_at AS "expiresAt"`;
}

/**
 * Fenwick prefix sum of the room's tree: departures with a join number below `seq`. Node ((seq-1) with its
 * lowest k bits cleared) for every set bit k of seq-1: at most 32 primary-key reads.
 */
function departedAheadSql(roomId: Prisma.Sql, seq: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(sum(d.count), 0)::int FROM queue_departures d
    WHERE d.room_id = ${roomId} AND d.node IN (
      SELECT ((${seq}::bigint - 1) >> k) << k FROM generate_series(0, 31) AS k
      WHERE ((${seq}::bigint - 1) >> k) & 1 = 1))`;
}
