"use client";

import { useSearchParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Loading, LoadError } from "@/components/ui/status-blocks";
import { describeError, hasErrorKind } from "@/lib/client/api-error";
import { newIdempotencyKey } from "@/lib/client/api-fetch";
import type { ConcertSchedules, MyReservation } from "@/lib/client/api-types";
import { queueProblem, useMyReservations, useReserveSeat, useSchedules, useSeatMap } from "@/lib/client/hooks";
import { serverNow } from "@/lib/client/server-clock";
import { BookingTokenGate, QueueProblem } from "./booking-token-gate";
import { HoldTray } from "./hold-tray";
import { SeatMap, type SeatView } from "./seat-map";

type Props = { concertId: number; concertName: string; userId: number; initialScheduleId?: number };

export function SeatPicker(props: Props) {
  return (
    <BookingTokenGate userId={props.userId} concertId={props.concertId}>
      {(token) => <Picker {...props} token={token} />}
    </BookingTokenGate>
  );
}

function Picker({ concertId, concertName, userId, initialScheduleId, token }: Props & { token: string }) {
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
          what="the dates"
          onRetry={() => void schedules.refetch()}
          retrying={schedules.isFetching}
        />
      );
    return <Loading label="Loading dates…" />;
  }
  const list = schedules.data.schedules;
  const scheduleId =
    chosen !== undefined && list.some((s) => s.scheduleId === chosen)
      ? chosen
      : (list.find((s) => s.availableSeats > 0) ?? list[0])?.scheduleId;

  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">{concertName}</h1>
        <p className="mt-1 text-slate-600">Choose a date, then a seat. Your seat is held while you pay.</p>
        <ScheduleList
          schedules={schedules.data}
          selected={scheduleId}
          onSelect={(id) => window.history.replaceState(null, "", `?schedule=${id}`)}
        />
      </div>
      {scheduleId === undefined ? (
        <Card>
          <p className="text-slate-700">There are no upcoming dates for this concert.</p>
        </Card>
      ) : (
        <SeatArea
          key={scheduleId}
          concertId={concertId}
          schedule={list.find((s) => s.scheduleId === scheduleId)!}
          userId={userId}
          token={token}
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
  return (
    <fieldset className="mt-5">
      <legend className="text-sm font-semibold text-slate-800">Dates</legend>
      <div className="mt-2 flex flex-col gap-2">
        {schedules.schedules.map((s) => {
          const opensLater = Date.parse(s.reservationAt) > serverNow();
          return (
            <label
              key={s.scheduleId}
              className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${
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
                  <LocalTime iso={s.concertAt} />
                </span>
                <span className={`text-sm ${s.availableSeats === 0 ? "text-red-700" : "text-slate-700"}`}>
                  {opensLater ? (
                    <>
                      Booking opens <LocalTime iso={s.reservationAt} />
                    </>
                  ) : s.availableSeats === 0 ? (
                    "Sold out"
                  ) : (
                    `${s.availableSeats} ${s.availableSeats === 1 ? "seat" : "seats"} available`
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
}: {
  concertId: number;
  schedule: ConcertSchedules["schedules"][number];
  userId: number;
  token: string;
}) {
  const seats = useSeatMap(concertId, schedule.scheduleId, token);
  const mine = useMyReservations();
  const reserve = useReserveSeat(userId);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busySeat, setBusySeat] = useState<number | undefined>();

  function choose(seat: SeatView) {
    setNotice(null);
    setBusySeat(seat.seatId);
    reserve.mutate(
      { concertId, scheduleId: schedule.scheduleId, seatId: seat.seatId, token, idempotencyKey: newIdempotencyKey() },
      {
        // Stay on the map: the fan may pick more seats and check out once (the hold tray).
        onSuccess: () => setBusySeat(undefined),
        onError: (error) => {
          setBusySeat(undefined);
          setNotice(reservationNotice(error, seat.seatNumber));
          void seats.refetch();
        },
      },
    );
  }

  if (queueProblem(seats.error)) return <QueueProblem error={seats.error} userId={userId} concertId={concertId} />;
  if (!seats.data) {
    if (seats.isError)
      return (
        <LoadError
          error={seats.error}
          what="the seat map"
          onRetry={() => void seats.refetch()}
          retrying={seats.isFetching}
        />
      );
    return (
      <Card>
        <Loading label="Loading the seat map…" />
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
    state: myPending.has(s.seatId) ? "mine" : s.seatStatus === "AVAILABLE" ? "available" : "taken",
  }));
  const available = views.filter((v) => v.state === "available").length;
  // Holds of every date of this concert: one payment covers one concert's waiting room.
  const heldInConcert = (mine.data ?? []).filter(
    (r) => r.concertId === concertId && r.status === "PAYMENT_PENDING" && Date.parse(r.expiresAt) > serverNow(),
  );

  return (
    <Card>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          Seats for <LocalTime iso={schedule.concertAt} />
        </h2>
        <p className="text-sm text-slate-700" aria-live="polite">
          {available} of {views.length} available
          {seats.isFetching && <span className="ml-2 text-slate-500">(updating…)</span>}
        </p>
      </div>
      {notice && (
        <Alert tone={notice.tone} title={notice.title} className="mb-4">
          {notice.body}
        </Alert>
      )}
      {reserve.isPending && (
        <p role="status" className="mb-3 text-sm font-medium text-brand-800">
          Holding your seat…
        </p>
      )}
      <HoldTray holds={heldInConcert} />
      <SeatMap seats={views} busySeatId={busySeat} disabled={reserve.isPending} onChoose={choose} />
      <p className="mt-4 text-sm text-slate-600">
        Choosing a seat holds it for you for a few minutes; choose several, then check out once. Prices are per seat.
      </p>
      {seats.isError && (
        <p className="mt-2 text-sm text-amber-800">
          The map could not be refreshed: {describeError(seats.error)}{" "}
          <Button variant="ghost" size="sm" onClick={() => void seats.refetch()}>
            Retry
          </Button>
        </p>
      )}
    </Card>
  );
}

function reservationNotice(error: unknown, seatNumber: number): Notice {
  if (hasErrorKind(error, "seat_unavailable"))
    return {
      tone: "warning",
      title: `Seat ${seatNumber} was just taken by someone else.`,
      body: "We refreshed the map. Please choose another seat.",
    };
  if (hasErrorKind(error, "hold_limit"))
    return {
      tone: "error",
      title: "You are already holding as many seats as you can.",
      body: "Check out or release a held seat before choosing another.",
    };
  if (hasErrorKind(error, "booking_not_open", "concert_past"))
    return {
      tone: "error",
      title: `Seat ${seatNumber} could not be held.`,
      body: error.detail ? sentence(error.detail) : undefined,
    };
  return { tone: "error", title: `Seat ${seatNumber} could not be held.`, body: describeError(error) };
}

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return t.endsWith(".") ? t : `${t}.`;
}
