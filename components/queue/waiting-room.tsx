"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Loading, Spinner } from "@/components/ui/status-blocks";
import { formatWait } from "@/lib/client/format";
import { forgetQueueToken, queueProblem, useJoinQueue, useQueueStatus, useQueueToken } from "@/lib/client/hooks";
import { lineProgress, startingPosition } from "@/lib/client/line-progress";
import { announceTurn, notificationsSupported, unlockSound } from "@/lib/client/turn-alert";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { useHydrated } from "@/lib/client/use-hydrated";

/** The room's state (ONSALE.md); a server that does not send one is selling (ON_SALE). */
export type SaleState = "CLOSED" | "SOLD_OUT" | "UPCOMING" | "PREQUEUE" | "PAUSED" | "ON_SALE";

/**
 * The waiting room: joins the line if the fan has no place yet, then polls the status exactly as often as
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
  const t = useTranslations("queue");
  const describe = useDescribeError();
  const router = useRouter();
  const queryClient = useQueryClient();
  const tokenQuery = useQueueToken(userId, concertId);
  const held = tokenQuery.data;
  const join = useJoinQueue(userId, concertId);
  const poll = useQueueStatus(held?.token);
  const seatsPath = `/concerts/${concertId}/seats`;
  const joinedOnce = useRef(false);
  const [sound, setSound] = useState(false);

  // Arriving without a place (after signing in, or after the place lapsed): join the line right away.
  useEffect(() => {
    if (held === null && !joinedOnce.current) {
      joinedOnce.current = true;
      join.mutate();
    }
  }, [held, join]);

  const status = poll.data?.status;
  const saleState: SaleState = (status as { saleState?: SaleState } | undefined)?.saleState ?? "ON_SALE";
  const position = (status?.position as number | null | undefined) ?? null;
  const drawnPlace = status?.drawnPlace ?? null;
  // The commitment is sent only during the pre-queue; the page keeps showing the one the fan saw.
  const [commitment, setCommitment] = useState<string | null>(status?.drawCommitment ?? null);
  if (status?.drawCommitment && status.drawCommitment !== commitment) setCommitment(status.drawCommitment);
  const lost = queueProblem(poll.error) === "lost";

  useEffect(() => {
    if (status?.status !== "ACTIVE") return;
    announceTurn({ title: t("turnTitle"), body: t("turnBody", { concert: concertName }), sound });
    router.replace(seatsPath);
  }, [status?.status, router, seatsPath, t, concertName, sound]);

  useEffect(() => {
    if (lost) forgetQueueToken(userId, concertId, queryClient);
  }, [lost, userId, concertId, queryClient]);

  function rejoin() {
    forgetQueueToken(userId, concertId, queryClient);
    joinedOnce.current = true;
    join.mutate();
  }

  let announcement = "";
  let body: ReactNode;
  if (join.isError) {
    body = (
      <Alert
        tone="error"
        title={t("joinFailed")}
        action={
          <Button variant="secondary" size="sm" onClick={rejoin} busy={join.isPending}>
            {t("retry")}
          </Button>
        }
      >
        {describe(join.error)}
      </Alert>
    );
  } else if (!held || (!poll.data && !poll.error)) {
    body = <Loading label={held ? t("checking") : t("joining")} />;
  } else if (status?.status === "EXPIRED" || lost || (poll.error && !poll.data)) {
    const expired = status?.status === "EXPIRED" || lost;
    announcement = expired ? t("expiredTitle") : "";
    body = (
      <Alert
        tone="warning"
        title={expired ? t("expiredTitle") : t("checkFailed")}
        action={
          <Button onClick={expired ? rejoin : () => void poll.refetch()} busy={join.isPending || poll.isFetching}>
            {expired ? t("rejoin") : t("retry")}
          </Button>
        }
      >
        {expired ? t("expiredBody") : describe(poll.error)}
      </Alert>
    );
  } else if (status?.status === "ACTIVE") {
    announcement = t("turnAnnouncement");
    body = (
      <div className="flex items-center gap-3 py-6 text-lg font-semibold text-emerald-800">
        <Spinner /> {t("turnNow")}
      </div>
    );
  } else if (status) {
    announcement =
      saleState === "PAUSED"
        ? t("pausedTitle")
        : position === null
          ? ""
          : drawnPlace !== null && position === drawnPlace
            ? t("drawnTitle", { place: drawnPlace })
            : position === 1
              ? t("nextAnnouncement")
              : t("positionAnnouncement", { position });
    body = (
      <>
        <RoomState state={saleState} />
        {saleState === "PREQUEUE" && position === null && (
          <PrequeueCountdown seconds={status.estimatedWaitSeconds ?? 0} since={poll.dataUpdatedAt} />
        )}
        {drawnPlace !== null && <DrawnPlace place={drawnPlace} concertId={concertId} />}
        {commitment && <Commitment value={commitment} />}
        {position !== null && (
          <Line
            tokenId={held.tokenId}
            position={position}
            paused={saleState === "PAUSED"}
            estimatedWaitSeconds={status.estimatedWaitSeconds}
          />
        )}
      </>
    );
  }

  return (
    <Card className="mx-auto max-w-xl">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("eyebrow")}</p>
      <h1 className="mt-1 text-2xl font-bold">{concertName}</h1>
      <div className="mt-5 space-y-5">{body}</div>
      {poll.error && poll.data && (
        <p className="mt-4 flex items-center gap-2 text-sm text-amber-800">
          <Spinner className="size-4" /> {t("connectionTrouble")}
        </p>
      )}
      <TurnAlerts sound={sound} onSound={setSound} />
      <p className="mt-4 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
        <strong>{t("keepOpenTitle")}</strong> {t("keepOpenBody")}
      </p>
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="queue-announcement">
        {announcement}
      </div>
    </Card>
  );
}

/** The room's own news: paused admissions, a sale that has not started, sold out or closed. */
function RoomState({ state }: { state: SaleState }) {
  const t = useTranslations("queue");
  if (state === "PAUSED")
    return (
      <div
        role="status"
        data-testid="room-paused"
        className="flex gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-7 shrink-0 text-amber-600" fill="currentColor">
          <circle cx="12" cy="12" r="11" fillOpacity="0.15" />
          <rect x="8" y="7" width="2.8" height="10" rx="1" />
          <rect x="13.2" y="7" width="2.8" height="10" rx="1" />
        </svg>
        <div>
          <p className="font-semibold">{t("pausedTitle")}</p>
          <p className="mt-1 text-sm">{t("pausedBody")}</p>
        </div>
      </div>
    );
  if (state === "ON_SALE") return null;
  const key = { SOLD_OUT: "soldOut", UPCOMING: "upcoming", PREQUEUE: "prequeue", CLOSED: "closed" } as const;
  return (
    <Alert tone={state === "PREQUEUE" ? "info" : "warning"} title={t(`${key[state]}Title`)}>
      {t(`${key[state]}Body`)}
    </Alert>
  );
}

/**
 * The time left until the sale starts (endpoint 3's estimate during the pre-queue), counted down between polls.
 * The first render uses the polled value as it is, so the server's HTML and the browser's first paint agree.
 */
function PrequeueCountdown({ seconds, since }: { seconds: number; since: number }) {
  const t = useTranslations("queue");
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  const left = Math.max(0, seconds * 1000 - Math.max(0, now - since));
  return (
    <div className="rounded-xl bg-brand-50 p-4 text-center">
      <p className="text-sm font-medium text-slate-700" id="prequeue-countdown-label">
        {t("startsIn")}
      </p>
      {left > 0 ? (
        <p
          role="timer"
          aria-labelledby="prequeue-countdown-label"
          className="mt-1 font-mono text-4xl font-bold tabular-nums text-brand-800"
          data-testid="prequeue-countdown"
        >
          {clock(left)}
        </p>
      ) : (
        <p className="mt-2 flex items-center justify-center gap-2 font-semibold text-brand-800" role="status">
          <Spinner className="size-4" /> {t("drawing")}
        </p>
      )}
    </div>
  );
}

/** "1:02:03" for an hour or more, else "4:05". */
function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** The draw's commitment, fixed before anyone joined, to copy now and compare with the published draw later. */
function Commitment({ value }: { value: string }) {
  const t = useTranslations("queue");
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const field = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
      field.current?.select();
    }
  }
  return (
    <div className="rounded-xl border border-slate-200 p-4">
      <h2 className="font-semibold">{t("commitmentTitle")}</h2>
      <p className="mt-1 text-sm text-slate-700">{t("commitmentBody")}</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label className="sr-only" htmlFor="draw-commitment">
          {t("commitmentLabel")}
        </label>
        <input
          ref={field}
          id="draw-commitment"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="min-h-11 min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 font-mono text-xs text-slate-900"
          data-testid="draw-commitment"
        />
        <Button variant="secondary" onClick={() => void copy()}>
          {copied === "yes" ? t("copied") : t("copy")}
        </Button>
      </div>
      {copied === "failed" && <p className="mt-2 text-sm text-slate-700">{t("copyBlocked")}</p>}
    </div>
  );
}

/** After the start: the fan's place in the draw, and where anyone can check the draw. */
function DrawnPlace({ place, concertId }: { place: number; concertId: number }) {
  const t = useTranslations("queue");
  return (
    <div className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-emerald-950" data-testid="drawn-place">
      <p className="font-semibold">
        {t("drawnPlace")}: <span data-testid="drawn-place-number">{place.toLocaleString()}</span>
      </p>
      <p className="mt-1 text-sm">{t("drawnBody")}</p>
      <p className="mt-2 text-sm">
        <a
          className="font-medium text-emerald-900 underline"
          href={`/api/concerts/${concertId}/room/draw`}
          target="_blank"
          rel="noreferrer"
        >
          {t("drawLink")}
        </a>{" "}
        {t("drawLinkHint")}
      </p>
    </div>
  );
}

function Line({
  tokenId,
  position,
  paused,
  estimatedWaitSeconds,
}: {
  tokenId: number;
  position: number;
  paused: boolean;
  estimatedWaitSeconds: number | null;
}) {
  const t = useTranslations("queue");
  const locale = useLocale();
  const start = useMemo(() => startingPosition(tokenId, position), [tokenId, position]);
  const ahead = Math.max(0, position - 1);
  const progress = lineProgress(start, position);
  const wait = paused
    ? t("waitPaused")
    : estimatedWaitSeconds === null
      ? t("estimating")
      : formatWait(estimatedWaitSeconds, locale);
  return (
    <div>
      <dl className="grid grid-cols-2 gap-2 text-center sm:grid-cols-3 sm:gap-3">
        <Stat label={t("position")} value={position.toLocaleString()} testId="queue-your-position" />
        <Stat label={t("ahead")} value={ahead.toLocaleString()} testId="queue-people-ahead" />
        <Stat label={t("wait")} value={wait} testId="queue-estimated-wait" wide />
      </dl>
      <div className="mt-5">
        {progress !== null && (
          <ProgressBar
            value={progress}
            label={t("progressLabel")}
            valueText={ahead === 0 ? t("nextInLine") : t("aheadOfYou", { count: ahead })}
          />
        )}
        <p className="mt-2 text-sm text-slate-600">
          {ahead === 0 ? t("nextInLine") : t("startedAt", { start: start.toLocaleString() })}
        </p>
      </div>
    </div>
  );
}

function Stat({ label, value, testId, wide }: { label: string; value: string; testId: string; wide?: boolean }) {
  return (
    <div className={`min-w-0 rounded-lg bg-brand-50 px-2 py-3 ${wide ? "col-span-2 sm:col-span-1" : ""}`}>
      <dt className="text-xs font-medium text-slate-700 sm:text-sm">{label}</dt>
      <dd className="mt-1 break-words text-lg font-bold text-brand-800 sm:text-xl" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Opt-ins for being told in the background: a chime (needs this click to be allowed) and a notification. */
function TurnAlerts({ sound, onSound }: { sound: boolean; onSound: (on: boolean) => void }) {
  const t = useTranslations("queue");
  const hydrated = useHydrated();
  // Read in the browser only (nothing renders before hydration, so server and client agree).
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">(() =>
    notificationsSupported() ? Notification.permission : "unsupported",
  );
  if (!hydrated) return null;
  return (
    <div className="mt-5 flex flex-col gap-2 text-sm sm:flex-row sm:flex-wrap sm:items-center">
      <label className="inline-flex min-h-11 cursor-pointer items-center gap-2">
        <input
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={sound}
          onChange={(e) => onSound(e.target.checked && unlockSound())}
        />
        {t("soundOptIn")}
      </label>
      {permission === "default" && (
        <Button variant="secondary" size="sm" onClick={() => void Notification.requestPermission().then(setPermission)}>
          {t("notifyOptIn")}
        </Button>
      )}
      {permission === "granted" && <span className="text-slate-600">{t("notifyOn")}</span>}
    </div>
  );
}
