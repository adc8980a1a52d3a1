import "server-only";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./auth-options";

// Server-side view of the fan's next-auth session for pages: the layout hands it to the client so the header
// renders signed-in at once, and pages that need a fan redirect to sign-in before rendering anything.
export async function getFanSession(): Promise<Session | null> {
  return getServerSession(authOptions());
}

export function userIdFromSession(session: Session | null): number | null {
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : null;
}

/** For fan-only pages: the user id, or a redirect to sign-in that brings the fan back to `returnTo`. */
export async function requireFanPage(returnTo: string): Promise<number> {
  const userId = userIdFromSession(await getFanSession());
  // `required` lets the sign-in page say why the fan is there.
  if (userId === null) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}&required=1`);
  return userId;
}
