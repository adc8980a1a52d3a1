"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { ApiError, hasErrorKind, isApiError } from "./api-error";
import { apiFetch, apiJson, retryAfterSeconds } from "./api-fetch";
import type {
  ApiKeySummary,
  Balance,
  ConcertSchedules,
  CreatedApiKey,
  HistoryBody,
  MyReservation,
  Me,
  PaymentResponse,
  QueueStatusBody,
  QueueTokenBody,
  ReservationResponse,
  SeatMap,
} from "./api-types";
import { queryKeys, type HeldQueueToken } from "./query-keys";

// Every server call of the fan app, in one place, so cache keys and invalidations stay consistent.
export { queryKeys };

/** Default retry rule: only failures of the network or the server, and not forever. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return isApiError(error) && error.isTransient && failureCount < 2;
}

// ---- wallet ----------------------------------------------------------------------------------------

export function useBalance(userId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.balance(userId ?? 0),
    queryFn: ({ signal }) => apiJson<Balance>(`/api/balance/users/${userId}`, { signal }),
    enabled: userId !== undefined,
    staleTime: 10_000,
  });
}

/** The wallet ledger, newest first, a page at a time ("Show older" loads the next page). */
export function useLedger(userId: number | undefined) {
  return useInfiniteQuery({
    queryKey: queryKeys.ledger(userId ?? 0),
    queryFn: ({ signal, pageParam }) =>
      apiJson<HistoryBody>(
        `/api/balance/users/${userId}/history?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: userId !== undefined,
  });
}

export function useChargeWallet(userId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ amount, idempotencyKey }: { amount: number; idempotencyKey: string }) =>
      apiJson<Balance>(`/api/balance/users/${userId}/charge`, { method: "POST", body: { amount }, idempotencyKey }),
    onSuccess: (balance) => {
      queryClient.setQueryData(queryKeys.balance(balance.userId), balance);
      void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(balance.userId) });
    },
  });
}

// ---- reservations and payment ------------------------------------------------------------------------

export function useMyReservations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.reservations(),
    queryFn: async ({ signal }) =>
      (await apiJson<{ reservations: MyReservation[] }>("/api/me/reservations", { signal })).reservations,
    enabled,
  });
}

export function useReserveSeat(userId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      concertId: number;
      scheduleId: number;
      seatId: number;
      token: string;
      idempotencyKey: string;
    }) =>
      apiJson<ReservationResponse>("/api/concerts/reservations", {
        method: "POST",
        body: { userId, concertId: input.concertId, scheduleId: input.scheduleId, seatId: input.seatId },
        queueToken: input.token,
        idempotencyKey: input.idempotencyKey,
      }),
    onSettled: () => {
      refreshSeatsAndHolds(queryClient);
    },
  });
}

export function usePayReservation(userId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { reservationId: number; token: string; idempotencyKey: string }) =>
      apiJson<PaymentResponse>(`/api/payment/concerts/users/${userId}`, {
        method: "POST",
        body: { reservationId: input.reservationId },
        queueToken: input.token,
        idempotencyKey: input.idempotencyKey,
      }),
    onSuccess: (payment) => {
      if (userId !== undefined) {
        queryClient.setQueryData<Balance>(queryKeys.balance(userId), { userId, currentAmount: payment.balanceAfter });
        void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(userId) });
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.reservations() });
    },
  });
}

// ---- waiting room and catalogue ---------------------------------------------------------------------

function held(body: QueueTokenBody): HeldQueueToken {
  return body.status === "EXPIRED" ? null : { token: body.token, tokenId: body.tokenId, status: body.status };
}

/**
 * Joins this concert's line (or gets the fan's existing place back); the token is kept in memory, in the query
 * cache. The body names the concert (ONSALE.md: its room, or the general room); a server without rooms ignores it.
 */
export function useJoinQueue(userId: number | undefined, concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiJson<QueueTokenBody>(`/api/queue/token/users/${userId}`, { method: "POST", body: { concertId } }),
    onSuccess: (body) => {
      if (userId !== undefined) queryClient.setQueryData(queryKeys.queueToken(userId, concertId), held(body));
    },
  });
}

/**
 * The fan's live token from the server (endpoint 2, session-authenticated), or null when they have none. Pages
 * put it in the cache while rendering; a reload or a new tab asks again. It is never written to storage, so
 * a script on the page cannot lift a place in line from there.
 */
export async function recoverQueueToken(userId: number, concertId: number): Promise<HeldQueueToken> {
  try {
    return held(await apiJson<QueueTokenBody>(`/api/queue/token/users/${userId}?concertId=${concertId}`));
  } catch (error) {
    if (hasErrorKind(error, "token_not_found", "not_found")) return null;
    throw error;
  }
}

/** The fan's place in line: undefined while unknown, null when they have none. */
export function useQueueToken(userId: number, concertId: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.queueToken(userId, concertId),
    queryFn: () => recoverQueueToken(userId, concertId),
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * The token for the catalogue and booking calls: "loading" while it is looked up, "none" when the fan
 * has no place in line (they must join first).
 */
export function useBookingToken(
  userId: number,
  concertId: number,
  enabled = true,
): {
  state: "loading" | "ready" | "none" | "error";
  token?: string;
  error?: unknown;
  retry: () => void;
} {
  const query = useQueueToken(userId, concertId, enabled);
  if (query.data) return { state: "ready", token: query.data.token, retry: () => {} };
  if (query.isError) return { state: "error", error: query.error, retry: () => void query.refetch() };
  if (query.data === null) return { state: "none", retry: () => {} };
  return { state: "loading", retry: () => {} };
}

export type QueuePoll = { status: QueueStatusBody; retryAfterSeconds: number };

const DEFAULT_POLL_SECONDS = 2;

/** Polls endpoint 3 exactly as often as the server's Retry-After asks, and stops once ACTIVE or EXPIRED. */
export function useQueueStatus(token: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.queueStatus(token ?? ""),
    queryFn: async ({ signal }): Promise<QueuePoll> => {
      const response = await apiFetch<QueueStatusBody>("/api/queue/status", { queueToken: token!, signal });
      return { status: response.data, retryAfterSeconds: retryAfterSeconds(response.headers) ?? DEFAULT_POLL_SECONDS };
    },
    enabled: !!token,
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
    // The place is kept only while the fan keeps polling, so a background tab polls too.
    refetchIntervalInBackground: true,
    refetchInterval: (query) => {
      const error = query.state.error;
      if (error) return isApiError(error) && error.isTransient ? (error.retryAfterSeconds ?? 5) * 1000 : false;
      const data = query.state.data;
      if (!data || data.status.status !== "WAIT") return false;
      return Math.max(0.5, data.retryAfterSeconds) * 1000;
    },
    retry: (count, error) => isApiError(error) && error.isTransient && count < 3,
    retryDelay: (count, error) =>
      isApiError(error) && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 1000 * 2 ** count,
  });
}

export function useSchedules(concertId: number, token: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.schedules(concertId, token ?? ""),
    queryFn: ({ signal }) =>
      apiJson<ConcertSchedules>(`/api/concerts/${concertId}/schedules`, { queueToken: token!, signal }),
    enabled: !!token,
    staleTime: 5_000,
  });
}

/** How often an open seat map asks whether anything changed (a bodiless 304 when nothing did). */
export const SEAT_MAP_POLL_MS = 3_000;

// The ETag of the last seat map each query saw, so the next poll can ask "changed since?" (If-None-Match).
const seatMapTags = new Map<string, string>();

export function useSeatMap(concertId: number, scheduleId: number | undefined, token: string | null | undefined) {
  const queryClient = useQueryClient();
  const key = queryKeys.seats(concertId, scheduleId ?? 0, token ?? "");
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const tagKey = JSON.stringify(key);
      const previous = queryClient.getQueryData<SeatMap>(key);
      const response = await apiFetch<SeatMap>(`/api/concerts/${concertId}/schedules/${scheduleId}/seats`, {
        queueToken: token!,
        signal,
        ifNoneMatch: previous ? seatMapTags.get(tagKey) : undefined,
      });
      const etag = response.headers.get("etag");
      if (etag) seatMapTags.set(tagKey, etag);
      // 304: the map is as it was; the same object keeps React from re-rendering the seats.
      return response.status === 304 && previous ? previous : response.data;
    },
    enabled: !!token && scheduleId !== undefined,
    staleTime: 2_000,
    // Seats change under the fan's eyes: a few seconds' delay at most, at the cost of a 304 per poll.
    refetchInterval: SEAT_MAP_POLL_MS,
  });
}

/** What a failed token-protected call means for the fan's place in line. */
export function queueProblem(error: unknown): "not-admitted" | "lost" | null {
  if (!isApiError(error)) return null;
  if (hasErrorKind(error, "token_not_active", "token_other_room")) return "not-admitted";
  if (hasErrorKind(error, "invalid_token", "token_expired", "token_not_found")) return "lost";
  return null;
}

export function forgetQueueToken(userId: number, concertId: number, queryClient: QueryClient): void {
  queryClient.setQueryData(queryKeys.queueToken(userId, concertId), null);
  queryClient.removeQueries({ queryKey: ["queue-status"] });
}

// ---- account ---------------------------------------------------------------------------------------------

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => apiJson<Me>("/api/me", { signal }),
    staleTime: 30_000,
  });
}

// ---- API keys -------------------------------------------------------------------------------------------

export function useApiKeys(enabled = true) {
  return useQuery({
    queryKey: queryKeys.apiKeys(),
    queryFn: async ({ signal }) =>
      (await apiJson<{ apiKeys: ApiKeySummary[] }>("/api/me/api-keys", { signal })).apiKeys,
    enabled,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiJson<CreatedApiKey>("/api/me/api-keys", { method: "POST", body: { name } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<unknown>(`/api/me/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
  });
}

export { ApiError };
// ---- the ticket's life (issue #18): release, pay several, cancel, check-in ------------------------------
// One block, so the pages that use them (hold tray, checkout, ticket cards, check-in) find them together.

type ReleaseBody = { reservationId: number; reservationStatus: "CANCELLED" | "EXPIRED" };
type MultiPaymentBody = {
  paymentId: number;
  reservationIds: number[];
  amount: number;
  paymentStatus: "COMPLETED";
  balanceAfter: number;
};
type CancellationBody = {
  reservationId: number;
  reservationStatus: "CANCELLED";
  refundedAmount: number;
  balanceAfter: number;
};
export type CheckInBody = {
  reservationId: number;
  checkedInAt: string;
  seatNumber: number;
  sectionName: string | null;
};

/** Gives an unpaid hold back at once (identity only: no queue token needed). */
export function useReleaseHold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reservationId: number) =>
      apiJson<ReleaseBody>(`/api/concerts/reservations/${reservationId}`, { method: "DELETE" }),
    onSettled: () => {
      refreshSeatsAndHolds(queryClient);
    },
  });
}

/** One payment for several holds: one debit of the sum, all confirmed or none. */
export function usePaySeveral(userId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { reservationIds: number[]; token: string; idempotencyKey: string }) =>
      apiJson<MultiPaymentBody>(`/api/payment/concerts/users/${userId}`, {
        method: "POST",
        body: { reservationIds: input.reservationIds },
        queueToken: input.token,
        idempotencyKey: input.idempotencyKey,
      }),
    onSuccess: (payment) => {
      if (userId !== undefined) {
        queryClient.setQueryData<Balance>(queryKeys.balance(userId), { userId, currentAmount: payment.balanceAfter });
        void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(userId) });
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.reservations() });
    },
  });
}

/** Cancels a paid ticket; the refund lands in the wallet. A repeat answers the first refund. */
export function useCancelTicket(userId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reservationId: number) =>
      apiJson<CancellationBody>(`/api/concerts/reservations/${reservationId}/cancel`, { method: "POST" }),
    onSuccess: (cancelled) => {
      if (userId !== undefined) {
        queryClient.setQueryData<Balance>(queryKeys.balance(userId), { userId, currentAmount: cancelled.balanceAfter });
        void queryClient.invalidateQueries({ queryKey: queryKeys.ledger(userId) });
      }
    },
    onSettled: () => {
      // The seat is on sale again (its schedule's seats-left count too).
      refreshSeatsAndHolds(queryClient);
    },
  });
}

/** The door: admits a ticket by its QR payload or booking number (admins only). */
export function useCheckIn() {
  return useMutation({
    mutationFn: (input: { code: string; scheduleId: number }) =>
      apiJson<CheckInBody>("/api/admin/check-in", { method: "POST", body: input }),
  });
}

/** After a hold, a release or a cancel: seat maps, seats-left counts and the fan's reservations are stale. */
function refreshSeatsAndHolds(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ["seats"] });
  void queryClient.invalidateQueries({ queryKey: ["schedules"] });
  void queryClient.invalidateQueries({ queryKey: queryKeys.reservations() });
}
