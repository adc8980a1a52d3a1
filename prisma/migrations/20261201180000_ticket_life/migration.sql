-- The ticket's whole life: several seats in one payment (payment lines), cancellation with a refund per line,
-- booking numbers, and check-in at the door. Why it is shaped this way: docs/decisions/0018-ticket-life.md.

-- ---- Payment lines -----------------------------------------------------------------------------------

-- A payment debits the wallet once for one or more reservations; each reservation is one line with its own
-- amount, refunded on its own. A reservation is paid at most once, ever (the unique index): a cancelled ticket
-- stays cancelled, and buying the seat again makes a new reservation.
CREATE TYPE "PaymentLineStatus" AS ENUM ('PAID', 'REFUNDED');
-- COMPLETED -> PARTIALLY_REFUNDED (some lines refunded) -> REFUNDED (every line refunded).
ALTER TYPE "PaymentStatus" ADD VALUE IF NOT EXISTS 'PARTIALLY_REFUNDED';

CREATE TABLE "payment_lines" (
    "id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "reservation_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "status" "PaymentLineStatus" NOT NULL DEFAULT 'PAID',
    "refunded_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_lines_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "payment_lines_reservation_id_key" ON "payment_lines" ("reservation_id");
CREATE INDEX "payment_lines_payment_id_idx" ON "payment_lines" ("payment_id");
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_refunded_when" CHECK (("status" = 'REFUNDED') = ("refunded_at" IS NOT NULL));

-- Every existing payment paid exactly one reservation: it becomes a payment with one line.
INSERT INTO "payment_lines" ("payment_id", "reservation_id", "amount", "status", "refunded_at")
SELECT "id", "reservation_id", "amount",
  (CASE WHEN "status" = 'REFUNDED' THEN 'REFUNDED' ELSE 'PAID' END)::"PaymentLineStatus",
  CASE WHEN "status" = 'REFUNDED' THEN "created_at" END
FROM "payments" ORDER BY "id";

-- payments.reservation_id names the reservation of a one-line payment (every payment made through
-- `{reservationId}`, so existing readers keep working); a payment of several reservations leaves it NULL.
-- The lines are the truth.
ALTER TABLE "payments" ALTER COLUMN "reservation_id" DROP NOT NULL;

-- ---- Refunds in the ledger ---------------------------------------------------------------------------

-- A REFUND ledger row names the line it gives back; at most one refund per line, whatever races happen.
ALTER TABLE "wallet_ledger" ADD COLUMN "payment_line_id" INTEGER;
ALTER TABLE "wallet_ledger" ADD CONSTRAINT "wallet_ledger_payment_line_id_fkey" FOREIGN KEY ("payment_line_id") REFERENCES "payment_lines"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "wallet_ledger" ADD CONSTRAINT "wallet_ledger_line_only_on_refunds" CHECK ("payment_line_id" IS NULL OR "kind" = 'REFUND');
CREATE UNIQUE INDEX "wallet_ledger_one_refund_per_line" ON "wallet_ledger" ("payment_line_id") WHERE "kind" = 'REFUND';

-- The 100,000,000 cap is a rule about charges (API.md, endpoint 8), kept by applyBalanceChange: a refund must
-- never be refused because the fan topped up meanwhile. The database keeps the part that holds for every
-- change: no negative balance.
ALTER TABLE "users" DROP CONSTRAINT "users_balance_range";
ALTER TABLE "users" ADD CONSTRAINT "users_balance_nonnegative" CHECK ("balance" >= 0);

-- ---- Tickets: booking number, cancellation, check-in -------------------------------------------------

ALTER TABLE "reservations" ADD COLUMN "booking_number" TEXT;
ALTER TABLE "reservations" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3);
ALTER TABLE "reservations" ADD COLUMN "checked_in_at" TIMESTAMPTZ(3);
ALTER TABLE "reservations" ADD COLUMN "checked_in_by" INTEGER;
CREATE UNIQUE INDEX "reservations_booking_number_key" ON "reservations" ("booking_number");
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_checked_in_by_fkey" FOREIGN KEY ("checked_in_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Eight characters a person can read aloud: no 0/O, no 1/I (32 symbols, 40 random bits).
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_booking_number_format" CHECK ("booking_number" ~ '^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$');
-- Only a valid ticket is let in, and a ticket that was used cannot be cancelled afterwards.
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_checked_in_confirmed" CHECK ("checked_in_at" IS NULL OR "status" = 'CONFIRMED');
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_cancelled_when" CHECK ("cancelled_at" IS NULL OR "status" = 'CANCELLED');

-- Gives a reservation a fresh random booking number, in the caller's transaction. The numbers come from
-- gen_random_uuid() (a cryptographically strong generator; only its fully random bytes are used, and 256 is a
-- multiple of 32, so every symbol is equally likely). A clash with an existing number (about one in 10^12 per
-- pair) is caught in a subtransaction and drawn again, so two payments racing for one number both succeed.
CREATE FUNCTION "assign_booking_number"("reservation" INTEGER) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  alphabet CONSTANT TEXT := '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  random_bytes BYTEA;
  code TEXT;
  i INTEGER;
BEGIN
  LOOP
    random_bytes := uuid_send(gen_random_uuid());
    code := '';
    -- Bytes 6 and 8 carry the UUID's version and variant bits; the others are random.
    FOREACH i IN ARRAY ARRAY[0, 1, 2, 3, 4, 5, 7, 9] LOOP
      code := code || substr(alphabet, (get_byte(random_bytes, i) % 32) + 1, 1);
    END LOOP;
    BEGIN
      UPDATE "reservations" SET "booking_number" = code WHERE "id" = "reservation";
      RETURN code;
    EXCEPTION WHEN unique_violation THEN
      -- taken: draw again
    END;
  END LOOP;
END
$$;

SELECT "assign_booking_number"("id") FROM "reservations" WHERE "status" = 'CONFIRMED' ORDER BY "id";
