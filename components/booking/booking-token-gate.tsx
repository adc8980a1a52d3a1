"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("queue");
  const router = useRouter();
  const booking = useBookingToken(userId, concertId);
  const queuePath = `/concerts/${concertId}/queue`;
  useEffect(() => {
    if (booking.state === "none") router.replace(queuePath);
  }, [booking.state, router, queuePath]);
  if (booking.state === "ready") return <>{children(booking.token!)}</>;
  if (booking.state === "error")
    return <LoadError error={booking.error} what={t("checkFailed")} onRetry={booking.retry} />;
  return <Loading label={booking.state === "none" ? t("toWaitingRoom") : t("checking")} />;
}

/** What to show when a token-protected call says the fan is not (or no longer) admitted. */
export function QueueProblem({ error, userId, concertId }: { error: unknown; userId: number; concertId: number }) {
  const t = useTranslations("queue");
  const router = useRouter();
  const queryClient = useQueryClient();
  const problem = queueProblem(error);
  const queuePath = `/concerts/${concertId}/queue`;
  useEffect(() => {
    if (problem === "not-admitted") router.replace(queuePath);
    if (problem === "lost") forgetQueueToken(userId, concertId, queryClient);
  }, [problem, router, queuePath, userId, concertId, queryClient]);
  if (problem === "not-admitted") return <Loading label={t("stillWaiting")} />;
  if (problem !== "lost") return null;
  return (
    <Alert
      tone="warning"
      title={t("turnEnded")}
      action={
        <LinkButton href={queuePath} size="sm">
          {t("rejoin")}
        </LinkButton>
      }
    >
      {t("turnEndedBody")}
    </Alert>
  );
}
