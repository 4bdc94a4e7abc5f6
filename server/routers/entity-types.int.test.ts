import { describe, expect, it } from "vitest";
import {
  as,
  businessSnapshot,
  caught,
  createType,
  eventsOf,
  fieldOf,
  grantMember,
  studentSchema,
  type JsonSchema,
} from "@/test/business";
import { testDb, uid } from "@/test/db";
import { createTenant } from "@/test/factories";

// The entityTypes router (docs/business-data.md): JSON Schema checked on the way in, per-organization slugs,
// searchFields rebuilt for existing entities, deletion blocked only by live entities.

describe("entityTypes: reads", () => {
  it("list is the organization's types by name; get and getBySlug find one or answer NOT_FOUND", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    const zebra = await createType(as(t, "owner"), { name: "Zebra" });
    const apple = await createType(as(t, "admin"), { name: "Apple" });
    await createType(as(other, "owner"), { name: "Aardvark" });

    const listed = await as(t, "admin").entityTypes.list();
    expect(listed.map((type) => type.id)).toEqual([apple.id, zebra.id]);
    expect(await as(t, "owner").entityTypes.get({ id: zebra.id })).toEqual(zebra);
    expect(await as(t, "owner").entityTypes.getBySlug({ slug: apple.slug })).toEqual(apple);
    expect((await caught(as(t, "owner").entityTypes.get({ id: "missing" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(as(t, "owner").entityTypes.getBySlug({ slug: "missing" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("a member reads only the types their roles reach: none is FORBIDDEN to list and NOT_FOUND to get", async () => {
    const t = await createTenant();
    const member = as(t, "member");
    // An organization without types has nothing to hide.
    expect(await member.entityTypes.list()).toEqual([]);
    const type = await createType(as(t, "owner"));
    const other = await createType(as(t, "owner"));
    expect((await caught(member.entityTypes.list())).code).toBe("FORBIDDEN");
    expect((await caught(member.entityTypes.get({ id: type.id }))).code).toBe("NOT_FOUND");
    expect((await caught(member.entityTypes.getBySlug({ slug: type.slug }))).code).toBe(
      "NOT_FOUND",
    );
    // Reading a type's records makes the type (its schema, for forms) readable, and only it.
    await grantMember(t, type.slug, ["read"]);
    expect((await member.entityTypes.list()).map((listed) => listed.id)).toEqual([type.id]);
    expect(await member.entityTypes.get({ id: type.id })).toEqual(type);
    expect((await caught(member.entityTypes.getBySlug({ slug: other.slug }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("entityTypes: create", () => {
  it("stores the type with a slug made from the name, and records entityType.created", async () => {
    const t = await createTenant();
    const name = `Tutoring Session ${uid()}`;
    const created = await as(t, "admin").entityTypes.create({
      name,
      description: "One lesson",
      schema: studentSchema,
      searchFields: ["name"],
      displayConfig: { listFields: ["name", "grade"] },
    });
    expect(created).toMatchObject({
      name,
      slug: name.toLowerCase().replace(/ /g, "-"),
      description: "One lesson",
      schema: studentSchema,
      searchFields: ["name"],
      displayConfig: { listFields: ["name", "grade"] },
    });
    const [event] = await eventsOf(t.org.id, { eventType: "entityType.created" });
    expect(event).toMatchObject({
      entityTypeSlug: created.slug,
      actorType: "user",
      actorId: t.admin.id,
      payload: { entityTypeId: created.id, name, slug: created.slug },
    });
  });

  it("an invalid JSON Schema is BAD_REQUEST on field schema; nothing is stored", async () => {
    const t = await createTenant();
    const before = await businessSnapshot(t.org.id);
    const invalid: JsonSchema[] = [{ type: "nope" }, { properties: 5 }, { required: "name" }];
    for (const schema of invalid) {
      const error = await caught(
        as(t, "owner").entityTypes.create({ name: "Broken", slug: uid("broken"), schema }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldOf(error)).toBe("schema");
      expect(error.message).toMatch(/not a valid JSON Schema/);
    }
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("a taken slug is a CONFLICT on field slug in the same organization, and free in another", async () => {
    const [t, other] = [await createTenant(), await createTenant()];
    const first = await createType(as(t, "owner"));
    const before = await businessSnapshot(t.org.id);
    const error = await caught(createType(as(t, "admin"), { slug: first.slug }));
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: "Entity type with this slug already exists",
    });
    expect(fieldOf(error)).toBe("slug");
    expect(await businessSnapshot(t.org.id)).toBe(before);
    expect((await createType(as(other, "owner"), { slug: first.slug })).slug).toBe(first.slug);
  });

  it("members are refused and nothing is stored", async () => {
    const t = await createTenant();
    const before = await businessSnapshot(t.org.id);
    expect((await caught(createType(as(t, "member")))).code).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("entityTypes: update", () => {
  it("patches the given fields only, keeps the slug, and records entityType.updated", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"), { name: "Before" });
    const updated = await as(t, "admin").entityTypes.update({
      id: type.id,
      name: "After",
      description: "Now described",
    });
    expect(updated).toMatchObject({
      id: type.id,
      slug: type.slug,
      name: "After",
      description: "Now described",
      schema: studentSchema,
    });
    const [event] = await eventsOf(t.org.id, { eventType: "entityType.updated" });
    expect(event).toMatchObject({
      entityTypeSlug: type.slug,
      actorType: "user",
      actorId: t.admin.id,
      payload: { entityTypeId: type.id, changed: ["name", "description"], searchTextRebuilt: 0 },
    });
  });

  it("an invalid schema is BAD_REQUEST on field schema and the type is unchanged", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const before = await businessSnapshot(t.org.id);
    const error = await caught(
      as(t, "owner").entityTypes.update({ id: type.id, name: "x", schema: { type: 12 } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldOf(error)).toBe("schema");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("changing searchFields rebuilds existing entities: search finds the new field, not the old", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner, { searchFields: ["name"] });
    const ada = await owner.entities.create({
      entityTypeId: type.id,
      data: { name: "Ada", subject: "Mathematics" },
    });
    const alan = await owner.entities.create({
      entityTypeId: type.id,
      data: { name: "Alan", subject: "Cryptography" },
    });
    const search = async (query: string) =>
      (await owner.entities.search({ entityTypeSlug: type.slug, query })).items.map((e) => e.id);
    expect(await search("ada")).toEqual([ada.id]);
    expect(await search("mathematics")).toEqual([]);

    await owner.entityTypes.update({ id: type.id, searchFields: ["subject"] });
    expect(await search("mathematics")).toEqual([ada.id]);
    expect(await search("crypto")).toEqual([alan.id]);
    expect(await search("ada")).toEqual([]);
    const stored = await testDb().entity.findUniqueOrThrow({ where: { id: ada.id } });
    expect(stored.searchText).toBe("mathematics");
    const [event] = await eventsOf(t.org.id, { eventType: "entityType.updated" });
    expect(event?.payload).toMatchObject({ changed: ["searchFields"], searchTextRebuilt: 2 });
  });

  it("answers NOT_FOUND for an unknown id; members are refused and nothing changes", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    expect(
      (await caught(as(t, "owner").entityTypes.update({ id: "missing", name: "x" }))).code,
    ).toBe("NOT_FOUND");
    const before = await businessSnapshot(t.org.id);
    expect(
      (await caught(as(t, "member").entityTypes.update({ id: type.id, name: "Mine" }))).code,
    ).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("entityTypes: remove", () => {
  it("live entities block it with CONFLICT; once only soft-deleted ones remain it succeeds and they are gone", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const first = await owner.entities.create({ entityTypeId: type.id, data: { name: "One" } });
    const second = await owner.entities.create({ entityTypeId: type.id, data: { name: "Two" } });
    await owner.entities.link({ fromId: first.id, toId: second.id, relationType: "knows" });
    await owner.entities.remove({ id: first.id });

    const before = await businessSnapshot(t.org.id);
    const error = await caught(owner.entityTypes.remove({ id: type.id }));
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: "Cannot delete entity type with 1 existing entity",
    });
    expect(await businessSnapshot(t.org.id)).toBe(before);

    await owner.entities.remove({ id: second.id });
    expect(await as(t, "admin").entityTypes.remove({ id: type.id })).toEqual({ success: true });
    const db = testDb();
    expect(await db.entityType.count({ where: { id: type.id } })).toBe(0);
    expect(await db.entity.count({ where: { id: { in: [first.id, second.id] } } })).toBe(0);
    expect(await db.entityRelation.count({ where: { fromEntityId: first.id } })).toBe(0);
    // The audit log outlives the records it describes.
    const created = await eventsOf(t.org.id, { eventType: `${type.slug}.created` });
    expect(created.map((event) => event.entityId)).toEqual([null, null]);
    const [deleted] = await eventsOf(t.org.id, { eventType: "entityType.deleted" });
    expect(deleted).toMatchObject({
      entityTypeSlug: type.slug,
      actorType: "user",
      actorId: t.admin.id,
      payload: { entityTypeId: type.id, name: type.name },
    });
    expect((await caught(owner.entityTypes.get({ id: type.id }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for an unknown id; members are refused and nothing changes", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    expect((await caught(as(t, "owner").entityTypes.remove({ id: "missing" }))).code).toBe(
      "NOT_FOUND",
    );
    const before = await businessSnapshot(t.org.id);
    expect((await caught(as(t, "member").entityTypes.remove({ id: type.id }))).code).toBe(
      "FORBIDDEN",
    );
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});
