"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { useJoinQueue } from "@/lib/client/hooks";
import { useFan } from "@/lib/client/session";
import { useDescribeError } from "@/lib/client/use-describe-error";

/** Joins the waiting room for this fan and moves on: to the line, or straight to seats when admitted. */
export function GetTicketsButton({ concertId }: { concertId: number }) {
  const t = useTranslations("concert");
  const describe = useDescribeError();
  const router = useRouter();
  const { status, fan } = useFan();
  const join = useJoinQueue(fan?.id, concertId);
  const queuePath = `/concerts/${concertId}/queue`;

  if (status !== "authenticated" || !fan) {
    return (
      <div className="flex flex-col gap-2">
        <LinkButton href={`/sign-in?callbackUrl=${encodeURIComponent(queuePath)}`} size="lg">
          {t("getTickets")}
        </LinkButton>
        <p className="text-sm text-slate-600">{t("signInFirst")}</p>
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
        {join.isPending ? t("joining") : t("getTickets")}
      </Button>
      {join.isError && (
        <Alert tone="error" title={t("joinFailed")}>
          {describe(join.error)}
        </Alert>
      )}
    </div>
  );
}
