"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { forgetQueueToken, queueProblem, useBookingToken } from "@/lib/client/hooks";

/** Renders its children with the fan's queue token, or sends them to the waiting room when they have none. */
export function BookingTokenGate({
  userId,
  concertId,
  children,
}: {
  userId: number;
  concertId: number;
  children: (token: string) => ReactNode;
}) {
  const router = useRouter();
  const booking = useBookingToken(userId);
  const queuePath = `/concerts/${concertId}/queue`;
  useEffect(() => {
    if (booking.state === "none") router.replace(queuePath);
  }, [booking.state, router, queuePath]);
  if (booking.state === "ready") return <>{children(booking.token!)}</>;
  if (booking.state === "error")
    return <LoadError error={booking.error} what="your place in line" onRetry={booking.retry} />;
  return (
    <Loading label={booking.state === "none" ? "Taking you to the waiting room…" : "Checking your place in line…"} />
  );
}

/** What to show when a token-protected call says the fan is not (or no longer) admitted. */
export function QueueProblem({ error, userId, concertId }: { error: unknown; userId: number; concertId: number }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const problem = queueProblem(error);
  const queuePath = `/concerts/${concertId}/queue`;
  useEffect(() => {
    if (problem === "not-admitted") router.replace(queuePath);
    if (problem === "lost") forgetQueueToken(userId, queryClient);
  }, [problem, router, queuePath, userId, queryClient]);
  if (problem === "not-admitted")
    return <Loading label="You are still in line. Taking you back to the waiting room…" />;
  if (problem !== "lost") return null;
  return (
    <Alert
      tone="warning"
      title="Your turn has ended."
      action={
        <LinkButton href={queuePath} size="sm">
          Join the line again
        </LinkButton>
      }
    >
      Admission lasts a few minutes. Join the line again to choose seats.
    </Alert>
  );
}
