import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { MigrationStep, PackDefinition } from "@/server/packs/format";
import { stepOnData, stepOnType, type TypeShape } from "@/server/packs/migrations";
import { lockEntityType } from "@/server/services/entity-types";
import { createPackEntityType } from "@/server/services/packs-reconcile";
import { recordEvent } from "@/server/services/events";
import { validateData } from "@/server/services/json-schema";
import { buildSearchText } from "@/server/services/search-text";
import type { Actor } from "@/server/auth/actor";

// One migration step on the organization's data, inside the upgrade's transaction: the type's
// stored definition changes (under its row lock, so entity writes wait), every record of the
// type is rewritten in batches with its search text rebuilt, and every live record must still
// fit the new schema, or the step fails and the whole upgrade is rolled back.

const BATCH = 500;

export type StepResult = {
  type: MigrationStep["type"];
  description: string;
  affectedRecords: number;
};

type StepEnv = {
  tx: Prisma.TransactionClient;
  orgId: string;
  eventActor: Actor;
  /** The version the step's migration leads to (add_entity_type creates its definition). */
  target: PackDefinition;
  packId: string;
};

function describe(step: MigrationStep): string {
  switch (step.type) {
    case "add_field":
      return `Add ${step.entityType}.${step.field}${step.default !== undefined ? ` (records without it get ${JSON.stringify(step.default)})` : ""}`;
    case "remove_field":
      return `Remove ${step.entityType}.${step.field} from the schema and every record`;
    case "rename_field":
      return `Rename ${step.entityType}.${step.from} to ${step.to} in the schema, every record, scope rules and masks`;
    case "add_entity_type":
      return `Add the entity type ${step.entityType}`;
    case "modify_schema":
      return `Change the schema of ${step.entityType} (${Object.keys(step.changes).join(", ")})`;
  }
}

/** Scope rules and masks on the type's policies follow a renamed field. */
async function renameInRules(env: StepEnv, slug: string, from: string, to: string) {
  const renamePath = (path: string | null) =>
    path === `data.${from}` || path?.startsWith(`data.${from}.`)
      ? `data.${to}${path.slice(`data.${from}`.length)}`
      : null;
  const policies = { organizationId: env.orgId, resource: slug };
  const rules = await env.tx.scopeRule.findMany({ where: { policy: policies, type: "field" } });
  for (const rule of rules) {
    const field = renamePath(rule.field);
    if (field) await env.tx.scopeRule.update({ where: { id: rule.id }, data: { field } });
  }
  const masks = await env.tx.fieldMask.findMany({ where: { policy: policies } });
  for (const mask of masks) {
    const fieldPath = renamePath(mask.fieldPath);
    if (fieldPath) await env.tx.fieldMask.update({ where: { id: mask.id }, data: { fieldPath } });
  }
}

/** Rewrites every record of the type (deleted ones too); live ones must fit the schema. */
async function rewriteRecords(
  env: StepEnv,
  typeId: string,
  step: MigrationStep,
  shape: TypeShape,
  at: string,
) {
  let cursor: string | undefined;
  let affected = 0;
  for (;;) {
    const batch = await env.tx.entity.findMany({
      where: { organizationId: env.orgId, entityTypeId: typeId },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: { id: true, data: true, searchText: true, deletedAt: true },
    });
    for (const entity of batch) {
      const { data, changed } = stepOnData(entity.data as Record<string, unknown>, step);
      if (entity.deletedAt === null) {
        try {
          validateData(shape.schema, data);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          throw new AppError(
            "UNPROCESSABLE_CONTENT",
            `${at}: record ${entity.id} would not fit the new schema: ${error.message}`,
          );
        }
      }
      const searchText = buildSearchText(data, shape.searchFields);
      if (!changed && searchText === entity.searchText) continue;
      await env.tx.entity.update({
        where: { id: entity.id },
        data: { data: data as Prisma.InputJsonValue, searchText },
      });
      if (changed) affected += 1;
    }
    if (batch.length < BATCH) return affected;
    cursor = batch[batch.length - 1]!.id;
  }
}

export async function runStep(env: StepEnv, step: MigrationStep, at: string): Promise<StepResult> {
  const description = describe(step);
  const type = await env.tx.entityType.findFirst({
    where: { organizationId: env.orgId, slug: step.entityType },
  });
  if (step.type === "add_entity_type") {
    if (type)
      return {
        type: step.type,
        description: `${description}: it exists already, kept`,
        affectedRecords: 0,
      };
    const def = env.target.entityTypes.find((candidate) => candidate.slug === step.entityType)!;
    const made = await createPackEntityType(env.tx, env.orgId, def);
    await recordEvent(env.tx, env.eventActor, {
      eventType: "entityType.created",
      entityTypeSlug: made.slug,
      payload: { entityTypeId: made.id, name: made.name, slug: made.slug, packId: env.packId },
    });
    return { type: step.type, description, affectedRecords: 0 };
  }
  // A type removed since the install is created by the end of the upgrade, as the new version has it.
  if (!type)
    return {
      type: step.type,
      description: `${description}: skipped, the type is missing`,
      affectedRecords: 0,
    };
  await lockEntityType(env.tx, env.orgId, type.id, "update");
  let shape: TypeShape;
  try {
    shape = stepOnType(
      {
        schema: type.schema as Record<string, unknown>,
        searchFields: type.searchFields,
        displayConfig: type.displayConfig as TypeShape["displayConfig"],
      },
      step,
      false,
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError("UNPROCESSABLE_CONTENT", `${at}: ${error.message}`);
  }
  await env.tx.entityType.update({
    where: { id: type.id },
    data: {
      schema: shape.schema as Prisma.InputJsonValue,
      searchFields: shape.searchFields,
      ...(shape.displayConfig && { displayConfig: shape.displayConfig }),
    },
  });
  if (step.type === "rename_field") await renameInRules(env, type.slug, step.from, step.to);
  const affectedRecords = await rewriteRecords(env, type.id, step, shape, at);
  await recordEvent(env.tx, env.eventActor, {
    eventType: "entityType.updated",
    entityTypeSlug: type.slug,
    payload: {
      entityTypeId: type.id,
      changed: ["schema", "searchFields"],
      packId: env.packId,
      step: step.type,
      affectedRecords,
    },
  });
  return { type: step.type, description, affectedRecords };
}
