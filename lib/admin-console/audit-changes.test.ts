import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-changes";

describe("audit changes", () => {
  it("lists the fields that differ, leaving bookkeeping out", () => {
    expect(
      auditChanges(
        { paused: false, activeCapacity: 100, updatedAt: "2026-01-01T00:00:00Z", name: "A" },
        { paused: true, activeCapacity: 100, updatedAt: "2026-01-01T00:01:00Z", name: "A" },
      ),
    ).toEqual({ kind: "changed", fields: [{ field: "paused", before: "false", after: "true" }] });
  });

  it("says what a creation set and a deletion removed", () => {
    expect(auditChanges(null, { name: "New", seats: [1, 2], createdAt: "x" })).toEqual({
      kind: "created",
      fields: [
        { field: "name", after: "New" },
        { field: "seats", after: "[1,2]" },
      ],
    });
    expect(auditChanges({ closedAt: null }, null)).toEqual({
      kind: "removed",
      fields: [{ field: "closedAt", before: "∅" }],
    });
  });

  it("shortens long values", () => {
    const long = "x".repeat(500);
    const { fields } = auditChanges({ description: "" }, { description: long });
    expect(fields[0]!.after!.length).toBe(120);
  });
});
