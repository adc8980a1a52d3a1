"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";

/**
 * The ticket's QR code, drawn as SVG in the browser from the signed `ticketCode` (the `qrcode` package: ISO
 * 18004, error correction M, so a scuffed phone screen still scans). Until it is drawn, a box of the same size.
 */
export function TicketQr({ code, label }: { code: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(code, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
      color: { dark: "#0f172a", light: "#ffffff" },
    })
      .then((drawn) => {
        // The wrapper carries the accessible name; the drawing itself is decoration to assistive tech.
        if (live) setSvg(drawn.replace("<svg ", '<svg aria-hidden="true" focusable="false" '));
      })
      .catch(() => {
        if (live) setSvg(null);
      });
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <div
      role="img"
      aria-label={label}
      data-ticket-code={code}
      className="size-40 shrink-0 rounded-lg border border-slate-200 bg-white p-1 [&>svg]:size-full"
      // The SVG comes from the QR encoder, built from our own code string: no outside markup reaches it.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
