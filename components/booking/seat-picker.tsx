"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
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
import { SeatMap, type SeatView } from "./seat-map";
import { tiersOf } from "./seat-tiers";

type Props = {
  concertId: number;
  concertName: string;
  userId: number;
  initialScheduleId?: number;
  grades: SeatGrade[];
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

function Picker({ concertId, concertName, userId, initialScheduleId, grades, token }: Props & { token: string }) {
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

type Notice = { tone: "error" | "warning"; title: string; body?: ReactNode };

function SeatArea({
  concertId,
  schedule,
  userId,
  token,
  grades,
}: {
  concertId: number;
  schedule: ConcertSchedules["schedules"][number];
  userId: number;
  token: string;
  grades: SeatGrade[];
}) {
  const t = useTranslations("seats");
  const locale = useLocale();
  const describe = useDescribeError();
  const router = useRouter();
  const seats = useSeatMap(concertId, schedule.scheduleId, token);
  const mine = useMyReservations();
  const reserve = useReserveSeat(userId);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [selectedId, setSelectedId] = useState<number | undefined>();
  const gradeNames = new Map(grades.map((g) => [g.price, g.name]));

  function hold(seat: SeatView) {
    setNotice(null);
    reserve.mutate(
      { concertId, scheduleId: schedule.scheduleId, seatId: seat.seatId, token, idempotencyKey: newIdempotencyKey() },
      {
        onSuccess: (reservation) => router.push(`/checkout/${reservation.reservationId}`),
        onError: (error) => {
          setSelectedId(undefined);
          setNotice(reservationNotice(error, seat.seatNumber));
          void seats.refetch();
        },
      },
    );
  }

  function reservationNotice(error: unknown, seatNumber: number): Notice {
    if (hasErrorKind(error, "seat_unavailable"))
      return { tone: "warning", title: t("justTaken", { number: seatNumber }), body: t("justTakenBody") };
    if (hasErrorKind(error, "hold_limit", "ticket_limit"))
      return { tone: "error", title: t("holdLimit"), body: t("holdLimitBody") };
    return { tone: "error", title: t("holdFailed", { number: seatNumber }), body: describe(error) };
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

  const myPending = new Map<number, MyReservation>();
  for (const r of mine.data ?? []) {
    const live = r.status === "CONFIRMED" || (r.status === "PAYMENT_PENDING" && Date.parse(r.expiresAt) > serverNow());
    if (live && r.scheduleId === schedule.scheduleId) myPending.set(r.seatId, r);
  }
  const views: SeatView[] = seats.data.seats.map((s) => ({
    seatId: s.seatId,
    seatNumber: s.seatNumber,
    price: s.seatPrice,
    state: myPending.has(s.seatId)
      ? "mine"
      : s.seatStatus === "AVAILABLE"
        ? "available"
        : // seatState tells a hold (may free up) from a sale; a server without it is read as sold.
          s.seatState === "HELD"
          ? "held"
          : "sold",
  }));
  const available = views.filter((v) => v.state === "available").length;
  const pendingHere = [...myPending.values()].filter((r) => r.status === "PAYMENT_PENDING");
  const selected = views.find((v) => v.seatId === selectedId && v.state === "available");
  const tiers = tiersOf(
    views.map((v) => v.price),
    gradeNames,
  );
  const selectedGrade = selected ? tiers.find((tier) => tier.price === selected.price)?.name : undefined;

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
      {pendingHere.length > 0 && (
        <Alert
          tone="info"
          className="mb-4"
          title={t("youHold", { seats: pendingHere.map((r) => r.seatNumber).join(", ") })}
          action={
            <LinkButton href={`/checkout/${pendingHere[0]!.reservationId}`} size="sm">
              {t("toCheckout")}
            </LinkButton>
          }
        />
      )}
      <SeatMap
        seats={views}
        selectedSeatId={selected?.seatId}
        gradeNames={gradeNames}
        disabled={reserve.isPending}
        onSelect={(seat) => {
          setNotice(null);
          setSelectedId(seat.seatId === selectedId ? undefined : seat.seatId);
        }}
      />
      {/* The second step, right under the map: the selection and the one button that holds it. */}
      <div className="mt-4 rounded-lg border border-slate-200 px-4 py-3" aria-live="polite">
        {selected ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              <span className="text-slate-600">{t("selected")}</span>{" "}
              <strong data-testid="selected-seat">
                {t("selectedSeat", { grade: selectedGrade ?? "", number: selected.seatNumber })}
              </strong>{" "}
              · <strong>{formatWon(selected.price, locale)}</strong>
            </p>
            <Button size="lg" busy={reserve.isPending} onClick={() => hold(selected)} className="w-full sm:w-auto">
              {reserve.isPending ? t("holding") : t("holdSeat")}
            </Button>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t("pickPrompt")}</p>
        )}
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
