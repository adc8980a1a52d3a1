// What an audit entry changed, for people: the fields whose values differ between `before` and `after`
// (bookkeeping such as updatedAt left out), each as short text. A creation lists what it set; a deletion
// what it removed.

const NOISE = new Set(["updatedAt", "createdAt"]);
const MAX_TEXT = 120;

export type AuditChanges = {
  kind: "created" | "removed" | "changed";
  fields: { field: string; before?: string; after?: string }[];
};

function text(value: unknown): string {
  const s = value === null || value === undefined ? "∅" : typeof value === "string" ? value : JSON.stringify(value);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function auditChanges(before: unknown, after: unknown): AuditChanges {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && a)
    return {
      kind: "created",
      fields: Object.entries(a)
        .filter(([k]) => !NOISE.has(k))
        .map(([field, v]) => ({ field, after: text(v) })),
    };
  if (b && !a)
    return {
      kind: "removed",
      fields: Object.entries(b)
        .filter(([k]) => !NOISE.has(k))
        .map(([field, v]) => ({ field, before: text(v) })),
    };
  if (!a || !b) {
    if (JSON.stringify(before) === JSON.stringify(after)) return { kind: "changed", fields: [] };
    return { kind: "changed", fields: [{ field: "value", before: text(before), after: text(after) }] };
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !NOISE.has(k));
  return {
    kind: "changed",
    fields: keys
      .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
      .map((field) => ({ field, before: text(b[field]), after: text(a[field]) })),
  };
}
