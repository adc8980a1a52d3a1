import "server-only";
import { AppError } from "../http/app-error";
import type { Identity } from "./resolve-identity";

export const API_KEYS_NEED_SESSION = "API keys are managed from a signed-in session";

/**
 * Keys are created, listed and revoked only from a signed-in session (the account page), never with a key:
 * otherwise a stolen key could mint fresh keys and revoke the owner's, and so outlive its own revocation.
 */
export function assertSession(identity: Identity): void {
  if (identity.via !== "session") throw new AppError("forbidden", API_KEYS_NEED_SESSION);
}
