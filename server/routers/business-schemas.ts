import { z } from "zod";
import { isEntitySortField, SORT_FIELD_RULE, type EntitySortField } from "@/lib/entity-sort";
import { boundedJson, boundedJsonObject, boundJsonSize, LIMITS } from "@/lib/input-limits";

// Input and output shapes of the business-data routers (entity types, entities, events).

/** Any JSON value: for outputs (inputs take a bounded one, lib/input-limits.ts). */
export const jsonValue: z.ZodType<unknown> = z.json();
/** An input JSON object such as entity data or an event payload (at most 64 KiB). */
export const jsonObject = boundedJsonObject(LIMITS.jsonBytes);
/** Smaller JSON inputs: metadata, settings, a rule's value (at most 16 KiB). */
export const smallJsonObject = boundedJsonObject(LIMITS.smallJsonBytes);
export const smallJsonValue = boundedJson(LIMITS.smallJsonBytes);
const slug = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");
const fieldName = z.string().min(1).max(200);

export const typeRef = z.object({
  entityTypeId: z.string().min(1).max(100).optional(),
  entityTypeSlug: slug.optional(),
});

export const entityTypeInput = z.object({
  name: z.string().trim().min(1).max(100),
  slug: slug.optional(),
  description: z.string().max(1000).nullable().optional(),
  schema: jsonObject,
  indexMapping: smallJsonObject.nullable().optional(),
  searchFields: z.array(fieldName).max(50).optional(),
  displayConfig: boundJsonSize(
    z
      .object({
        listFields: z.array(fieldName).max(50).optional(),
        detailFields: z.array(fieldName).max(200).optional(),
      })
      .catchall(z.json()),
    LIMITS.smallJsonBytes,
  )
    .nullable()
    .optional(),
});

export const entityTypeOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  schema: jsonValue,
  indexMapping: jsonValue.nullable(),
  searchFields: z.array(z.string()),
  displayConfig: jsonValue.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const entityOutput = z.object({
  id: z.string(),
  entityTypeId: z.string(),
  status: z.string(),
  data: jsonValue,
  createdAt: z.date(),
  updatedAt: z.date(),
  deletedAt: z.date().nullable(),
});

const scalar = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]);
export const dataFilter = z.discriminatedUnion("op", [
  z.object({ field: fieldName, op: z.enum(["eq", "neq"]), value: scalar }),
  z.object({ field: fieldName, op: z.literal("in"), value: z.array(scalar).min(1).max(100) }),
  z.object({
    field: fieldName,
    op: z.enum(["gt", "gte", "lt", "lte"]),
    value: z.union([z.number(), z.string().max(1_000)]),
  }),
]);

export const entitySort = z.object({
  field: z
    .string()
    .max(200)
    .refine(isEntitySortField, { message: SORT_FIELD_RULE })
    .transform((field) => field as EntitySortField),
  direction: z.enum(["asc", "desc"]),
});

export const status = z.string().trim().min(1).max(50);
export const limit = (max: number, fallback: number) =>
  z.number().int().min(1).max(max).default(fallback);
export const cursor = z.string().min(1).max(100).optional();
export const relationType = z.string().trim().min(1).max(100);
export const eventType = z.string().trim().min(1).max(200);
const entityId = z.string().min(1).max(100);

// ---- Inputs of the entities and events routers (the services' input types are inferred from
// them) -----------------------------------------------------------------------------------------

export const listEntitiesInput = typeRef.extend({
  status: status.optional(),
  filters: z.array(dataFilter).max(20).optional(),
  sort: entitySort.optional(),
  limit: limit(100, 50),
  cursor,
});

export const searchEntitiesInput = typeRef.extend({
  query: z.string().max(500),
  status: status.optional(),
  filters: z.array(dataFilter).max(20).optional(),
  limit: limit(100, 25),
});

export const createEntityInput = typeRef.extend({ data: jsonObject, status: status.optional() });
export const updateEntityInput = z.object({
  id: entityId,
  data: jsonObject.optional(),
  status: status.optional(),
});

/** A relation between two records (unlink). */
export const linkInput = z.object({ fromId: entityId, toId: entityId, relationType });
export const linkEntitiesInput = linkInput.extend({ metadata: smallJsonObject.optional() });

export const listEventsInput = z.object({
  entityId: z.string().min(1).max(100).optional(),
  eventType: eventType.optional(),
  actorType: z.enum(["user", "apiKey", "agent", "system", "webhook"]).optional(),
  actorId: z.string().min(1).max(100).optional(),
  since: z.date().optional(),
  until: z.date().optional(),
  limit: limit(200, 50),
  cursor,
});

export const entityEventsInput = z.object({ entityId, limit: limit(200, 50), cursor });

/** No actorType: who emitted an event comes from the session (reference defect 6). */
export const emitEventInput = z.object({
  eventType,
  entityId: entityId.optional(),
  payload: jsonObject.optional(),
});

export const eventOutput = z.object({
  id: z.string(),
  entityId: z.string().nullable(),
  entityTypeSlug: z.string().nullable(),
  eventType: z.string(),
  schemaVersion: z.number(),
  actorType: z.enum(["user", "apiKey", "agent", "system", "webhook"]),
  actorId: z.string().nullable(),
  payload: jsonValue,
  timestamp: z.date(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const success = z.object({ success: z.literal(true) });
