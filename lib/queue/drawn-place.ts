import "server-only";
import { queueStore } from "./queue-store-instance";

// A fan's place in a room's pre-queue draw (1 = first), for endpoint 3's `drawnPlace`. A draw runs once and
// never changes afterwards, so each process reads a room's drawn order once (the store's `drawnEntrants`,
// the list the public draw document serves) and answers every later poll from memory: an entrant's poll
// costs no extra query. Keyed by room and draw time, so a room that is ever drawn anew is read anew.

/** Rooms whose order is kept; a sale day has a handful, and the oldest is dropped first. */
const MAX_ROOMS = 16;
const orders = new Map<string, Promise<Map<number, number>>>();

export async function drawnPlace(roomId: number, drawnAt: Date, tokenId: number): Promise<number | null> {
  const key = `${roomId}:${drawnAt.getTime()}`;
  let order = orders.get(key);
  if (!order) {
    order = queueStore()
      .drawnEntrants(roomId)
      .then((ids) => new Map(ids.map((id, i) => [id, i + 1])));
    orders.set(key, order);
    // A failed read is not kept: the next poll tries again.
    order.catch(() => orders.delete(key));
    while (orders.size > MAX_ROOMS) orders.delete(orders.keys().next().value!);
  }
  return (await order).get(tokenId) ?? null;
}
