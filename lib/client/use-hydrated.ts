import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and while the page hydrates, true once React owns the page. Forms that must be
 * handled by script disable their submit button until then, so an early click cannot fall through to
 * a native submit (which would put a password in the URL).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
