"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Loading, Spinner } from "@/components/ui/status-blocks";
import { describeError } from "@/lib/client/api-error";
import { formatWait } from "@/lib/client/format";
import { forgetQueueToken, queueProblem, useJoinQueue, useQueueStatus } from "@/lib/client/hooks";
import { startingPosition, useStoredQueueToken } from "@/lib/client/queue-token-store";

/**
 * The waiting room: joins the line if this tab has no place yet, then polls the status exactly as often as
 * the server's Retry-After says, and moves on to the seat picker by itself once admitted.
 */
export function WaitingRoom({
  concertId,
  concertName,
  userId,
}: {
  concertId: number;
  concertName: string;
  userId: number;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const stored = useStoredQueueToken(userId);
  const join = useJoinQueue(userId);
  const poll = useQueueStatus(stored?.token);
  const seatsPath = `/concerts/${concertId}/seats`;
  const joinedOnce = useRef(false);

  // Arriving without a place (after signing in, or in a new tab): join the line right away.
  useEffect(() => {
    if (stored === null && !joinedOnce.current) {
      joinedOnce.current = true;
      join.mutate();
    }
  }, [stored, join]);

  const status = poll.data?.status;
  const lost = queueProblem(poll.error) === "lost";

  useEffect(() => {
    if (status?.status === "ACTIVE") router.replace(seatsPath);
  }, [status?.status, router, seatsPath]);

  useEffect(() => {
    if (lost) forgetQueueToken(userId, queryClient);
  }, [lost, userId, queryClient]);

  const announcement = announcementFor(status?.status, status?.position ?? undefined);

  function rejoin() {
    forgetQueueToken(userId, queryClient);
    joinedOnce.current = true;
    join.mutate();
  }

  let body: ReactNode;
  if (join.isError) {
    body = (
      <Alert
        tone="error"
        title="Could not join the waiting room."
        action={
          <Button variant="secondary" size="sm" onClick={rejoin} busy={join.isPending}>
            Try again
          </Button>
        }
      >
        {describeError(join.error)}
      </Alert>
    );
  } else if (stored === undefined || stored === null || (!poll.data && !poll.error)) {
    body = <Loading label={stored ? "Checking your place in line…" : "Joining the line…"} />;
  } else if (status?.status === "EXPIRED" || lost || (poll.error && !poll.data)) {
    const expired = status?.status === "EXPIRED" || lost;
    body = (
      <Alert
        tone="warning"
        title={expired ? "Your place in line has expired." : "We could not check your place in line."}
        action={
          <Button onClick={expired ? rejoin : () => void poll.refetch()} busy={join.isPending || poll.isFetching}>
            {expired ? "Join the line again" : "Try again"}
          </Button>
        }
      >
        {expired
          ? "Places are kept only while the waiting room stays open. Join again to get a new place."
          : describeError(poll.error)}
      </Alert>
    );
  } else if (status?.status === "ACTIVE") {
    body = (
      <div className="flex items-center gap-3 py-6 text-lg font-semibold text-emerald-800">
        <Spinner /> It is your turn! Taking you to the seats…
      </div>
    );
  } else if (status) {
    body = <Line userId={userId} position={status.position ?? 0} estimatedWaitSeconds={status.estimatedWaitSeconds} />;
  }

  return (
    <Card className="mx-auto max-w-xl">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Waiting room</p>
      <h1 className="mt-1 text-2xl font-bold">{concertName}</h1>
      <div className="mt-5">{body}</div>
      {poll.error && poll.data && (
        <p className="mt-4 flex items-center gap-2 text-sm text-amber-800">
          <Spinner className="size-4" /> Connection trouble. Still trying; your place is safe for now.
        </p>
      )}
      <p className="mt-6 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
        <strong>Keep this tab open.</strong> Your place is kept while this page stays open; we check for you
        automatically and move you on as soon as it is your turn. No need to refresh.
      </p>
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement}
      </div>
    </Card>
  );
}

function Line({
  userId,
  position,
  estimatedWaitSeconds,
}: {
  userId: number;
  position: number;
  estimatedWaitSeconds: number | null;
}) {
  const start = useMemo(() => startingPosition(userId, position), [userId, position]);
  const ahead = Math.max(0, position - 1);
  const progress = start <= 1 ? 0.5 : (start - position) / (start - 1);
  return (
    <div>
      <dl className="grid grid-cols-3 gap-3 text-center">
        <Stat label="Your position" value={position.toLocaleString()} />
        <Stat label="People ahead" value={ahead.toLocaleString()} />
        <Stat
          label="Estimated wait"
          value={estimatedWaitSeconds === null ? "estimating…" : formatWait(estimatedWaitSeconds)}
        />
      </dl>
      <div className="mt-5">
        <ProgressBar
          value={progress}
          label="Progress in the line"
          valueText={ahead === 0 ? "You are next" : `${ahead} ${ahead === 1 ? "person" : "people"} ahead of you`}
        />
        <p className="mt-2 text-sm text-slate-600">
          {ahead === 0 ? "You are next in line." : `You started at number ${start.toLocaleString()}.`}
        </p>
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-brand-50 px-2 py-3">
      <dt className="text-xs font-medium text-slate-700 sm:text-sm">{label}</dt>
      <dd
        className="mt-1 text-lg font-bold text-brand-800 sm:text-2xl"
        data-testid={`queue-${label.toLowerCase().replace(/ /g, "-")}`}
      >
        {value}
      </dd>
    </div>
  );
}

/**
 * What screen readers hear: derived from the position, so the live region's text changes (and is read)
 * only when the position or the state changes, not on every poll.
 */
function announcementFor(status: string | undefined, position: number | undefined): string {
  if (status === "ACTIVE") return "It is your turn. Opening the seat map.";
  if (status === "EXPIRED") return "Your place in line has expired.";
  if (status === "WAIT" && position !== undefined)
    return position === 1 ? "You are next in line." : `You are number ${position} in line.`;
  return "";
}
