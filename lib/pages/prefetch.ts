import "server-only";
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from "@tanstack/react-query";

type Entry = readonly [QueryKey, () => Promise<unknown>];

/**
 * Server pages read their data with the same use cases the API routes run, and hand it to the browser's query
 * cache under the keys the client hooks use: the page is content at first paint, and the hooks take over
 * (refetching on their own schedule) without a spinner. Data goes through JSON exactly as over the wire, so the
 * cache holds what a fetch would have put there. An entry whose reader returns undefined is left out (the hook
 * fetches it as before).
 */
export async function prefetchedState(entries: readonly Entry[]): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  const values = await Promise.all(entries.map(([, read]) => read()));
  entries.forEach(([key], i) => {
    const value = values[i];
    if (value !== undefined) queryClient.setQueryData(key, JSON.parse(JSON.stringify(value)) as unknown);
  });
  return dehydrate(queryClient);
}
