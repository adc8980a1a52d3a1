import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/layout/providers";
import { SiteHeader } from "@/components/layout/site-header";
import { getFanSession } from "@/lib/auth/server-session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Ticketing", template: "%s · Ticketing" },
  description: "Concert tickets with a fair waiting room.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the session here makes every page render per request, signed-in from the first byte.
  const session = await getFanSession();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <Providers session={session}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
          >
            Skip to content
          </a>
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:py-10">
            {children}
          </main>
          <footer className="mx-auto max-w-5xl px-4 pb-10 text-sm text-slate-500">
            Prices in Korean won (₩). Times are shown in your time zone.{" "}
            <a href="/docs" className="underline hover:text-slate-700">
              API docs
            </a>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
