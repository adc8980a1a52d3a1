"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { hasErrorKind } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import type { ConcertSchedules, MyReservation } from "@/lib/client/api-types";
import type { SeatGrade } from "@/lib/catalogue/catalogue-schemas";
import { formatWon } from "@/lib/client/format";
import { queueProblem, useMyReservations, useReserveSeat, useSchedules, useSeatMap } from "@/lib/client/hooks";
import { serverNow } from "@/lib/client/server-clock";
import { flashTitleWhileHidden } from "@/lib/client/turn-alert";
import { useDescribeError } from "@/lib/client/use-describe-error";
import { BookingTokenGate, QueueProblem } from "./booking-token-gate";
import { checkoutPath, HoldTray } from "./hold-tray";
import { SeatMap, type SeatView } from "./seat-map";
import { tiersOf } from "./seat-tiers";

type Props = {
  concertId: number;
  concertName: string;
  userId: number;
  initialScheduleId?: number;
  grades: SeatGrade[];
  limits: SeatLimits;
  /** The fan's place in this concert's pre-queue draw, when they were an entrant. */
  drawnPlace?: number | null;
};

export function SeatPicker(props: Props) {
  // The waiting room may have moved a fan here whose tab is in the background: keep telling them.
  useEffect(() => flashTitleWhileHidden(), []);
  return (
    <BookingTokenGate userId={props.userId} concertId={props.concertId}>
      {(token) => <Picker {...props} token={token} />}
    </BookingTokenGate>
  );
}

function Picker({
  concertId,
  concertName,
  userId,
  initialScheduleId,
  grades,
  limits,
  drawnPlace,
  token,
}: Props & { token: string }) {
  const t = useTranslations("seats");
  const schedules = useSchedules(concertId, token);
  // The chosen date lives in the address (?schedule=), so reload, back and forward all show the same seats.
  const fromUrl = Number(useSearchParams().get("schedule"));
  const chosen = Number.isSafeInteger(fromUrl) && fromUrl > 0 ? fromUrl : initialScheduleId;

  if (queueProblem(schedules.error))
    return <QueueProblem error={schedules.error} userId={userId} concertId={concertId} />;
  if (!schedules.data) {
    if (schedules.isError)
      return (
        <LoadError
          error={schedules.error}
          what={t("datesFailed")}
          onRetry={() => void schedules.refetch()}
          retrying={schedules.isFetching}
        />
      );
    return <Loading label={t("loadingDates")} />;
  }
  const list = schedules.data.schedules;
  const scheduleId =
    chosen !== undefined && list.some((s) => s.scheduleId === chosen)
      ? chosen
      : (list.find((s) => s.availableSeats > 0) ?? list[0])?.scheduleId;

  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight">{concertName}</h1>
        <p className="mt-1 text-slate-600">{t("lead")}</p>
        {drawnPlace ? (
          <p className="mt-3 rounded-lg bg-brand-50 p-3 text-sm text-brand-900" data-testid="admitted-drawn-place">
            {t("drawnPlace", { place: drawnPlace })}{" "}
            <a
              className="font-medium underline"
              href={`/api/concerts/${concertId}/room/draw`}
              target="_blank"
              rel="noreferrer"
            >
              {t("drawLink")}
            </a>
          </p>
        ) : null}
        <ScheduleList
          schedules={schedules.data}
          selected={scheduleId}
          onSelect={(id) => window.history.replaceState(null, "", `?schedule=${id}`)}
        />
      </div>
      {scheduleId === undefined ? (
        <Card>
          <p className="text-slate-700">{t("noDates")}</p>
        </Card>
      ) : (
        <SeatArea
          key={scheduleId}
          concertId={concertId}
          schedule={list.find((s) => s.scheduleId === scheduleId)!}
          userId={userId}
          token={token}
          grades={grades}
          limits={limits}
        />
      )}
    </div>
  );
}

function ScheduleList({
  schedules,
  selected,
  onSelect,
}: {
  schedules: ConcertSchedules;
  selected: number | undefined;
  onSelect: (id: number) => void;
}) {
  const t = useTranslations("seats");
  return (
    <fieldset className="mt-5">
      <legend className="text-sm font-semibold text-slate-800">{t("dates")}</legend>
      <div className="mt-2 flex flex-col gap-2">
        {schedules.schedules.map((s) => {
          const opensLater = Date.parse(s.reservationAt) > serverNow();
          return (
            <label
              key={s.scheduleId}
              className={`flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${
                selected === s.scheduleId
                  ? "border-brand-600 bg-brand-50"
                  : "border-slate-200 bg-white hover:bg-slate-50"
              }`}
            >
              <input
                type="radio"
                name="schedule"
                className="mt-1 accent-brand-600"
                checked={selected === s.scheduleId}
                onChange={() => onSelect(s.scheduleId)}
              />
              <span className="flex flex-col">
                <span className="font-medium">
                  <DateTime iso={s.concertAt} />
                </span>
                <span className={`text-sm ${s.availableSeats === 0 ? "text-red-700" : "text-slate-700"}`}>
                  {opensLater ? (
                    <>
                      {t("opensAt")} <DateTime iso={s.reservationAt} />
                    </>
                  ) : s.availableSeats === 0 ? (
                    t("soldOut")
                  ) : (
                    t("seatsLeft", { count: s.availableSeats })
                  )}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

type Notice = { tone: "error" | "warning" | "info"; title: string; body?: ReactNode };

/** What caps a fan's selection: unpaid holds at once (every concert), and seats per fan in a dedicated room. */
export type SeatLimits = { holdLimit: number; ticketLimit: number | null };

/** Live holds and tickets of the fan, as the server would count them now. */
function liveReservations(all: MyReservation[] | undefined): MyReservation[] {
  const now = serverNow();
  return (all ?? []).filter(
    (r) => r.status === "CONFIRMED" || (r.status === "PAYMENT_PENDING" && Date.parse(r.expiresAt) > now),
  );
}

function SeatArea({
  concertId,
  schedule,
  userId,
  token,
  grades,
  limits,
}: {
  concertId: number;
  schedule: ConcertSchedules["schedules"][number];
  userId: number;
  token: string;
  grades: SeatGrade[];
  limits: SeatLimits;
}) {
  const t = useTranslations("seats");
  const locale = useLocale();
  const describe = useDescribeError();
  const router = useRouter();
  const seats = useSeatMap(concertId, schedule.scheduleId, token);
  const mine = useMyReservations();
  const reserve = useReserveSeat(userId);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(() => new Set());
  const [holding, setHolding] = useState(false);
  const gradeNames = new Map(grades.map((g) => [g.price, g.name]));

  const live = liveReservations(mine.data);
  const pendingAll = live.filter((r) => r.status === "PAYMENT_PENDING");
  const pendingHere = pendingAll.filter((r) => r.concertId === concertId);
  const ownedHere = live.filter((r) => r.concertId === concertId).length;
  // The most seats this fan may still select: the server refuses any hold beyond it (hold_limit, ticket_limit).
  const room = Math.max(
    0,
    Math.min(
      limits.holdLimit - pendingAll.length,
      limits.ticketLimit === null ? Infinity : limits.ticketLimit - ownedHere,
    ),
  );

  /** Holds the selected seats one by one; all held: checkout for every hold of this concert at once. */
  async function holdSelected(chosen: SeatView[]) {
    setNotice(null);
    setHolding(true);
    const heldIds: number[] = [];
    let failure: Notice | null = null;
    for (const seat of chosen) {
      try {
        const reservation = await reserve.mutateAsync({
          concertId,
          scheduleId: schedule.scheduleId,
          seatId: seat.seatId,
          token,
          idempotencyKey: newIdempotencyKey(),
        });
        heldIds.push(reservation.reservationId);
      } catch (error) {
        if (queueProblem(error)) return setHolding(false);
        failure = reservationNotice(error, seat.seatNumber);
        // Past a limit every further hold would be refused too; a seat someone else took says nothing of the rest.
        if (hasErrorKind(error, "hold_limit", "ticket_limit")) break;
      }
    }
    setSelectedIds(new Set());
    if (!failure) {
      const ids = [...new Set([...pendingHere.map((r) => r.reservationId), ...heldIds])].sort((a, b) => a - b);
      router.push(checkoutPath(ids));
      return;
    }
    setHolding(false);
    setNotice(failure);
    void seats.refetch();
  }

  function reservationNotice(error: unknown, seatNumber: number): Notice {
    if (hasErrorKind(error, "seat_unavailable"))
      return { tone: "warning", title: t("justTaken", { number: seatNumber }), body: t("justTakenBody") };
    if (hasErrorKind(error, "hold_limit", "ticket_limit"))
      return { tone: "error", title: t("holdLimit"), body: t("holdLimitBody") };
    return { tone: "error", title: t("holdFailed", { number: seatNumber }), body: describe(error) };
  }

  function toggle(seat: SeatView) {
    setNotice(null);
    const next = new Set(selectedIds);
    if (next.has(seat.seatId)) next.delete(seat.seatId);
    else if (next.size >= room) {
      setNotice({ tone: "info", title: room === 0 ? t("noMoreSeats") : t("selectionFull") });
      return;
    } else next.add(seat.seatId);
    setSelectedIds(next);
  }

  if (queueProblem(seats.error)) return <QueueProblem error={seats.error} userId={userId} concertId={concertId} />;
  if (!seats.data) {
    if (seats.isError)
      return (
        <LoadError
          error={seats.error}
          what={t("mapFailed")}
          onRetry={() => void seats.refetch()}
          retrying={seats.isFetching}
        />
      );
    return (
      <Card>
        <Loading label={t("loadingMap")} />
      </Card>
    );
  }
  if (queueProblem(reserve.error)) return <QueueProblem error={reserve.error} userId={userId} concertId={concertId} />;

  const myHere = new Map(live.filter((r) => r.scheduleId === schedule.scheduleId).map((r) => [r.seatId, r]));
  const views: SeatView[] = seats.data.seats.map((s) => ({
    seatId: s.seatId,
    seatNumber: s.seatNumber,
    price: s.seatPrice,
    state: myHere.has(s.seatId)
      ? "mine"
      : s.seatStatus === "AVAILABLE"
        ? "available"
        : // seatState tells a hold (may free up) from a sale; a server without it is read as sold.
          s.seatState === "HELD"
          ? "held"
          : "sold",
  }));
  const available = views.filter((v) => v.state === "available").length;
  // A selected seat someone else took meanwhile drops out of the selection.
  const selected = views.filter((v) => selectedIds.has(v.seatId) && v.state === "available");
  const selectedSet = new Set(selected.map((v) => v.seatId));
  const tiers = tiersOf(
    views.map((v) => v.price),
    gradeNames,
  );
  const gradeOf = (price: number) => tiers.find((tier) => tier.price === price)?.name ?? "";
  const selectedTotal = selected.reduce((sum, v) => sum + v.price, 0);
  const busy = holding || reserve.isPending;

  return (
    <Card className="min-w-0">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          <DateTime iso={schedule.concertAt} />
        </h2>
        <p className="text-sm text-slate-700" data-testid="seats-available">
          {t("availableOf", { available, total: views.length })}
        </p>
      </div>
      {notice && (
        <Alert tone={notice.tone} title={notice.title} className="mb-4">
          {notice.body}
        </Alert>
      )}
      <HoldTray holds={pendingHere} maxHolds={limits.holdLimit} />
      <SeatMap seats={views} selectedSeatIds={selectedSet} gradeNames={gradeNames} disabled={busy} onSelect={toggle} />
      {/* The second step, right under the map: the selection and the one button that holds it. */}
      <div className="mt-4 rounded-lg border border-slate-200 px-4 py-3" aria-live="polite">
        {selected.length > 0 ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div className="min-w-0 text-sm">
              <p>
                <span className="text-slate-600">{t("selected")}</span>{" "}
                <strong data-testid="selected-seat">
                  {selected.map((v) => t("selectedSeat", { grade: gradeOf(v.price), number: v.seatNumber })).join(", ")}
                </strong>
              </p>
              <p className="mt-0.5 text-slate-700">
                {selected.length > 1 && <>{t("selectedSeats", { count: selected.length })} · </>}
                <strong>
                  {selected.length > 1
                    ? t("selectionTotal", { amount: formatWon(selectedTotal, locale) })
                    : formatWon(selectedTotal, locale)}
                </strong>
              </p>
            </div>
            <div className="flex w-full flex-wrap gap-2 sm:w-auto">
              {selected.length > 1 && (
                <Button variant="ghost" disabled={busy} onClick={() => setSelectedIds(new Set())}>
                  {t("clearSelection")}
                </Button>
              )}
              <Button size="lg" busy={busy} onClick={() => void holdSelected(selected)} className="w-full sm:w-auto">
                {busy
                  ? selected.length > 1
                    ? t("holdingSeats", { count: selected.length })
                    : t("holding")
                  : selected.length > 1
                    ? t("holdSeats", { count: selected.length })
                    : t("holdSeat")}
              </Button>
            </div>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t("pickPrompt")}</p>
        )}
        {room > 1 && <p className="mt-1 text-xs text-slate-600">{t("selectionLimit", { max: room })}</p>}
      </div>
      <p className="mt-4 text-sm text-slate-600">{t("holdExplainer")}</p>
      {seats.isError && (
        <p className="mt-2 text-sm text-amber-800">
          {t("refreshFailed")} {describe(seats.error)}{" "}
          <Button variant="ghost" size="sm" onClick={() => void seats.refetch()}>
            {t("retry")}
          </Button>
        </p>
      )}
    </Card>
  );
}
