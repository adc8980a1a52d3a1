import "server-only";
import { Prisma } from "../db/generated/client";
import { isForeignKeyViolation, isUniqueViolation } from "../db/pg-error";
import type { Db } from "../db/prisma";
import { oneRow } from "../db/rows";
import { AppError } from "../http/app-error";
import { ADMISSION_WINDOW_SECONDS, type QueueStatusValue } from "./queue-rules";
import type { AdmissionOutcome, AdmitOptions, CreatedToken, PollRow, QueueStore, TokenRow } from "./queue-store";

// The waiting room on Postgres (migration 20261129010000_queue_engine). Join numbers (`seq`) come from a
// trigger on the one-row counter queue_counters: dense, committed in order. A poll's position is `seq` minus
// the departures before it, summed from the Fenwick tree queue_departures (at most 32 primary-key reads, never
// a scan of the line). Admission is the SQL function queue_admit, one autocommit statement under one advisory
// lock, counting capacity by status. Why capacity holds and no token is admitted twice with any number of app
// processes, and what a change here must keep: docs/decisions/0002-waiting-room-capacity-and-position.md.

/** Lapsed WAIT tokens retired per tick, so one tick stays short however many fans walked away at once. */
const SWEEP_BATCH = 1000;

const TOKEN_COLUMNS = Prisma.sql`id, user_id AS "userId", seq, status::text AS status,
  created_at AS "createdAt", expires_at AS "expiresAt"`;

export class PostgresQueueStore implements QueueStore {
  constructor(private readonly db: Db) {}

  async findToken(id: number): Promise<TokenRow | null> {
    const rows = await this.db.$queryRaw<TokenRow[]>`SELECT ${TOKEN_COLUMNS} FROM queue_tokens WHERE id = ${id}`;
    return rows[0] ?? null;
  }

  async findUserLiveToken(userId: number): Promise<{ user: boolean; token: TokenRow | null }> {
    const rows = await this.db.$queryRaw<(Omit<TokenRow, "id"> & { id: number | null })[]>`
      SELECT t.id, t.user_id AS "userId", t.seq, t.status::text AS status, t.created_at AS "createdAt", t.expires_at AS "expiresAt"
      FROM users u LEFT JOIN queue_tokens t ON t.user_id = u.id AND t.status IN ('WAIT', 'ACTIVE')
      WHERE u.id = ${userId}`;
    const row = rows[0];
    if (!row) return { user: false, token: null };
    return { user: true, token: row.id === null ? null : (row as TokenRow) };
  }

  async createToken(userId: number, now: Date, expiresAt: Date): Promise<CreatedToken | null> {
    try {
      // Autocommit, one statement: the counter row stays locked only for this insert and its commit.
      const rows = await this.db.$queryRaw<
        (TokenRow & { freeSlots: number; lastTickAt: Date | null; departedAhead: number })[]
      >`
        WITH created AS (
          INSERT INTO queue_tokens (user_id, status, created_at, last_seen_at, expires_at)
          VALUES (${userId}, 'WAIT', ${now}::timestamptz, ${now}::timestamptz, ${expiresAt}::timestamptz)
          RETURNING id, user_id, seq, status, created_at, expires_at)
        SELECT c.id, c.user_id AS "userId", c.seq, c.status::text AS status, c.created_at AS "createdAt",
          c.expires_at AS "expiresAt", a.free_slots AS "freeSlots", a.last_tick_at AS "lastTickAt",
          ${departedAheadSql(Prisma.sql`c.seq`)} AS "departedAhead"
        FROM created c LEFT JOIN queue_admission a ON a.id = 1`;
      const { freeSlots, lastTickAt, departedAhead, ...token } = oneRow(rows, "created token");
      return { token, freeSlots: freeSlots ?? 1, lastTickAt: lastTickAt ?? null, departedAhead };
    } catch (error) {
      if (isUniqueViolation(error)) return null; // queue_tokens_one_live_per_user: a racing issue won
      if (isForeignKeyViolation(error)) throw new AppError("user_not_found");
      throw error;
    }
  }

  async touchToken(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<Date | null> {
    const rows = await this.db.$queryRaw<{ expiresAt: Date }[]>(refreshWaitingSql(id, now, expiresAt, gapSeconds));
    return rows[0]?.expiresAt ?? null;
  }

  async poll(id: number, now: Date, expiresAt: Date, gapSeconds: number): Promise<PollRow | null> {
    // One statement: the refresh is a no-op unless the idle deadline would move by the gap; the tree sum
    // reads at most 32 rows by primary key. The refresh is the only write, and a soft one: its commit
    // does not wait for the WAL flush (synchronous_commit off for this transaction only), so a crash could
    // lose the last fraction of a second of refreshes (those deadlines come a few seconds early), never
    // anything else. Measured here: about 2x the single-row write throughput.
    const rows = await this.db.$queryRaw<
      (TokenRow & {
        departedAhead: number | null;
        lastTickAt: Date | null;
        windowStartedAt: Date | null;
        windowCount: number | null;
        previousWindowCount: number | null;
        paused: boolean | null;
      })[]
    >`
      WITH me AS (
        SELECT id, user_id, seq, status, created_at, expires_at FROM queue_tokens WHERE id = ${id}
      ), soft AS (
        SELECT set_config('synchronous_commit', 'off', true)
      ), touched AS (
        ${refreshWaitingSql(id, now, expiresAt, gapSeconds, Prisma.sql`FROM soft`)}
      )
      SELECT me.id, me.user_id AS "userId", me.seq, me.status::text AS status, me.created_at AS "createdAt",
        COALESCE((SELECT "expiresAt" FROM touched), me.expires_at) AS "expiresAt",
        CASE WHEN me.status = 'WAIT' THEN ${departedAheadSql(Prisma.sql`me.seq`)} END AS "departedAhead",
        a.last_tick_at AS "lastTickAt", a.window_started_at AS "windowStartedAt", a.window_count AS "windowCount",
        a.previous_window_count AS "previousWindowCount", s.paused
      FROM me LEFT JOIN queue_admission a ON a.id = 1 LEFT JOIN queue_settings s ON s.id = 1`;
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      seq: row.seq,
      status: row.status as QueueStatusValue,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      departedAhead: row.departedAhead,
      lastTickAt: row.lastTickAt,
      window: {
        startedAt: row.windowStartedAt,
        count: row.windowCount ?? 0,
        previousCount: row.previousWindowCount ?? 0,
      },
      paused: row.paused ?? false,
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
      }[]
    >`
      SELECT admitted_ids AS "admittedIds", admitted_seqs AS "admittedSeqs", active_until AS "activeUntil",
        expired_waiting AS "expiredWaiting", expired_active AS "expiredActive",
        for_status AS "forStatus", for_expires_at AS "forExpiresAt"
      FROM queue_admit(
        ${options.now}::timestamptz, ${options.activeTtlSeconds}::int, ${options.envCapacity}::int,
        ${options.envAdmitPerSecond}::int, ${options.wait}::boolean, ${options.minIntervalMs}::int,
        ${ADMISSION_WINDOW_SECONDS}::int, ${SWEEP_BATCH}::int, ${options.retireTokenId ?? null}::int,
        ${options.forTokenId ?? null}::int)`;
    const row = rows[0];
    if (!row) return null;
    return {
      admitted: row.admittedIds.map((id, i) => ({ id, seq: row.admittedSeqs[i] ?? 0, expiresAt: row.activeUntil })),
      expiredWaiting: row.expiredWaiting,
      expiredActive: row.expiredActive,
      self: row.forStatus && row.forExpiresAt ? { status: row.forStatus, expiresAt: row.forExpiresAt } : undefined,
    };
  }
}

/**
 * A sign of life from a WAIT fan: moves a live WAIT token's idle deadline to `expiresAt`, but only when
 * that moves it by at least `gapSeconds`, so most polls do not write. Returns "expiresAt" (no row when
 * nothing moved). `from` adds a FROM item (the poll's soft-commit setting).
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
    WHERE id = ${id} AND status = 'WAIT' AND expires_at > ${now}::timestamptz AND expires_at <= ${movedEnough}::timestamptz
    RETURNING expires_at AS "expiresAt"`;
}

/**
 * Fenwick prefix sum: departures with a join number below `seq`. Node ((seq-1) with its lowest k bits
 * cleared) for every set bit k of seq-1: at most 32 primary-key reads.
 */
function departedAheadSql(seq: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(sum(d.count), 0)::int FROM queue_departures d
    WHERE d.node IN (
      SELECT ((${seq}::bigint - 1) >> k) << k FROM generate_series(0, 31) AS k
      WHERE ((${seq}::bigint - 1) >> k) & 1 = 1))`;
}
