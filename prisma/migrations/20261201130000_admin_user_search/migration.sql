-- The organizer's user search (GET /api/admin/users?email=) matches a case-insensitive email prefix:
-- lower(email) LIKE 'prefix%'. The unique index on email cannot serve LIKE under a non-C collation, nor
-- lower(); this one can, so a search stays an index range scan however many fans sign up.
-- Prisma cannot express an expression index with an operator class, so schema.prisma does not list it.
CREATE INDEX "users_email_lower_pattern_idx" ON "users" (lower("email") text_pattern_ops);
