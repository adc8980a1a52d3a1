import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "@playwright/test";
import { createSignedInFan, test } from "./helpers";

const run = promisify(execFile);

/** The shell block of README.md's "Selling a ticket through the API", between its walkthrough markers. */
function walkthrough(): string {
  const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
  const section = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!section) throw new Error("README.md has no walkthrough block between its markers");
  return section[1]!;
}

// The README's partner walk-through, run as written (only the key and the address filled in) against the
// e2e server: a partner who copies it ends with a paid ticket.
test("the README walk-through sells a ticket against a running server", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const script = walkthrough();
  expect(script).toContain("KEY='tk_live_...'");
  expect(script).toContain("BASE=http://localhost:3000");
  const fan = await createSignedInFan(page, { name: "Partner" });
  const created = await page.request.post("/api/me/api-keys", { data: { name: "walkthrough" } });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };

  const filled = script
    .replace("KEY='tk_live_...'", `KEY='${key}'`)
    .replace("BASE=http://localhost:3000", `BASE=${baseURL}`);
  const { stdout } = await run("bash", ["-c", filled], { timeout: 100_000 }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`the walkthrough failed: ${error.message}\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
    },
  );
  const lines = stdout.trim().split("\n");
  expect(JSON.parse(lines[0]!)).toEqual({ userId: fan.userId, currentAmount: 200_000 });
  expect(lines.some((l) => l.startsWith("queue: ACTIVE"))).toBe(true);
  const payment = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  expect(payment).toMatchObject({ paymentStatus: "COMPLETED", amount: 99_000, balanceAfter: 101_000 });

  // The API agrees: the partner owns one confirmed ticket.
  const mine = (await (await page.request.get("/api/me/reservations")).json()) as {
    reservations: { status: string }[];
  };
  expect(mine.reservations.map((r) => r.status)).toEqual(["CONFIRMED"]);
});
