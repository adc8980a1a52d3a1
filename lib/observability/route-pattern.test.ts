import { describe, expect, it } from "vitest";
import { routeMatcher, UNMATCHED } from "./route-pattern";

const match = routeMatcher([
  "/",
  "/api/health",
  "/api/concerts",
  "/api/concerts/[concertId]/schedules",
  "/api/concerts/[concertId]/schedules/[scheduleId]/seats",
  "/api/concerts/reservations",
  "/api/concerts/reservations/[reservationId]/cancel",
  "/api/queue/token/users/[userId]",
  "/api/[...path]",
  "/concerts/[concertId]",
  "/docs/[[...slug]]",
  "/_not-found",
]);

describe("routeMatcher", () => {
  it("labels a path with its route pattern, never with its ids", () => {
    expect(match("/api/concerts/5/schedules")).toBe("/api/concerts/[concertId]/schedules");
    expect(match("/api/concerts/5/schedules/77/seats")).toBe("/api/concerts/[concertId]/schedules/[scheduleId]/seats");
    expect(match("/api/queue/token/users/123")).toBe("/api/queue/token/users/[userId]");
    expect(match("/concerts/9")).toBe("/concerts/[concertId]");
    expect(match("/")).toBe("/");
    expect(match("/api/health/")).toBe("/api/health");
  });

  it("prefers a static segment to a dynamic one, and a dynamic one to a catch-all", () => {
    expect(match("/api/concerts/reservations")).toBe("/api/concerts/reservations");
    expect(match("/api/concerts/reservations/4/cancel")).toBe("/api/concerts/reservations/[reservationId]/cancel");
    expect(match("/api/no/such/route")).toBe("/api/[...path]");
    expect(match("/docs")).toBe("/docs/[[...slug]]");
    expect(match("/docs/a/b")).toBe("/docs/[[...slug]]");
  });

  it("gives unknown paths and framework files fixed labels", () => {
    expect(match("/wp-login.php")).toBe(UNMATCHED);
    expect(match("/_not-found")).toBe(UNMATCHED);
    expect(match("/_next/static/chunks/abc.js")).toBe("/_next/*");
  });
});
