-- A replay returns the first response byte for byte: json keeps the key order that jsonb would normalise away.
-- AlterTable
ALTER TABLE "idempotency_records" ALTER COLUMN "response_body" SET DATA TYPE JSON;
