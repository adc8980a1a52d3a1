// Cache keys of the organizer console, in a neutral module: client hooks read them, and the server pages use the
// same keys to hand over what they already read (content at first paint, docs/decisions/0017).
export const adminKeys = {
  concerts: () => ["admin", "concerts"] as const,
  concert: (concertId: number) => ["admin", "concert", concertId] as const,
  stats: (concertId: number | null) => ["admin", "stats", concertId ?? "general"] as const,
  generalRoom: () => ["admin", "general-room"] as const,
  audit: () => ["admin", "audit"] as const,
  users: (email: string | null, role: string | null) => ["admin", "users", email, role] as const,
};
