"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { usePatchRoom, type PatchRoomWire } from "@/lib/admin-console/admin-hooks";
import { useDescribeError } from "@/lib/client/use-describe-error";
import type { RoomBody } from "@/lib/rooms/room-schemas";
import { ConfirmDialog } from "./confirm-dialog";

type Pending = { body: PatchRoomWire; message: string; danger?: boolean; label: string };

/**
 * Pause / resume, capacity, rate and (for a concert's own room) close: each asks first, then PATCHes the room;
 * the next admission tick and the fans' next poll follow it, and the dashboard refetches at once.
 */
export function RoomControls({ concertId, room }: { concertId: number | null; room: RoomBody }) {
  const t = useTranslations("admin.controls");
  const describe = useDescribeError();
  const patch = usePatchRoom(concertId);
  const [pending, setPending] = useState<Pending | null>(null);
  const [capacity, setCapacity] = useState(String(room.effectiveCapacity));
  const [rate, setRate] = useState(room.admitPerSecond === null ? "" : String(room.admitPerSecond));
  const [fieldError, setFieldError] = useState<{ capacity?: string; rate?: string }>({});

  function ask(next: Pending) {
    patch.reset();
    setPending(next);
  }

  function confirm() {
    if (!pending) return;
    patch.mutate(pending.body, { onSettled: () => setPending(null) });
  }

  function applyCapacity(event: FormEvent) {
    event.preventDefault();
    const n = Number(capacity);
    if (!/^\d+$/.test(capacity) || n < 1) return setFieldError({ capacity: t("invalidNumber") });
    setFieldError({});
    ask({ body: { activeCapacity: n }, message: t("confirmCapacity", { count: n }), label: t("apply") });
  }

  function applyRate(event: FormEvent) {
    event.preventDefault();
    if (rate !== "" && !/^\d+$/.test(rate)) return setFieldError({ rate: t("invalidRate") });
    setFieldError({});
    const n = rate === "" ? 0 : Number(rate);
    ask({
      body: { admitPerSecond: n },
      message: n === 0 ? t("confirmRateNone") : t("confirmRate", { count: n }),
      label: t("apply"),
    });
  }

  return (
    <section aria-labelledby="controls-heading" className="grid grid-cols-1 gap-4">
      <h2 id="controls-heading" className="text-lg font-bold">
        {t("title")}
      </h2>
      <div className="flex flex-wrap gap-2">
        {room.paused ? (
          <Button onClick={() => ask({ body: { paused: false }, message: t("confirmResume"), label: t("resume") })}>
            {t("resume")}
          </Button>
        ) : (
          <Button
            variant="secondary"
            onClick={() => ask({ body: { paused: true }, message: t("confirmPause"), label: t("pause") })}
          >
            {t("pause")}
          </Button>
        )}
        {room.concertId !== null &&
          (room.closed ? (
            <Button
              variant="secondary"
              onClick={() => ask({ body: { closed: false }, message: t("confirmReopen"), label: t("reopen") })}
            >
              {t("reopen")}
            </Button>
          ) : (
            <Button
              variant="danger"
              onClick={() =>
                ask({ body: { closed: true }, message: t("confirmClose"), label: t("close"), danger: true })
              }
            >
              {t("close")}
            </Button>
          ))}
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <form onSubmit={applyCapacity} noValidate className="flex items-start gap-2">
          <TextField
            label={t("capacity")}
            inputMode="numeric"
            className="flex-1"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value.trim())}
            error={fieldError.capacity}
          />
          <Button type="submit" variant="secondary" className="mt-7" aria-label={`${t("apply")}: ${t("capacity")}`}>
            {t("apply")}
          </Button>
        </form>
        <form onSubmit={applyRate} noValidate className="flex items-start gap-2">
          <TextField
            label={t("rate")}
            inputMode="numeric"
            className="flex-1"
            value={rate}
            onChange={(e) => setRate(e.target.value.trim())}
            error={fieldError.rate}
          />
          <Button type="submit" variant="secondary" className="mt-7" aria-label={`${t("apply")}: ${t("rate")}`}>
            {t("apply")}
          </Button>
        </form>
      </div>
      {patch.isSuccess && <Alert tone="success">{t("done")}</Alert>}
      {patch.isError && (
        <Alert tone="error" title={t("failed")}>
          {describe(patch.error)}
        </Alert>
      )}
      <ConfirmDialog
        open={pending !== null}
        danger={pending?.danger}
        confirmLabel={pending?.label}
        busy={patch.isPending}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        {pending?.message}
      </ConfirmDialog>
    </section>
  );
}
