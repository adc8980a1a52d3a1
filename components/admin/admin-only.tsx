import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// UI strings in one place (to move into the i18n catalogue with issue #17).
const TEXT = {
  code: "403",
  title: "Admins only",
  body: "This page is for the organizer's staff. Your account does not have access.",
  home: "Back to concerts",
};

/** What a signed-in fan sees on an /admin page. */
export function AdminOnly() {
  return (
    <Card className="mx-auto max-w-lg text-center">
      <p className="text-sm font-semibold text-slate-500">{TEXT.code}</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">{TEXT.title}</h1>
      <p className="mt-2 text-slate-700">{TEXT.body}</p>
      <LinkButton href="/" className="mt-4">
        {TEXT.home}
      </LinkButton>
    </Card>
  );
}
