"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { describeError } from "@/lib/client/api-error";
import { useJoinQueue } from "@/lib/client/hooks";
import { useFan } from "@/lib/client/session";

/** Joins the waiting room for this fan and moves on: to the line, or straight to seats when admitted. */
export function GetTicketsButton({ concertId }: { concertId: number }) {
  const router = useRouter();
  const { status, fan } = useFan();
  const join = useJoinQueue(fan?.id);
  const queuePath = `/concerts/${concertId}/queue`;

  if (status !== "authenticated" || !fan) {
    return (
      <div className="flex flex-col gap-2">
        <LinkButton href={`/sign-in?callbackUrl=${encodeURIComponent(queuePath)}`} size="lg">
          Get tickets
        </LinkButton>
        <p className="text-sm text-slate-600">You will be asked to sign in first.</p>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      <Button
        size="lg"
        busy={join.isPending || join.isSuccess}
        onClick={() =>
          join.mutate(undefined, {
            onSuccess: (token) => router.push(token.status === "ACTIVE" ? `/concerts/${concertId}/seats` : queuePath),
          })
        }
      >
        {join.isPending ? "Joining the line…" : "Get tickets"}
      </Button>
      {join.isError && (
        <Alert tone="error" title="Could not join the waiting room.">
          {describeError(join.error)}
        </Alert>
      )}
    </div>
  );
}
