// Cache keys of every server call of the fan app, in a neutral module: client hooks read them, and server pages
// use the same keys to put data they already read into the cache the page hydrates with (content at first paint).
export const queryKeys = {
  me: () => ["me"] as const,
  balance: (userId: number) => ["balance", userId] as const,
  ledger: (userId: number) => ["ledger", userId] as const,
  reservations: () => ["reservations"] as const,
  apiKeys: () => ["api-keys"] as const,
  /**
   * The fan's place in line for one concert's waiting room (rooms are per concert, ONSALE.md; a concert
   * without one shares the general room), kept in memory only (never in storage any script can read).
   */
  queueToken: (userId: number, concertId: number) => ["queue-token", userId, concertId] as const,
  queueStatus: (token: string) => ["queue-status", token] as const,
  schedules: (concertId: number, token: string) => ["schedules", concertId, token] as const,
  seats: (concertId: number, scheduleId: number, token: string) => ["seats", concertId, scheduleId, token] as const,
};

/** What the cache holds for the fan's queue token: null when they have no place in line. */
export type HeldQueueToken = { token: string; tokenId: number; status: "WAIT" | "ACTIVE" } | null;
