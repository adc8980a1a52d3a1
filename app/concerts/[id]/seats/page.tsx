import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SeatPicker } from "@/components/booking/seat-picker";
import { PrefetchedBoundary } from "@/components/layout/prefetched-boundary";
import { requireFanPage } from "@/lib/auth/server-session";
import { config } from "@/lib/config";
import { listMyReservations } from "@/lib/booking/list-my-reservations";
import { getConcertDetails } from "@/lib/catalogue/concert-pages";
import { getSeatMap } from "@/lib/catalogue/get-seat-map";
import { listSchedules } from "@/lib/catalogue/list-schedules";
import { queryKeys } from "@/lib/client/query-keys";
import { readPlaceInLine } from "@/lib/pages/place-in-line";
import { findRoom } from "@/lib/queue/find-room";
import { prefetchedState } from "@/lib/pages/prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("seats"))("title") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ schedule?: string }> };

export default async function SeatsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { schedule } = await searchParams;
  const userId = await requireFanPage(
    `/concerts/${id}/seats${schedule ? `?schedule=${encodeURIComponent(schedule)}` : ""}`,
  );
  const concert = await getConcertDetails(id);
  if (!concert) notFound();
  const now = new Date();
  // Only an admitted fan sees seats (the rule of endpoints 4-5); anyone else goes to the waiting room.
  const place = await readPlaceInLine(userId, concert.concertId, now, { withStatus: true });
  if (place.token?.status !== "ACTIVE") redirect(`/concerts/${concert.concertId}/queue`);
  const token = place.token.token;
  // The token is the concert's room's (readPlaceInLine asked for that room), so it opens this concert.
  const found = await findRoom(concert.concertId);
  const room = { roomId: found.id };
  // The limits the server holds a fan to (reserve-seat.ts), so the map never offers a selection it would refuse.
  const limits = {
    holdLimit: config().MAX_HOLDS_PER_USER,
    ticketLimit: found.concertId === null ? null : found.maxTicketsPerFan,
  };
  const schedules = await listSchedules(concert.concertId, room, now);
  const requested = schedule && /^[1-9][0-9]{0,9}$/.test(schedule) ? Number(schedule) : undefined;
  const list = schedules.schedules;
  const scheduleId =
    requested !== undefined && list.some((s) => s.scheduleId === requested)
      ? requested
      : (list.find((s) => s.availableSeats > 0) ?? list[0])?.scheduleId;
  // The dates, the chosen date's seats and the fan's own holds: the map is drawn in the first paint.
  const state = await prefetchedState([
    [queryKeys.queueToken(userId, concert.concertId), async () => place.token],
    [queryKeys.schedules(concert.concertId, token), async () => schedules],
    ...(scheduleId === undefined
      ? []
      : [
          [
            queryKeys.seats(concert.concertId, scheduleId, token),
            () => getSeatMap(concert.concertId, scheduleId, room, now),
          ] as const,
        ]),
    [queryKeys.reservations(), async () => (await listMyReservations(userId, now)).reservations],
  ]);
  return (
    <PrefetchedBoundary state={state}>
      <SeatPicker
        concertId={concert.concertId}
        concertName={concert.name}
        userId={userId}
        initialScheduleId={scheduleId}
        grades={concert.grades}
        limits={limits}
        drawnPlace={place.status?.status.drawnPlace ?? null}
      />
    </PrefetchedBoundary>
  );
}
