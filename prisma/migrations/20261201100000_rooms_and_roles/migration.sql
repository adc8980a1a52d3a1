-- On-sale, part 1: admin roles, the audit log, seat sections and a waiting room per concert.
-- How the rooms keep the admission guarantees: docs/decisions/0010-waiting-rooms.md.

-- ---- Roles -------------------------------------------------------------------------------------------

CREATE TYPE "UserRole" AS ENUM ('FAN', 'ADMIN');
ALTER TABLE "users" ADD COLUMN "role" "UserRole" NOT NULL DEFAULT 'FAN';
-- The last-admin rule locks the admins' rows; this keeps finding them cheap.
CREATE INDEX "users_admins_idx" ON "users" ("id") WHERE "role" = 'ADMIN';

-- Every admin write: who, when, what, and the state before and after.
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_id_desc_idx" ON "audit_log" ("id" DESC);
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---- Seat sections -----------------------------------------------------------------------------------

-- A schedule's layout: sections in order, seats numbered 1..N through them, each section's seats at its price.
CREATE TABLE "seat_sections" (
    "id" SERIAL NOT NULL,
    "schedule_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "price" INTEGER NOT NULL,
    "seat_count" INTEGER NOT NULL,

    CONSTRAINT "seat_sections_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "seat_sections_schedule_id_position_key" ON "seat_sections" ("schedule_id", "position");
ALTER TABLE "seat_sections" ADD CONSTRAINT "seat_sections_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "seat_sections" ADD CONSTRAINT "seat_sections_price_positive" CHECK ("price" > 0);
ALTER TABLE "seat_sections" ADD CONSTRAINT "seat_sections_seat_count_positive" CHECK ("seat_count" > 0);

ALTER TABLE "seats" ADD COLUMN "section_id" INTEGER;
ALTER TABLE "seats" ADD CONSTRAINT "seats_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "seat_sections"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "seats_section_id_idx" ON "seats" ("section_id");

-- Existing schedules get sections from their prices: consecutive seats of one price, named by rank like
-- Korean venues (VIP, R, S, A, ...; the dearest first).
WITH runs AS (
  SELECT id, schedule_id, seat_number, price,
    seat_number - row_number() OVER (PARTITION BY schedule_id, price ORDER BY seat_number) AS run
  FROM "seats"
), grouped AS (
  SELECT schedule_id, price, run, min(seat_number) AS first_seat, count(*)::INTEGER AS seat_count
  FROM runs GROUP BY schedule_id, price, run
), ranked AS (
  SELECT g.*, row_number() OVER (PARTITION BY schedule_id ORDER BY first_seat)::INTEGER AS position,
    dense_rank() OVER (PARTITION BY schedule_id ORDER BY price DESC)::INTEGER AS tier
  FROM grouped g
), inserted AS (
  INSERT INTO "seat_sections" ("schedule_id", "position", "name", "price", "seat_count")
  SELECT schedule_id, position,
    COALESCE((ARRAY['VIP', 'R', 'S', 'A', 'B', 'C', 'D'])[tier], 'Tier ' || tier), price, seat_count
  FROM ranked
  RETURNING "id", "schedule_id", "position"
)
UPDATE "seats" s SET "section_id" = i."id"
FROM ranked r JOIN inserted i ON i."schedule_id" = r.schedule_id AND i."position" = r.position
WHERE s."schedule_id" = r.schedule_id AND s."seat_number" >= r.first_seat AND s."seat_number" < r.first_seat + r.seat_count;

-- Sold-out and "only held seats left" checks look for one unsold or one free seat of a concert's
-- schedules; this keeps them short however many seats are sold.
CREATE INDEX "seats_unsold_idx" ON "seats" ("schedule_id", "hold_expires_at") WHERE "sold_at" IS NULL;

-- ---- Waiting rooms -----------------------------------------------------------------------------------

-- Room 1 is the general room (concert_id NULL): the one the original endpoints have always used. A concert
-- with a row of its own sells through that dedicated room. Settings NULL follow the environment
-- (QUEUE_ACTIVE_CAPACITY, QUEUE_ADMIT_PER_SECOND); admit_per_second = 0 lifts a cap the environment sets.
CREATE TABLE "queue_rooms" (
    "id" SERIAL NOT NULL,
    "concert_id" INTEGER,
    "prequeue_opens_at" TIMESTAMPTZ(3),
    "sales_start_at" TIMESTAMPTZ(3),
    "active_capacity" INTEGER,
    "admit_per_second" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "closed_at" TIMESTAMPTZ(3),
    "hold_requires_funds" BOOLEAN NOT NULL DEFAULT false,
    "max_tickets_per_fan" INTEGER NOT NULL DEFAULT 4,
    -- The pre-queue draw (docs/decisions/0011-pre-queue-draw.md): the seed stays secret until the draw.
    "draw_seed" BYTEA,
    "draw_commitment" TEXT,
    "entrants_hash" TEXT,
    "drawn_at" TIMESTAMPTZ(3),
    "entrant_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_rooms_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "queue_rooms_concert_id_key" ON "queue_rooms" ("concert_id");
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_concert_id_fkey" FOREIGN KEY ("concert_id") REFERENCES "concerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_capacity_positive" CHECK ("active_capacity" IS NULL OR "active_capacity" > 0);
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_rate_nonnegative" CHECK ("admit_per_second" IS NULL OR "admit_per_second" >= 0);
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_max_tickets_positive" CHECK ("max_tickets_per_fan" > 0);
-- The general room has no sale times; a dedicated room has both, the pre-queue opening first.
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_sale_times" CHECK (
  ("concert_id" IS NULL AND "prequeue_opens_at" IS NULL AND "sales_start_at" IS NULL)
  OR ("concert_id" IS NOT NULL AND "prequeue_opens_at" IS NOT NULL AND "sales_start_at" IS NOT NULL
      AND "prequeue_opens_at" <= "sales_start_at"));
ALTER TABLE "queue_rooms" ADD CONSTRAINT "queue_rooms_general_is_one" CHECK (("concert_id" IS NULL) = ("id" = 1));

INSERT INTO "queue_rooms" ("id", "active_capacity", "admit_per_second", "paused", "updated_at")
SELECT 1, "active_capacity", "admit_per_second", "paused", "updated_at" FROM "queue_settings" WHERE "id" = 1;
INSERT INTO "queue_rooms" ("id") VALUES (1) ON CONFLICT DO NOTHING;
SELECT setval(pg_get_serial_sequence('"queue_rooms"', 'id'), 1);
DROP TABLE "queue_settings";

-- The join-order counter and the admission bookkeeping become one row per room.
ALTER TABLE "queue_counters" DROP CONSTRAINT "queue_counters_singleton";
ALTER TABLE "queue_counters" RENAME COLUMN "id" TO "room_id";
ALTER TABLE "queue_counters" ALTER COLUMN "room_id" DROP DEFAULT;
-- Pre-queue entrants so far (numbered by the draw), so a poll can spread the start without counting them.
ALTER TABLE "queue_counters" ADD COLUMN "entrants" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "queue_counters" ADD CONSTRAINT "queue_counters_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "queue_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "queue_admission" DROP CONSTRAINT "queue_admission_singleton";
ALTER TABLE "queue_admission" RENAME COLUMN "id" TO "room_id";
ALTER TABLE "queue_admission" ALTER COLUMN "room_id" DROP DEFAULT;
ALTER TABLE "queue_admission" ADD CONSTRAINT "queue_admission_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "queue_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- What the last tick found of the room's seats (dedicated rooms): none unsold, or none free (only holds left).
ALTER TABLE "queue_admission" ADD COLUMN "sold_out" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "queue_admission" ADD COLUMN "only_held_left" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "queue_admission" ADD COLUMN "last_sample_at" TIMESTAMPTZ(3);

-- Departures (the Fenwick tree over join numbers) are counted per room.
ALTER TABLE "queue_departures" ADD COLUMN "room_id" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "queue_departures" ALTER COLUMN "room_id" DROP DEFAULT;
ALTER TABLE "queue_departures" DROP CONSTRAINT "queue_departures_pkey";
ALTER TABLE "queue_departures" ADD CONSTRAINT "queue_departures_pkey" PRIMARY KEY ("room_id", "node");
ALTER TABLE "queue_departures" ADD CONSTRAINT "queue_departures_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "queue_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tokens belong to a room; join numbers are per room and NULL for a pre-queue entrant until the draw.
-- The default keeps every writer that knows nothing of rooms in the general room.
ALTER TABLE "queue_tokens" ADD COLUMN "room_id" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "queue_tokens" ADD CONSTRAINT "queue_tokens_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "queue_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "queue_tokens" ALTER COLUMN "seq" DROP NOT NULL;
ALTER TABLE "queue_tokens" ALTER COLUMN "seq" DROP DEFAULT;
DROP INDEX "queue_tokens_seq_key";
CREATE UNIQUE INDEX "queue_tokens_room_id_seq_key" ON "queue_tokens" ("room_id", "seq");
DROP INDEX "queue_tokens_one_live_per_user";
CREATE UNIQUE INDEX "queue_tokens_one_live_per_user_room" ON "queue_tokens" ("user_id", "room_id")
  WHERE "status" IN ('WAIT', 'ACTIVE');
DROP INDEX "queue_tokens_waiting_seq_idx";
CREATE INDEX "queue_tokens_waiting_seq_idx" ON "queue_tokens" ("room_id", "seq") WHERE "status" = 'WAIT';
DROP INDEX "queue_tokens_waiting_expiry_idx";
CREATE INDEX "queue_tokens_waiting_expiry_idx" ON "queue_tokens" ("room_id", "expires_at") WHERE "status" = 'WAIT';
CREATE INDEX "queue_tokens_active_idx" ON "queue_tokens" ("room_id", "expires_at") WHERE "status" = 'ACTIVE';
-- Pre-queue entrants awaiting the draw.
CREATE INDEX "queue_tokens_entrants_idx" ON "queue_tokens" ("room_id", "id") WHERE "seq" IS NULL;

-- Per-minute samples of each room, kept by the admission tick, for the organizer's charts.
CREATE TABLE "queue_room_samples" (
    "room_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "waiting" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "admitted" INTEGER NOT NULL,
    "sold" INTEGER NOT NULL,

    CONSTRAINT "queue_room_samples_pkey" PRIMARY KEY ("room_id", "at")
);
ALTER TABLE "queue_room_samples" ADD CONSTRAINT "queue_room_samples_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "queue_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A room's counter and bookkeeping rows are created with it.
CREATE FUNCTION "queue_rooms_init"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "queue_counters" ("room_id", "last_seq") VALUES (NEW."id", 0) ON CONFLICT DO NOTHING;
  INSERT INTO "queue_admission" ("room_id") VALUES (NEW."id") ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
CREATE TRIGGER "queue_rooms_init" AFTER INSERT ON "queue_rooms" FOR EACH ROW EXECUTE FUNCTION "queue_rooms_init"();

-- Join numbers (replaces the single-line version of 20261129010000_queue_engine). The counter row of the
-- token's room is locked first and held until the insert commits, so numbers commit in order without
-- gaps, per room. A room with a pre-queue gives no number to a token that joins before the sale starts
-- (an entrant of the draw, numbered by the draw); a token that joins after the start while the draw has not
-- run yet is refused with 'draw pending' (SQLSTATE TKDRW): the caller runs the draw and joins again, so
-- every entrant is ahead of every later joiner. The draw takes this same row lock, so an entrant either
-- commits before the draw reads the entrants, or waits and sees the draw done (and queues after them).
CREATE OR REPLACE FUNCTION "queue_tokens_assign_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_last INTEGER;
  v_room RECORD;
BEGIN
  SELECT "last_seq" INTO v_last FROM "queue_counters" WHERE "room_id" = NEW."room_id" FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no counter for room %', NEW."room_id";
  END IF;
  SELECT "sales_start_at", "drawn_at" INTO v_room FROM "queue_rooms" WHERE "id" = NEW."room_id";
  IF v_room."sales_start_at" IS NOT NULL AND v_room."drawn_at" IS NULL THEN
    IF NEW."created_at" < v_room."sales_start_at" THEN
      UPDATE "queue_counters" SET "entrants" = "entrants" + 1 WHERE "room_id" = NEW."room_id";
      NEW."seq" := NULL;
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'draw pending for room %', NEW."room_id" USING ERRCODE = 'TKDRW';
  END IF;
  UPDATE "queue_counters" SET "last_seq" = v_last + 1 WHERE "room_id" = NEW."room_id";
  NEW."seq" := v_last + 1;
  RETURN NEW;
END
$$;

DROP FUNCTION "queue_admit"(TIMESTAMPTZ, INTEGER, INTEGER, INTEGER, BOOLEAN, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER);

-- One admission tick of one room, entirely inside the database (see 20261129010000_queue_engine and
-- docs/decisions/0002-waiting-room-capacity-and-position.md for why this keeps capacity with any number of
-- app processes). The advisory lock is per room, so rooms never wait for each other; everything it reads
-- and writes is the room's own rows. A room whose sale has started but whose pre-queue draw has not run
-- admits nobody and says so (draw_due): the app runs the draw (lib/queue/run-draw.ts) and ticks again.
CREATE FUNCTION "queue_admit"(
  p_room_id INTEGER,
  p_now TIMESTAMPTZ,
  p_active_ttl_seconds INTEGER,
  p_env_capacity INTEGER,
  p_env_rate INTEGER,
  p_wait BOOLEAN,
  p_min_interval_ms INTEGER,
  p_window_seconds INTEGER,
  p_sweep_batch INTEGER,
  p_retire_id INTEGER,
  p_for_id INTEGER
) RETURNS TABLE (
  admitted_ids INTEGER[],
  admitted_seqs INTEGER[],
  active_until TIMESTAMPTZ,
  expired_waiting INTEGER,
  expired_active INTEGER,
  for_status TEXT,
  for_expires_at TIMESTAMPTZ,
  draw_due BOOLEAN
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_until TIMESTAMPTZ := p_now + make_interval(secs => p_active_ttl_seconds);
  v_for RECORD;
  v_state RECORD;
  v_room RECORD;
  v_capacity INTEGER;
  v_rate INTEGER;
  v_active INTEGER;
  v_free INTEGER;
  v_bucket DOUBLE PRECISION;
  v_admit INTEGER;
  v_ids INTEGER[];
  v_seqs INTEGER[];
  v_expired_waiting INTEGER;
  v_expired_active INTEGER;
  v_span DOUBLE PRECISION := p_window_seconds * 1000.0;
  v_elapsed DOUBLE PRECISION;
  v_windows INTEGER;
  v_window_start TIMESTAMPTZ;
  v_window_count INTEGER;
  v_previous_count INTEGER;
  v_sold_out BOOLEAN;
  v_only_held BOOLEAN;
  v_waiting INTEGER;
  v_last_seq INTEGER;
  v_departed INTEGER;
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(1364542805, p_room_id);
  ELSIF NOT pg_try_advisory_xact_lock(1364542805, p_room_id) THEN
    RETURN;
  END IF;

  -- A join waiting to be admitted: an earlier tick may already have done it (the usual case in a burst).
  SELECT t.status::text AS status, t.expires_at INTO v_for FROM queue_tokens t WHERE t.id = p_for_id;
  IF p_for_id IS NOT NULL AND v_for.status IS DISTINCT FROM 'WAIT' THEN
    RETURN QUERY SELECT '{}'::INTEGER[], '{}'::INTEGER[], v_until, 0, 0, v_for.status, v_for.expires_at, false;
    RETURN;
  END IF;

  SELECT * INTO v_state FROM queue_admission WHERE room_id = p_room_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF p_retire_id IS NULL AND v_state.last_tick_at IS NOT NULL AND p_now >= v_state.last_tick_at
     AND p_now < v_state.last_tick_at + make_interval(secs => p_min_interval_ms / 1000.0) THEN
    RETURN;
  END IF;

  SELECT * INTO v_room FROM queue_rooms WHERE id = p_room_id;
  IF v_room.sales_start_at IS NOT NULL AND v_room.drawn_at IS NULL AND p_now >= v_room.sales_start_at THEN
    RETURN QUERY SELECT '{}'::INTEGER[], '{}'::INTEGER[], v_until, 0, 0, v_for.status, v_for.expires_at, true;
    RETURN;
  END IF;
  v_capacity := COALESCE(v_room.active_capacity, p_env_capacity);
  v_rate := NULLIF(COALESCE(v_room.admit_per_second, p_env_rate), 0);

  -- Retire every lapsed ACTIVE token of the room before counting (see the original for why this order).
  UPDATE queue_tokens SET status = 'EXPIRED', ended_at = expires_at
  WHERE room_id = p_room_id AND status = 'ACTIVE' AND expires_at <= p_now;
  GET DIAGNOSTICS v_expired_active = ROW_COUNT;
  SELECT count(*) INTO v_active FROM queue_tokens WHERE room_id = p_room_id AND status = 'ACTIVE';

  -- A dedicated room's seats: sold out (nothing unsold ahead) stops admission; a refund starts it again.
  IF v_room.concert_id IS NOT NULL THEN
    SELECT NOT EXISTS (
        SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
        WHERE sc.concert_id = v_room.concert_id AND sc.concert_at > p_now AND s.sold_at IS NULL),
      NOT EXISTS (
        SELECT 1 FROM schedules sc JOIN seats s ON s.schedule_id = sc.id
        WHERE sc.concert_id = v_room.concert_id AND sc.concert_at > p_now AND s.sold_at IS NULL
          AND (s.hold_expires_at IS NULL OR s.hold_expires_at <= p_now))
    INTO v_sold_out, v_only_held;
  ELSE
    v_sold_out := false;
    v_only_held := false;
  END IF;

  v_free := GREATEST(0, v_capacity - v_active);
  IF v_rate IS NULL THEN
    v_bucket := 0;
    v_admit := v_free;
  ELSE
    v_bucket := LEAST(v_rate, GREATEST(v_state.allowance, 0) + v_rate * CASE WHEN v_state.last_tick_at IS NULL THEN 1
      ELSE GREATEST(0, extract(epoch FROM p_now - v_state.last_tick_at)) END);
    v_admit := LEAST(v_free, floor(v_bucket)::INTEGER);
  END IF;
  IF v_room.paused OR v_room.closed_at IS NOT NULL OR v_sold_out THEN
    v_admit := 0;
  END IF;

  WITH lapsed_waiting AS (
    UPDATE queue_tokens SET status = 'EXPIRED', ended_at = expires_at
    WHERE id IN (
        (SELECT id FROM queue_tokens WHERE room_id = p_room_id AND status = 'WAIT' AND expires_at <= p_now
         ORDER BY expires_at LIMIT p_sweep_batch)
        UNION ALL SELECT p_retire_id)
      AND status = 'WAIT' AND expires_at <= p_now
    RETURNING seq
  ), admitted AS (
    UPDATE queue_tokens SET status = 'ACTIVE', activated_at = p_now, expires_at = v_until, last_seen_at = p_now
    WHERE id IN (
        SELECT id FROM queue_tokens
        WHERE room_id = p_room_id AND status = 'WAIT' AND seq IS NOT NULL AND expires_at > p_now
        ORDER BY seq LIMIT v_admit)
      AND status = 'WAIT'
    RETURNING id, seq
  ), departed AS (
    SELECT seq FROM lapsed_waiting WHERE seq IS NOT NULL UNION ALL SELECT seq FROM admitted
  ), recorded AS (
    INSERT INTO queue_departures (room_id, node, count)
    SELECT p_room_id, node, count(*)::INTEGER FROM (
      SELECT (((d.seq::BIGINT - 1) >> k) + 1) << k AS node
      FROM departed d CROSS JOIN generate_series(0, 31) AS k
      WHERE (((d.seq::BIGINT - 1) >> k) + 1) & 1 = 1
    ) chain
    GROUP BY node ORDER BY node
    ON CONFLICT (room_id, node) DO UPDATE SET count = queue_departures.count + EXCLUDED.count
    RETURNING node
  )
  SELECT COALESCE((SELECT array_agg(id ORDER BY seq) FROM admitted), '{}'),
    COALESCE((SELECT array_agg(seq ORDER BY seq) FROM admitted), '{}'),
    (SELECT count(*) FROM lapsed_waiting)
  INTO v_ids, v_seqs, v_expired_waiting;

  v_window_start := v_state.window_started_at;
  v_window_count := v_state.window_count;
  v_previous_count := v_state.previous_window_count;
  IF v_window_start IS NULL THEN
    v_window_start := p_now;
    v_window_count := 0;
    v_previous_count := 0;
  ELSE
    v_elapsed := extract(epoch FROM p_now - v_window_start) * 1000.0;
    IF v_elapsed >= v_span THEN
      v_windows := floor(v_elapsed / v_span)::INTEGER;
      v_window_start := v_window_start + make_interval(secs => v_windows * p_window_seconds);
      v_previous_count := CASE WHEN v_windows = 1 THEN v_window_count ELSE 0 END;
      v_window_count := 0;
    END IF;
  END IF;

  UPDATE queue_admission SET
    last_tick_at = p_now,
    allowance = CASE WHEN v_rate IS NULL THEN 0 ELSE v_bucket - cardinality(v_ids) END,
    free_slots = GREATEST(0, v_free - cardinality(v_ids)),
    window_started_at = v_window_start,
    window_count = v_window_count + cardinality(v_ids),
    previous_window_count = v_previous_count,
    admitted_total = admitted_total + cardinality(v_ids),
    sold_out = v_sold_out,
    only_held_left = v_only_held AND NOT v_sold_out
  WHERE room_id = p_room_id;

  -- One sample a minute for the organizer's charts: waiting = numbered tokens not departed plus pre-queue
  -- entrants (a sum over the departure tree's roots, never a scan of the line).
  IF v_state.last_sample_at IS NULL OR date_trunc('minute', p_now) > v_state.last_sample_at THEN
    SELECT last_seq INTO v_last_seq FROM queue_counters WHERE room_id = p_room_id;
    SELECT COALESCE(sum(count), 0)::INTEGER INTO v_departed FROM queue_departures d
    WHERE d.room_id = p_room_id AND d.node IN (
      SELECT ((v_last_seq::BIGINT) >> k) << k FROM generate_series(0, 31) AS k WHERE ((v_last_seq::BIGINT) >> k) & 1 = 1);
    SELECT CASE WHEN v_room.drawn_at IS NULL THEN entrants ELSE 0 END INTO v_waiting
    FROM queue_counters WHERE room_id = p_room_id;
    INSERT INTO queue_room_samples (room_id, at, waiting, active, admitted, sold)
    VALUES (p_room_id, date_trunc('minute', p_now), GREATEST(0, v_last_seq - v_departed) + v_waiting,
      v_active + cardinality(v_ids), (SELECT admitted_total FROM queue_admission WHERE room_id = p_room_id),
      (SELECT count(*)::INTEGER FROM reservations r JOIN seats s ON s.id = r.seat_id JOIN schedules sc ON sc.id = s.schedule_id
       WHERE r.status = 'CONFIRMED' AND (
         (v_room.concert_id IS NOT NULL AND sc.concert_id = v_room.concert_id)
         OR (v_room.concert_id IS NULL AND NOT EXISTS (SELECT 1 FROM queue_rooms q WHERE q.concert_id = sc.concert_id)))))
    ON CONFLICT (room_id, at) DO NOTHING;
    UPDATE queue_admission SET last_sample_at = date_trunc('minute', p_now) WHERE room_id = p_room_id;
  END IF;

  RETURN QUERY SELECT v_ids, v_seqs, v_until, v_expired_waiting, v_expired_active,
    CASE WHEN p_for_id = ANY(v_ids) THEN 'ACTIVE' ELSE v_for.status END,
    CASE WHEN p_for_id = ANY(v_ids) THEN v_until ELSE v_for.expires_at END,
    false;
END
$$;
