import type { Metadata } from "next";
import { PageTitle } from "@/components/ui/card";
import { ApiReference, type ApiDocument } from "@/components/docs/api-reference";
import { openApiDocument } from "@/lib/openapi/build-document";

export const metadata: Metadata = {
  title: "API documentation",
  description: "The ticketing API for partners: every endpoint, credential and error.",
};

const LABELS = {
  contents: "Contents",
  credentials: "Credentials",
  parameters: "Parameters",
  requestBody: "Request body",
  responses: "Responses",
  none: "none",
  required: "required",
  optional: "optional",
  field: "Field",
  type: "Type",
  description: "Description",
  errorsTitle: "Errors",
};

export default function DocsPage() {
  return (
    <>
      <PageTitle
        lead={
          <>
            Everything a partner needs to sell a ticket end to end. The machine-readable OpenAPI 3.1 document is at{" "}
            <a className="font-medium text-brand-700 underline" href="/api/openapi.json">
              /api/openapi.json
            </a>
            .
          </>
        }
      >
        API documentation
      </PageTitle>
      <ApiReference document={openApiDocument() as unknown as ApiDocument} labels={LABELS} />
    </>
  );
}
