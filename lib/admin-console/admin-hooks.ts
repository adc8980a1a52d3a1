"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AdminConcert,
  AdminConcertList,
  AdminUser,
  AuditPage,
  CreateConcertInput,
  CreatedConcert,
  CreatedSchedule,
  PatchConcertInput,
  RoomStats,
  ScheduleInputBody,
  SectionInputBody,
} from "@/lib/admin/admin-schemas";
import { apiJson } from "@/lib/client/api-fetch";
import type { RoomBody } from "@/lib/rooms/room-schemas";
import { adminKeys } from "./admin-keys";

// The organizer console's calls, all on the same /api/admin/** routes partners and scripts use
// (ONSALE.md, "Organizer API"); dates travel as ISO strings.

/** The live pages refresh by themselves at this pace (the server keeps one sample a minute). */
export const LIVE_REFRESH_MS = 5_000;

type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
type ScheduleWire = Omit<Wire<ScheduleInputBody>, "sections"> & { sections: SectionInputBody[] };
export type CreateConcertWire = Omit<CreateConcertInput, "schedules"> & { schedules: ScheduleWire[] };
export type PutRoomWire = {
  prequeueOpensAt: string;
  salesStartAt: string;
  activeCapacity?: number;
  admitPerSecond?: number;
  holdRequiresFunds?: boolean;
  maxTicketsPerFan?: number;
};
export type PatchRoomWire = {
  paused?: boolean;
  closed?: boolean;
  activeCapacity?: number | null;
  admitPerSecond?: number | null;
};

export function useAdminConcerts() {
  return useInfiniteQuery({
    queryKey: adminKeys.concerts(),
    queryFn: ({ signal, pageParam }) =>
      apiJson<AdminConcertList>(`/api/admin/concerts${pageParam ? `?before=${pageParam}` : ""}`, { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: LIVE_REFRESH_MS * 2,
  });
}

export function useAdminConcert(concertId: number, live = false) {
  return useQuery({
    queryKey: adminKeys.concert(concertId),
    queryFn: ({ signal }) => apiJson<AdminConcert>(`/api/admin/concerts/${concertId}`, { signal }),
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });
}

/** A room's live numbers: a concert's (its room's line, its seats) or, with null, the general room's. */
export function useRoomStats(concertId: number | null) {
  return useQuery({
    queryKey: adminKeys.stats(concertId),
    queryFn: ({ signal }) =>
      apiJson<RoomStats>(concertId === null ? "/api/admin/room/stats" : `/api/admin/concerts/${concertId}/room/stats`, {
        signal,
      }),
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: true,
  });
}

export function useGeneralRoom() {
  return useQuery({
    queryKey: adminKeys.generalRoom(),
    queryFn: ({ signal }) => apiJson<RoomBody>("/api/admin/room", { signal }),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useCreateConcert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateConcertWire) => apiJson<CreatedConcert>("/api/admin/concerts", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.concerts() }),
  });
}

export function useUpdateConcert(concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchConcertInput) =>
      apiJson<AdminConcert>(`/api/admin/concerts/${concertId}`, { method: "PATCH", body }),
    onSuccess: () => invalidateConcert(queryClient, concertId),
  });
}

export function useAddSchedule(concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleWire) =>
      apiJson<CreatedSchedule>(`/api/admin/concerts/${concertId}/schedules`, { method: "POST", body }),
    onSuccess: () => invalidateConcert(queryClient, concertId),
  });
}

export function useReplaceSections(concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ scheduleId, sections }: { scheduleId: number; sections: SectionInputBody[] }) =>
      apiJson(`/api/admin/concerts/${concertId}/schedules/${scheduleId}/sections`, {
        method: "PUT",
        body: { sections },
      }),
    onSuccess: () => invalidateConcert(queryClient, concertId),
  });
}

export function usePutRoom(concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutRoomWire) =>
      apiJson<RoomBody>(`/api/admin/concerts/${concertId}/room`, { method: "PUT", body }),
    onSuccess: () => invalidateConcert(queryClient, concertId),
  });
}

export function useDeleteRoom(concertId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiJson(`/api/admin/concerts/${concertId}/room`, { method: "DELETE" }),
    onSuccess: () => invalidateConcert(queryClient, concertId),
  });
}

/** Pause, close, capacity, rate: of a concert's room, or with null of the general room. */
export function usePatchRoom(concertId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchRoomWire) =>
      apiJson<RoomBody>(concertId === null ? "/api/admin/room" : `/api/admin/concerts/${concertId}/room`, {
        method: "PATCH",
        body,
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: adminKeys.stats(concertId) }),
        concertId === null
          ? queryClient.invalidateQueries({ queryKey: adminKeys.generalRoom() })
          : invalidateConcert(queryClient, concertId),
      ]);
    },
  });
}

export function useAudit() {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(),
    queryFn: ({ signal, pageParam }) =>
      apiJson<AuditPage>(`/api/admin/audit?limit=50${pageParam ? `&before=${pageParam}` : ""}`, { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}

export function useUsers(filter: { email?: string; role?: "ADMIN" }) {
  const params = new URLSearchParams();
  if (filter.email) params.set("email", filter.email);
  if (filter.role) params.set("role", filter.role);
  return useQuery({
    queryKey: adminKeys.users(filter.email ?? null, filter.role ?? null),
    queryFn: ({ signal }) => apiJson<{ users: AdminUser[] }>(`/api/admin/users?${params}`, { signal }),
    enabled: filter.email !== "" || filter.role !== undefined,
  });
}

export function useSetRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: number; role: "ADMIN" | "FAN" }) =>
      apiJson<AdminUser>(`/api/admin/users/${userId}/role`, { method: "PUT", body: { role } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["admin", "users"] }),
  });
}

async function invalidateConcert(queryClient: ReturnType<typeof useQueryClient>, concertId: number) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: adminKeys.concert(concertId) }),
    queryClient.invalidateQueries({ queryKey: adminKeys.stats(concertId) }),
    queryClient.invalidateQueries({ queryKey: adminKeys.concerts() }),
    queryClient.invalidateQueries({ queryKey: adminKeys.audit() }),
  ]);
}
