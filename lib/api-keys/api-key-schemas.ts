import { z } from "zod";
import { idParam, isoDate, lineText } from "../http/schemas";

export const createApiKeySchema = z
  .strictObject({ name: lineText().max(60, "use at most 60 characters").default("") })
  .meta({ id: "CreateApiKeyRequest" });

const apiKeySummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the key, to tell keys apart" }),
    createdAt: isoDate,
    lastUsedAt: isoDate.nullable(),
  })
  .meta({ id: "ApiKey" });

export const createdApiKeySchema = z
  .object({
    id: z.number().int(),
    key: z.string().meta({ description: "Shown once; store it now" }),
    createdAt: isoDate,
  })
  .meta({ id: "CreatedApiKey" });

export const apiKeyListSchema = z.object({ apiKeys: z.array(apiKeySummarySchema) }).meta({ id: "ApiKeyList" });

export const apiKeyIdParams = z.strictObject({ id: idParam });
