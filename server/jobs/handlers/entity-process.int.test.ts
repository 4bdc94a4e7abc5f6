import { describe, expect, it } from "vitest";
import { entityProcess } from "@/server/jobs/handlers/entity-process";
import { PermanentJobError } from "@/server/jobs/types";
import { testDb } from "@/test/db";
import { createEntity, createEntityType, createOrganization } from "@/test/factories";
import { jobContext } from "@/test/job-context";

// entity.process on a real database: the entity is checked against its type as the type is
// now, and its stored search text rebuilt.

const schema = {
  type: "object",
  properties: { name: { type: "string" }, email: { type: "string", format: "email" } },
  required: ["name"],
};

async function setup() {
  const org = await createOrganization();
  const type = await createEntityType(org.id, { schema, searchFields: ["name", "email"] });
  return { org, type };
}

const run = async (orgId: string, entityId: string) =>
  entityProcess.handle(
    { entityId },
    await jobContext(orgId, { jobType: "entity.process", payload: { entityId } }),
  );

const storedSearchText = async (id: string) =>
  (await testDb().entity.findUniqueOrThrow({ where: { id } })).searchText;

describe("entity.process", () => {
  it("rebuilds a stale search text and records the run", async () => {
    const { org, type } = await setup();
    const entity = await createEntity(type, {
      data: { name: "Ada Lovelace", email: "ada@example.com", note: "not searched" },
      searchText: "stale",
    });
    const result = await run(org.id, entity.id);
    expect(result).toEqual({
      entityId: entity.id,
      valid: true,
      errors: [],
      searchTextUpdated: true,
    });
    expect(await storedSearchText(entity.id)).toBe("ada lovelace ada@example.com");
    const events = await testDb().event.findMany({
      where: { organizationId: org.id, eventType: "entity.processed" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityId: entity.id,
      entityTypeSlug: type.slug,
      actorType: "system",
      payload: { valid: true, searchTextUpdated: true },
    });

    // A second run finds nothing to rebuild.
    expect((await run(org.id, entity.id)).searchTextUpdated).toBe(false);
  });

  it("reports data its type's current schema refuses as a result, not a failure", async () => {
    const org = await createOrganization();
    const { required: _required, ...lenient } = schema;
    const type = await createEntityType(org.id, { schema: lenient, searchFields: ["email"] });
    const entity = await createEntity(type, { data: { email: "grace@example.com" } });
    // The type became stricter after the record was written.
    await testDb().entityType.update({ where: { id: type.id }, data: { schema } });
    const result = await run(org.id, entity.id);
    expect(result.valid).toBe(false);
    // Validation stops at the first error (docs/notifications.md, entity.process).
    expect(result.errors).toEqual([
      { path: "data.name", message: "must have required property 'name'" },
    ]);
    // The search text follows the data as it is, valid or not.
    expect(await storedSearchText(entity.id)).toBe("grace@example.com");
    const event = await testDb().event.findFirstOrThrow({
      where: { organizationId: org.id, eventType: "entity.processed", entityId: entity.id },
    });
    expect(event.payload).toMatchObject({ valid: false, errors: result.errors });
  });

  it("an entity of another organization, deleted or unknown is permanently not found", async () => {
    const { org, type } = await setup();
    const other = await createOrganization();
    const entity = await createEntity(type, { data: { name: "Kept" }, searchText: "stale" });
    const deleted = await createEntity(type, { data: { name: "Gone" }, deletedAt: new Date() });
    for (const [orgId, entityId] of [
      [other.id, entity.id],
      [org.id, deleted.id],
      [org.id, "no-such-entity"],
    ] as const) {
      const error = await run(orgId, entityId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentJobError);
      expect((error as Error).message).toBe("Entity not found");
    }
    // The other organization's job changed nothing.
    expect(await storedSearchText(entity.id)).toBe("stale");
  });
});
