import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { runIdempotent } from "@/lib/idempotency/run-idempotent";
import { createUser } from "../helpers/fixtures";
import { logger } from "@/lib/observability/logger";

// Storing the response fails after the work committed. Real Postgres refuses the UPDATE: a trigger
// raises for the first `failures` stores (counted with a sequence, which a rolled-back statement
// does not undo).
beforeAll(async () => {
  await prisma.$executeRawUnsafe(`CREATE TABLE store_failure_budget (failures int NOT NULL)`);
  await prisma.$executeRawUnsafe(`INSERT INTO store_failure_budget VALUES (0)`);
  await prisma.$executeRawUnsafe(`CREATE SEQUENCE store_attempts`);
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION fail_store() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('store_attempts') <= (SELECT failures FROM store_failure_budget) THEN
        RAISE EXCEPTION 'injected store failure';
      END IF;
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`
    CREATE TRIGGER fail_store BEFORE UPDATE ON idempotency_records
    FOR EACH ROW WHEN (NEW.response_status IS NOT NULL) EXECUTE FUNCTION fail_store()`);
});
afterAll(async () => {
  await prisma.$executeRawUnsafe(`DROP TRIGGER fail_store ON idempotency_records`);
});

async function failNextStores(failures: number) {
  await prisma.$executeRawUnsafe(`UPDATE store_failure_budget SET failures = ${failures}`);
  await prisma.$executeRawUnsafe(`ALTER SEQUENCE store_attempts RESTART`);
}
const attempts = async () =>
  (await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT last_value AS n FROM store_attempts`))[0]!.n;

describe("runIdempotent when storing the response fails", () => {
  it("retries the store: two failures, then the third attempt stores it and later repeats replay", async () => {
    const user = await createUser();
    await failNextStores(2);
    let runs = 0;
    const execute = async () => ({ status: 201, body: { run: ++runs } });
    const options = { userId: user.id, key: "retry", fingerprint: "f", now: new Date(), execute };
    expect(await runIdempotent(options)).toEqual({ status: 201, body: { run: 1 }, replayed: false });
    expect(await attempts()).toBe(3n);
    expect(await prisma.idempotencyRecord.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      responseStatus: 201,
    });
    expect(await runIdempotent(options)).toEqual({ status: 201, body: { run: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it("answers the committed success (not a 500) when every store fails, logs it, and keeps the key in use", async () => {
    const user = await createUser();
    await failNextStores(1_000);
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    let runs = 0;
    const execute = async () => ({ status: 200, body: { run: ++runs } });
    const options = { userId: user.id, key: "lost", fingerprint: "f", now: new Date(), execute };
    try {
      expect(await runIdempotent(options)).toEqual({ status: 200, body: { run: 1 }, replayed: false });
      expect(await attempts()).toBe(3n);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]![1])).toContain("not stored");
    } finally {
      logged.mockRestore();
    }
    // The work is done and its answer unknown to the store: a repeat must not run it again.
    await failNextStores(0);
    await expect(runIdempotent(options)).rejects.toMatchObject({ status: 409, message: "idempotency key in use" });
    expect(runs).toBe(1);
  });
});
