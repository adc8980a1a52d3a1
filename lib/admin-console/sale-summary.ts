import { zonedToUtc } from "./zoned-time";

// The sale settings in plain words, as the organizer types them ("fans who arrive between 09:30 and 10:00 are
// drawn at random at 10:00; then first come, first served; at most 200 shopping at once"). Pure: it returns
// message keys of messages/admin/*.json (namespace admin.sale) with their values, the page words them.

export type SaleDraft = {
  dedicated: boolean;
  zone: string;
  prequeueOpensAt: string;
  salesStartAt: string;
  activeCapacity: string;
  admitPerSecond: string;
  holdRequiresFunds: boolean;
  maxTicketsPerFan: string;
};

type Line =
  | ["summaryDraw", { opens: string; start: string }]
  | ["summaryNoPrequeue", { start: string }]
  | ["summaryCapacity" | "summaryCapacityDefault" | "summaryRate" | "summaryTickets", { count: number }]
  | ["summaryNoRate" | "summaryFunds", Record<string, never>]
  | ["summaryZone", { zone: string }];

/** "2026-12-01T10:00" -> "2026-12-01 10:00"; the opening drops its date when it is the start's day. */
function wall(local: string): string {
  return local.replace("T", " ");
}

export function saleSummary(
  draft: SaleDraft,
  defaults: { defaultCapacity: number; defaultRate: number | null },
): Line[] {
  const lines: Line[] = [];
  const opens = zonedToUtc(draft.prequeueOpensAt, draft.zone);
  const start = zonedToUtc(draft.salesStartAt, draft.zone);
  if (opens && start) {
    const sameDay = draft.prequeueOpensAt.slice(0, 10) === draft.salesStartAt.slice(0, 10);
    const startText = wall(draft.salesStartAt);
    if (opens < start) {
      lines.push([
        "summaryDraw",
        { opens: sameDay ? draft.prequeueOpensAt.slice(11) : wall(draft.prequeueOpensAt), start: startText },
      ]);
    } else {
      lines.push(["summaryNoPrequeue", { start: startText }]);
    }
  }
  const capacity = /^\d+$/.test(draft.activeCapacity) ? Number(draft.activeCapacity) : null;
  lines.push(
    capacity && capacity > 0
      ? ["summaryCapacity", { count: capacity }]
      : ["summaryCapacityDefault", { count: defaults.defaultCapacity }],
  );
  const rate = /^\d+$/.test(draft.admitPerSecond) ? Number(draft.admitPerSecond) : defaults.defaultRate;
  lines.push(rate ? ["summaryRate", { count: rate }] : ["summaryNoRate", {}]);
  if (draft.holdRequiresFunds) lines.push(["summaryFunds", {}]);
  const tickets = Number(draft.maxTicketsPerFan);
  if (Number.isInteger(tickets) && tickets > 0) lines.push(["summaryTickets", { count: tickets }]);
  lines.push(["summaryZone", { zone: draft.zone }]);
  return lines;
}
