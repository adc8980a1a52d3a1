"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { describeError, hasErrorKind } from "@/lib/client/api-error";
import { useCheckIn } from "@/lib/client/hooks";
import type { CheckInSchedule } from "@/lib/tickets/ticket-schemas";

// UI strings in one place (to move into the i18n catalogue with issue #17).
const TEXT = {
  title: "Check-in",
  lead: "Scan a ticket's QR code or type its booking number. Each ticket gets in once.",
  show: "Show",
  noShows: "There are no shows to admit right now.",
  counts: (checkedIn: number, sold: number) => `${checkedIn} of ${sold} checked in`,
  code: "Ticket code or booking number",
  codeHint: "A scanner that types into this field works too; Enter checks the ticket in.",
  submit: "Check in",
  camera: "Scan with camera",
  stopCamera: "Stop camera",
  cameraHelp: "Point the camera at the ticket's QR code.",
  cameraFailed: "The camera could not be started. Type the booking number instead.",
  admitted: (seat: number, grade: string | null) => `Admitted: seat ${seat}${grade ? ` (${grade})` : ""}`,
  already: "Already checked in",
  alreadyAt: (when: React.ReactNode) => <>This ticket was used {when}. Do not let it in again.</>,
  refused: "Not valid for this show",
  history: "This session",
};

type Outcome =
  | { kind: "admitted"; code: string; seat: number; grade: string | null; at: string }
  | { kind: "already"; code: string; at: string }
  | { kind: "refused"; code: string; reason: string };

// The Shape Detection API is not in TypeScript's DOM library yet.
type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type DetectorClass = new (options: { formats: string[] }) => Detector;

export function CheckInDesk({ schedules }: { schedules: CheckInSchedule[] }) {
  const [scheduleId, setScheduleId] = useState<number | undefined>(schedules[0]?.scheduleId);
  const [code, setCode] = useState("");
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const checkIn = useCheckIn();
  const input = useRef<HTMLInputElement>(null);

  function admit(value: string) {
    const trimmed = value.trim();
    if (!trimmed || scheduleId === undefined || checkIn.isPending) return;
    checkIn.mutate(
      { code: trimmed, scheduleId },
      {
        onSuccess: (done) =>
          record({
            kind: "admitted",
            code: trimmed,
            seat: done.seatNumber,
            grade: done.sectionName,
            at: done.checkedInAt,
          }),
        onError: (error) => {
          if (hasErrorKind(error, "already_checked_in"))
            record({ kind: "already", code: trimmed, at: error.detail ?? "" });
          else record({ kind: "refused", code: trimmed, reason: describeError(error) });
        },
      },
    );
  }

  function record(outcome: Outcome) {
    setOutcomes((list) => [outcome, ...list].slice(0, 20));
    setCode("");
    input.current?.focus();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    admit(code);
  }

  const latest = outcomes[0];
  return (
    <div className="mx-auto grid max-w-2xl grid-cols-[minmax(0,1fr)] gap-6">
      <PageTitle lead={TEXT.lead}>{TEXT.title}</PageTitle>
      {schedules.length === 0 ? (
        <Card>
          <p className="text-slate-700">{TEXT.noShows}</p>
        </Card>
      ) : (
        <Card>
          <form onSubmit={submit} className="grid grid-cols-[minmax(0,1fr)] gap-4">
            <label className="grid gap-1 text-sm font-medium">
              {TEXT.show}
              <select
                className="w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base"
                value={scheduleId}
                onChange={(e) => setScheduleId(Number(e.target.value))}
              >
                {schedules.map((s) => (
                  <option key={s.scheduleId} value={s.scheduleId}>
                    {s.concertName} · {new Date(s.concertAt).toLocaleString()} · {TEXT.counts(s.checkedIn, s.sold)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grid gap-1 text-sm font-medium">
              {TEXT.code}
              <input
                ref={input}
                name="code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                className="w-full min-w-0 rounded-lg border border-slate-300 px-3 py-2 font-mono text-base"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                aria-describedby="check-in-hint"
              />
              <span id="check-in-hint" className="font-normal text-slate-600">
                {TEXT.codeHint}
              </span>
            </label>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" busy={checkIn.isPending} disabled={!code.trim()}>
                {TEXT.submit}
              </Button>
              <CameraScanner onCode={admit} />
            </div>
          </form>
        </Card>
      )}
      {/* Remounted per scan, so a repeat of the same outcome is announced again. */}
      {latest && <OutcomeAlert key={outcomes.length} outcome={latest} />}
      {outcomes.length > 1 && (
        <Card>
          <h2 className="font-semibold">{TEXT.history}</h2>
          <ul className="mt-2 divide-y divide-slate-200 text-sm">
            {outcomes.slice(1).map((o, i) => (
              <li key={i} className="flex justify-between gap-3 py-1.5">
                <span className="truncate font-mono">{o.code}</span>
                <span>
                  {o.kind === "admitted"
                    ? TEXT.admitted(o.seat, o.grade)
                    : o.kind === "already"
                      ? TEXT.already
                      : TEXT.refused}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "admitted") return <Alert tone="success" title={TEXT.admitted(outcome.seat, outcome.grade)} />;
  if (outcome.kind === "already")
    return (
      <Alert tone="error" title={TEXT.already}>
        {TEXT.alreadyAt(outcome.at ? <DateTime iso={outcome.at} /> : "")}
      </Alert>
    );
  return (
    <Alert tone="error" title={TEXT.refused}>
      {outcome.reason}
    </Alert>
  );
}

const noSubscription = () => () => {};

/** Camera scanning where the browser has BarcodeDetector (Chrome on Android, for one); elsewhere, typing. */
function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  // False on the server and in browsers without the Shape Detection API.
  const supported = useSyncExternalStore(
    noSubscription,
    () => "BarcodeDetector" in window,
    () => false,
  );
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const latestOnCode = useRef(onCode);
  useEffect(() => {
    latestOnCode.current = onCode;
  });

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let lastCode = "";
    let lastAt = 0;
    const Detector = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector;
    const detector = new Detector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(async (media) => {
        stream = media;
        if (!video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        timer = setInterval(() => {
          if (!video.current) return;
          void detector.detect(video.current).then((found) => {
            const value = found[0]?.rawValue;
            // The same code stays in view for a while: scan it once, not on every frame.
            if (!value || (value === lastCode && Date.now() - lastAt < 5_000)) return;
            lastCode = value;
            lastAt = Date.now();
            latestOnCode.current(value);
          });
        }, 300);
      })
      .catch(() => {
        setFailed(true);
        setOn(false);
      });
    return () => {
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);

  if (!supported) return null;
  return (
    <div className="w-full">
      <Button type="button" variant="secondary" onClick={() => setOn((v) => !v)}>
        {on ? TEXT.stopCamera : TEXT.camera}
      </Button>
      {on && (
        <div className="mt-3">
          <video
            ref={video}
            muted
            playsInline
            className="w-full max-w-sm rounded-lg bg-black"
            aria-label={TEXT.cameraHelp}
          />
          <p className="mt-1 text-sm text-slate-600">{TEXT.cameraHelp}</p>
        </div>
      )}
      {failed && <p className="mt-2 text-sm text-red-800">{TEXT.cameraFailed}</p>}
    </div>
  );
}
