"use client";

import { useSession } from "next-auth/react";

type Fan = { id: number; name: string; email: string };

/** The signed-in fan (next-auth puts the numeric user id on `session.user.id`, see lib/auth/auth-options.ts). */
export function useFan(): { status: "loading" | "authenticated" | "unauthenticated"; fan: Fan | null } {
  const { data, status } = useSession();
  const user = data?.user as { id?: number; name?: string | null; email?: string | null } | undefined;
  if (status !== "authenticated" || !user || typeof user.id !== "number") {
    return { status: status === "authenticated" ? "unauthenticated" : status, fan: null };
  }
  return { status, fan: { id: user.id, name: user.name ?? "", email: user.email ?? "" } };
}
