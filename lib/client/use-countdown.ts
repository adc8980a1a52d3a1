"use client";

import { useEffect, useState } from "react";
import { serverNow } from "./server-clock";

/** Milliseconds left until `deadlineIso` by the server's clock (see server-clock.ts), ticking 4x a second. */
export function useCountdown(deadlineIso: string | undefined): number | undefined {
  const deadline = deadlineIso ? Date.parse(deadlineIso) : undefined;
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    if (deadline === undefined) return;
    const timer = setInterval(() => setNow(serverNow()), 250);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === undefined ? undefined : Math.max(0, deadline - now);
}
