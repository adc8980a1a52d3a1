import { useSyncExternalStore } from "react";

// The waiting-room token lives in this tab's sessionStorage: it is the fan's place in line, kept while the
// tab stays open, and it is sent as `Authorization: Bearer` on the queue status, catalogue and booking calls.
type StoredQueueToken = { token: string; tokenId: number; userId: number };

const PREFIX = "ticketing.queue-token.";
const listeners = new Set<() => void>();

function key(userId: number): string {
  return `${PREFIX}${userId}`;
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

export function readQueueToken(userId: number): StoredQueueToken | null {
  const raw = storage()?.getItem(key(userId));
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as StoredQueueToken;
    return typeof parsed.token === "string" && parsed.userId === userId ? parsed : null;
  } catch {
    return null;
  }
}

export function saveQueueToken(value: StoredQueueToken): void {
  const current = readQueueToken(value.userId);
  if (current?.token === value.token) return;
  storage()?.setItem(key(value.userId), JSON.stringify(value));
  // A new token is a new place in line: forget the progress baseline of the old one.
  storage()?.removeItem(`${PREFIX}start.${value.userId}`);
  listeners.forEach((l) => l());
}

export function clearQueueToken(userId: number): void {
  storage()?.removeItem(key(userId));
  storage()?.removeItem(`${PREFIX}start.${userId}`);
  listeners.forEach((l) => l());
}

/** The position the fan first saw, so the progress bar can show how far they have come. */
export function startingPosition(userId: number, position: number): number {
  const store = storage();
  const stored = Number(store?.getItem(`${PREFIX}start.${userId}`));
  if (Number.isInteger(stored) && stored >= position && stored > 0) return stored;
  store?.setItem(`${PREFIX}start.${userId}`, String(position));
  return position;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshots = new Map<number, { raw: string | null; value: StoredQueueToken | null }>();

/** The stored token for this user (null on the server and before one is issued). */
export function useStoredQueueToken(userId: number | undefined): StoredQueueToken | null | undefined {
  return useSyncExternalStore(
    subscribe,
    () => {
      if (userId === undefined) return null;
      const raw = storage()?.getItem(key(userId)) ?? null;
      const cached = snapshots.get(userId);
      if (cached && cached.raw === raw) return cached.value;
      const value = readQueueToken(userId);
      snapshots.set(userId, { raw, value });
      return value;
    },
    () => undefined, // unknown during server rendering
  );
}
