import "server-only";
import bcrypt from "bcryptjs";

// bcrypt with a per-hash salt; cost 10 is ~70 ms here, slow enough for guessing, fast enough for sign-in.
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
