-- Waiting room engine (issue 3). See lib/queue/postgres-queue-store.ts for how these are used.

-- Operator knobs: a NULL column follows the environment (QUEUE_ACTIVE_CAPACITY, QUEUE_ADMIT_PER_SECOND),
-- so a fresh deployment obeys its env and an operator override is one UPDATE. admit_per_second = 0 means
-- "no cap" even when the environment sets one.
ALTER TABLE "queue_settings" ALTER COLUMN "active_capacity" DROP NOT NULL,
  ALTER COLUMN "active_capacity" DROP DEFAULT;
-- 100 was the old column default (and is QUEUE_ACTIVE_CAPACITY's default), so a row holding 100 was most
-- likely never set by anyone: it now follows the environment. Any other value is an operator's override
-- and is kept.
UPDATE "queue_settings" SET "active_capacity" = NULL WHERE "id" = 1 AND "active_capacity" = 100;
ALTER TABLE "queue_settings" DROP CONSTRAINT "queue_settings_rate_positive";
ALTER TABLE "queue_settings" ADD CONSTRAINT "queue_settings_rate_nonnegative"
  CHECK ("admit_per_second" IS NULL OR "admit_per_second" >= 0);

-- Join order. Every token gets a dense number from one counter row (see the trigger below). Tokens that
-- already exist are numbered 1..n in id order (ids are issued in insert order), before the unique index.
ALTER TABLE "queue_tokens" ADD COLUMN "seq" INTEGER NOT NULL DEFAULT 0;
UPDATE "queue_tokens" t SET "seq" = n.rn
FROM (SELECT "id", row_number() OVER (ORDER BY "id")::INTEGER AS rn FROM "queue_tokens") n
WHERE t."id" = n."id";

-- CreateTable
CREATE TABLE "queue_counters" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "queue_counters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_admission" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_tick_at" TIMESTAMPTZ(3),
    "allowance" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "free_slots" INTEGER NOT NULL DEFAULT 1,
    "window_started_at" TIMESTAMPTZ(3),
    "window_count" INTEGER NOT NULL DEFAULT 0,
    "previous_window_count" INTEGER NOT NULL DEFAULT 0,
    "admitted_total" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "queue_admission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "queue_departures" (
    "node" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "queue_departures_pkey" PRIMARY KEY ("node")
);

-- CreateIndex
CREATE UNIQUE INDEX "queue_tokens_seq_key" ON "queue_tokens"("seq");

ALTER TABLE "queue_counters" ADD CONSTRAINT "queue_counters_singleton" CHECK ("id" = 1);
ALTER TABLE "queue_admission" ADD CONSTRAINT "queue_admission_singleton" CHECK ("id" = 1);
INSERT INTO "queue_counters" ("id", "last_seq") SELECT 1, COALESCE(max("seq"), 0) FROM "queue_tokens";
INSERT INTO "queue_admission" ("id") VALUES (1) ON CONFLICT DO NOTHING;

-- Every existing token that is no longer WAIT has left the line once (admitted, or lapsed and retired):
-- record those departures in the Fenwick tree, exactly as queue_admit does below, so positions of the
-- fans already waiting come out right. A lapsed WAIT token is recorded when a tick retires it.
INSERT INTO "queue_departures" ("node", "count")
SELECT node, count(*)::INTEGER FROM (
  SELECT ((("seq"::BIGINT - 1) >> k) + 1) << k AS node
  FROM "queue_tokens" CROSS JOIN generate_series(0, 31) AS k
  WHERE "status" <> 'WAIT' AND ((("seq"::BIGINT - 1) >> k) + 1) & 1 = 1
) chain
GROUP BY node;

-- Admission takes the earliest live WAIT tokens in join order; the idle sweep finds lapsed WAIT tokens.
-- Both stay small scans however long the token history grows.
CREATE INDEX "queue_tokens_waiting_seq_idx" ON "queue_tokens" ("seq") WHERE "status" = 'WAIT';
CREATE INDEX "queue_tokens_waiting_expiry_idx" ON "queue_tokens" ("expires_at") WHERE "status" = 'WAIT';

-- The join number is taken from the counter row under its row lock, which is held until the inserting
-- transaction commits: numbers therefore commit in order (FIFO cannot be bent by a slow commit) and have
-- no gaps (a failed insert, e.g. a second live token for one user, rolls its number back). Position
-- arithmetic (lib/queue/postgres-queue-store.ts) relies on both. A trigger, so that every insert, including
-- test fixtures, gets a number.
CREATE FUNCTION "queue_tokens_assign_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "queue_counters" SET "last_seq" = "last_seq" + 1 WHERE "id" = 1 RETURNING "last_seq" INTO NEW."seq";
  RETURN NEW;
END
$$;
CREATE TRIGGER "queue_tokens_assign_seq" BEFORE INSERT ON "queue_tokens"
  FOR EACH ROW EXECUTE FUNCTION "queue_tokens_assign_seq"();

-- One admission tick, entirely inside the database: the advisory lock is held for the length of this one
-- autocommit statement (about a millisecond), never across a network round trip or an app process's
-- scheduling. The lock is taken first; every later statement of a VOLATILE function takes a fresh READ
-- COMMITTED snapshot, so the ACTIVE count below includes every admission the previous holder committed
-- (it commits before its transaction-level lock is released). Hence capacity holds across any number of
-- app processes, and the `status = 'WAIT'` re-check means no token is admitted twice.
--
-- Capacity is counted by status alone: every row with status ACTIVE takes a slot, lapsed or not. A slot is
-- freed only by a status change (this sweep, or a payment), and nothing turns an EXPIRED token back into
-- ACTIVE. So at all times, whatever any clock says, rows with status ACTIVE <= capacity, and the live
-- ACTIVE tokens by any clock are a subset of them. The clock (p_now) only decides which tokens the sweep
-- retires; the sweep takes each row's lock, so it waits for a booking transaction that is extending the
-- token (lib/queue/active-token-lifecycle.ts) and re-checks the deadline that transaction committed:
-- extended past p_now, the token stays ACTIVE and is counted; otherwise it is EXPIRED, and a later
-- extension finds status <> 'ACTIVE' and does nothing.
--
-- Returns no row when skipped (lock busy with p_wait = false, or ticked less than p_min_interval_ms ago).
CREATE FUNCTION "queue_admit"(
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
  for_expires_at TIMESTAMPTZ
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_until TIMESTAMPTZ := p_now + make_interval(secs => p_active_ttl_seconds);
  v_for RECORD;
  v_state RECORD;
  v_settings RECORD;
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
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(1364542805);
  ELSIF NOT pg_try_advisory_xact_lock(1364542805) THEN
    RETURN;
  END IF;

  -- A join waiting to be admitted: an earlier tick may already have done it (the usual case in a burst).
  SELECT t.status::text AS status, t.expires_at INTO v_for FROM queue_tokens t WHERE t.id = p_for_id;
  IF p_for_id IS NOT NULL AND v_for.status IS DISTINCT FROM 'WAIT' THEN
    RETURN QUERY SELECT '{}'::INTEGER[], '{}'::INTEGER[], v_until, 0, 0, v_for.status, v_for.expires_at;
    RETURN;
  END IF;

  SELECT * INTO v_state FROM queue_admission WHERE id = 1;
  IF p_retire_id IS NULL AND v_state.last_tick_at IS NOT NULL AND p_now >= v_state.last_tick_at
     AND p_now < v_state.last_tick_at + make_interval(secs => p_min_interval_ms / 1000.0) THEN
    RETURN;
  END IF;

  -- Knobs: a NULL column follows the environment; admit_per_second = 0 lifts the cap.
  SELECT * INTO v_settings FROM queue_settings WHERE id = 1;
  v_capacity := COALESCE(v_settings.active_capacity, p_env_capacity);
  v_rate := NULLIF(COALESCE(v_settings.admit_per_second, p_env_rate), 0);

  -- Retire every lapsed ACTIVE token, in a statement of its own, before the count in the next statement
  -- (see above for why this order). No batch limit: ACTIVE rows never outnumber the capacity (or a former,
  -- larger one), and a limit would leave lapsed rows that a lagging clock could still extend.
  UPDATE queue_tokens SET status = 'EXPIRED', ended_at = expires_at
  WHERE status = 'ACTIVE' AND expires_at <= p_now;
  GET DIAGNOSTICS v_expired_active = ROW_COUNT;
  SELECT count(*) INTO v_active FROM queue_tokens WHERE status = 'ACTIVE';
  v_free := GREATEST(0, v_capacity - v_active);
  IF v_rate IS NULL THEN
    v_bucket := 0;
    v_admit := v_free;
  ELSE
    -- Token bucket: refills at the rate, holds at most one second's worth, so a burst is spread out.
    v_bucket := LEAST(v_rate, GREATEST(v_state.allowance, 0) + v_rate * CASE WHEN v_state.last_tick_at IS NULL THEN 1
      ELSE GREATEST(0, extract(epoch FROM p_now - v_state.last_tick_at)) END);
    v_admit := LEAST(v_free, floor(v_bucket)::INTEGER);
  END IF;
  IF COALESCE(v_settings.paused, false) THEN
    v_admit := 0;
  END IF;

  WITH lapsed_waiting AS (
    UPDATE queue_tokens SET status = 'EXPIRED', ended_at = expires_at
    WHERE id IN (
        (SELECT id FROM queue_tokens WHERE status = 'WAIT' AND expires_at <= p_now ORDER BY expires_at LIMIT p_sweep_batch)
        UNION ALL SELECT p_retire_id)
      AND status = 'WAIT' AND expires_at <= p_now
    RETURNING seq
  ), admitted AS (
    UPDATE queue_tokens SET status = 'ACTIVE', activated_at = p_now, expires_at = v_until, last_seen_at = p_now
    WHERE id IN (
        SELECT id FROM queue_tokens WHERE status = 'WAIT' AND expires_at > p_now ORDER BY seq LIMIT v_admit)
      AND status = 'WAIT'
    RETURNING id, seq
  ), departed AS (
    SELECT seq FROM lapsed_waiting UNION ALL SELECT seq FROM admitted
  ), recorded AS (
    -- Fenwick update: number s adds 1 to node ceil(s / 2^k) * 2^k for every k where that quotient is
    -- odd (exactly the nodes whose range (j - lowbit(j), j] covers s), up to 2^31.
    INSERT INTO queue_departures (node, count)
    SELECT node, count(*)::INTEGER FROM (
      SELECT (((d.seq::BIGINT - 1) >> k) + 1) << k AS node
      FROM departed d CROSS JOIN generate_series(0, 31) AS k
      WHERE (((d.seq::BIGINT - 1) >> k) + 1) & 1 = 1
    ) chain
    GROUP BY node ORDER BY node
    ON CONFLICT (node) DO UPDATE SET count = queue_departures.count + EXCLUDED.count
    RETURNING node
  )
  SELECT COALESCE((SELECT array_agg(id ORDER BY seq) FROM admitted), '{}'),
    COALESCE((SELECT array_agg(seq ORDER BY seq) FROM admitted), '{}'),
    (SELECT count(*) FROM lapsed_waiting)
  INTO v_ids, v_seqs, v_expired_waiting;

  -- Two-bucket sliding window of admissions (read back by lib/queue/queue-rules.ts observedAdmissionRate).
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
    admitted_total = admitted_total + cardinality(v_ids)
  WHERE id = 1;

  RETURN QUERY SELECT v_ids, v_seqs, v_until, v_expired_waiting, v_expired_active,
    CASE WHEN p_for_id = ANY(v_ids) THEN 'ACTIVE' ELSE v_for.status END,
    CASE WHEN p_for_id = ANY(v_ids) THEN v_until ELSE v_for.expires_at END;
END
$$;
