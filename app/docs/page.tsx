import type { Metadata } from "next";
import { PageTitle } from "@/components/ui/card";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = {
  title: "API documentation",
  description: "The ticketing API for partners: every endpoint, credential and error.",
};

export default function DocsPage() {
  return (
    <>
      <PageTitle
        lead={
          <>
            Everything a partner needs to sell a ticket end to end. The machine-readable OpenAPI 3.1 document is at{" "}
            <a className="font-medium text-indigo-700 underline" href="/api/openapi.json">
              /api/openapi.json
            </a>
            .
          </>
        }
      >
        API documentation
      </PageTitle>
      <ApiReference />
    </>
  );
}
