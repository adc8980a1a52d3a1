"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// A page that failed to render on the server (the database was unreachable, say) shows this instead.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-10">
      <h1 className="mb-4 text-2xl font-bold">This page could not be loaded</h1>
      <Alert
        tone="error"
        title="Something went wrong on our side."
        action={
          <Button variant="secondary" size="sm" onClick={reset}>
            Try again
          </Button>
        }
      >
        Please try again in a moment. Nothing was charged.
      </Alert>
    </div>
  );
}
