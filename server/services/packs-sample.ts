import type { Prisma } from "@/generated/prisma/client";
import { systemActor, type Actor } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import type { PackDefinition } from "@/server/packs/format";
import { resolveSampleRefs } from "@/server/packs/validate";
import { createEntity, type CreateEntityInput } from "@/server/services/entities";
import { linkEntities } from "@/server/services/entity-relations";
import { recordEvent } from "@/server/services/events";
import { findInstalled, readCreatedIds } from "@/server/services/packs-records";

// A pack's example records, created in order through the entity services as the organization's
// system actor (validated, indexed, logged like any record); `{"$sample": key}` becomes the id of
// the record created for that key. Returns how many records and relations were made.

export async function createSampleData(
  db: Db,
  eventActor: Actor,
  pack: PackDefinition,
): Promise<number> {
  const sample = pack.sampleData;
  if (!sample) return 0;
  const ctx = { db, actor: systemActor(eventActor.orgId) };
  const ids = new Map<string, string>();
  for (const record of sample.records) {
    const data = resolveSampleRefs(record.data, (key) =>
      ids.get(key)!,
    ) as CreateEntityInput["data"];
    const entity = await createEntity(ctx, { entityTypeSlug: record.type, data });
    ids.set(record.key, entity.id);
  }
  for (const relation of sample.relations) {
    await linkEntities(ctx, {
      fromId: ids.get(relation.from)!,
      toId: ids.get(relation.to)!,
      relationType: relation.relationType,
    });
  }
  const entityIds = [...ids.values()];
  await db.$transaction(async (tx) => {
    const row = await findInstalled(tx, eventActor.orgId, pack.id);
    if (!row) return;
    const created = readCreatedIds(row);
    created.sampleEntities.push(...entityIds);
    await tx.installedPack.update({
      where: { id: row.id },
      data: { createdIds: created as unknown as Prisma.InputJsonValue },
    });
    await recordEvent(tx, eventActor, {
      eventType: "pack.sampleDataCreated",
      payload: { packId: pack.id, entityIds, relations: sample.relations.length },
    });
  });
  return entityIds.length + sample.relations.length;
}
