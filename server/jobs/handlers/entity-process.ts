import { z } from "zod";
import { PermanentJobError, type JobRunContext, type JobTypeDefinition } from "@/server/jobs/types";
import { lockEntity } from "@/server/services/entities";
import { lockEntityType } from "@/server/services/entity-types";
import { recordEvent } from "@/server/services/events";
import { dataErrors, SchemaError } from "@/server/services/json-schema";
import { buildSearchText } from "@/server/services/search-text";

// entity.process: checks a record against its type as the type is now (its schema may have
// changed since the record was written) and rebuilds its search text. Invalid data is reported
// in the result, not a failure: retrying would find it just as invalid.

/** At most this many errors are reported. */
const MAX_REPORTED_ERRORS = 20;

const payload = z.strictObject({ entityId: z.string().min(1).max(100) });

async function processEntity({ entityId }: z.output<typeof payload>, ctx: JobRunContext) {
  const orgId = ctx.job.organizationId;
  return ctx.db.$transaction(async (tx) => {
    const ref = await tx.entity.findFirst({
      where: { id: entityId, organizationId: orgId, deletedAt: null },
      select: { entityTypeId: true },
    });
    if (!ref) throw new PermanentJobError("Entity not found");
    // The same locks, in the same order, as an entity update: the type (its schema and search
    // fields stay as read until the end), then the record (no write of it in between).
    await lockEntityType(tx, orgId, ref.entityTypeId, "share");
    await lockEntity(tx, orgId, entityId);
    const entity = await tx.entity.findFirst({
      where: { id: entityId, organizationId: orgId, deletedAt: null },
      select: {
        id: true,
        data: true,
        searchText: true,
        entityType: { select: { slug: true, schema: true, searchFields: true } },
      },
    });
    if (!entity) throw new PermanentJobError("Entity not found");
    const type = entity.entityType;
    let errors;
    try {
      errors = dataErrors(type.schema, entity.data).slice(0, MAX_REPORTED_ERRORS);
    } catch (error) {
      // Types' schemas are checked when saved, so this is a schema from before a stricter check.
      if (error instanceof SchemaError) {
        throw new PermanentJobError(`The entity type's schema is not valid: ${error.message}`);
      }
      throw error;
    }
    const searchText = buildSearchText(entity.data as Record<string, unknown>, type.searchFields);
    const searchTextUpdated = searchText !== entity.searchText;
    if (searchTextUpdated) {
      await tx.entity.update({ where: { id: entity.id }, data: { searchText } });
    }
    const result = { entityId: entity.id, valid: errors.length === 0, errors, searchTextUpdated };
    await recordEvent(tx, ctx.actor, {
      eventType: "entity.processed",
      entityId: entity.id,
      entityTypeSlug: type.slug,
      payload: { jobId: ctx.job.id, valid: result.valid, errors, searchTextUpdated },
    });
    return result;
  });
}

export const entityProcess: JobTypeDefinition<typeof payload> = {
  id: "entity.process",
  description:
    "Re-validates an entity against its type's current JSON Schema and rebuilds its search text.",
  payload,
  defaultPriority: 0,
  defaultMaxAttempts: 3,
  handle: processEntity,
};
