import {
  concertScheduleParams,
  concertSchedulesSchema,
  scheduleSeatsParams,
  seatMapSchema,
} from "../../catalogue/catalogue-schemas";
import { activeQueueTokenErrors, type Operation } from "../operation";

export const catalogueOperations: Operation[] = [
  {
    method: "get",
    path: "/api/concerts/{concertId}/schedules",
    operationId: "listSchedules",
    summary: "Bookable schedules of a concert (endpoint 4)",
    description:
      "Schedules whose concert is still ahead, soonest first, with the number of seats available now. Needs an ACTIVE queue token.",
    tag: "Catalogue",
    credentials: "queueToken",
    params: concertScheduleParams,
    success: { status: 200, description: "The concert's schedules", schema: concertSchedulesSchema },
    errors: [...activeQueueTokenErrors, { error: "concert_not_found", when: "no such concert" }],
  },
  {
    method: "get",
    path: "/api/concerts/{concertId}/schedules/{scheduleId}/seats",
    operationId: "listSeats",
    summary: "Seats of a schedule (endpoint 5)",
    description:
      "Every seat ordered by seat number; a seat is UNAVAILABLE while sold or held, and `seatState` tells HELD from SOLD. Needs an ACTIVE queue token. Poll it with `If-None-Match` (the `ETag` of your last 200): an unchanged map is a bodiless 304.",
    tag: "Catalogue",
    credentials: "queueToken",
    conditional: true,
    params: scheduleSeatsParams,
    success: { status: 200, description: "The seat map", schema: seatMapSchema },
    errors: [
      ...activeQueueTokenErrors,
      { error: "concert_not_found", when: "no such concert" },
      { error: "schedule_not_found", when: "no such schedule, or it belongs to another concert" },
    ],
  },
];
