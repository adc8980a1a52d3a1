-- A lease on each claim, so that a request that failed (5xx) or whose process died never strands its
-- Idempotency-Key: once lease_until has passed, a repeat takes the key over, unless the work had committed.
-- committed_at is written inside the use case's own transaction (lib/idempotency/idempotent-work.ts), so it is
-- set exactly when the work committed; a row with committed_at and no response is never taken over (running the
-- work again could charge twice). lease_id names the claim that holds the lease. Rows claimed before this
-- migration have no lease and stay "in use" until their 24-hour window ends, as before.
-- See docs/decisions/0004-idempotency-keys.md.
-- AlterTable
ALTER TABLE "idempotency_records" ADD COLUMN "lease_id" UUID,
ADD COLUMN "lease_until" TIMESTAMPTZ(3),
ADD COLUMN "committed_at" TIMESTAMPTZ(3);
