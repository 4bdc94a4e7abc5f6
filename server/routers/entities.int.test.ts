import { describe, expect, it } from "vitest";
import {
  as,
  businessSnapshot,
  caught,
  createType,
  eventsOf,
  fieldOf,
  grantMember,
} from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";

// Entity CRUD through the router (docs/business-data.md): JSON Schema validation on create and on the merged
// result of an update, shallow merge, status, soft delete. Lists: entities-list.int.test.ts;
// search: entities-search.int.test.ts; relations: entities-relations.int.test.ts.

describe("entities: create", () => {
  it("stores data with status active by default, by type id or slug, and records <slug>.created", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const data = { name: "Ada", email: "ada@example.test", grade: 7 };
    const byId = await as(t, "admin").entities.create({ entityTypeId: type.id, data });
    expect(byId).toMatchObject({ entityTypeId: type.id, status: "active", data, deletedAt: null });
    const bySlug = await as(t, "owner").entities.create({
      entityTypeSlug: type.slug,
      data: { name: "Alan" },
      status: "prospect",
    });
    expect(bySlug).toMatchObject({ entityTypeId: type.id, status: "prospect" });

    const events = await eventsOf(t.org.id, { eventType: `${type.slug}.created` });
    expect(events).toMatchObject([
      { entityId: byId.id, entityTypeSlug: type.slug, actorType: "user", actorId: t.admin.id },
      { entityId: bySlug.id, actorId: t.owner.id, payload: { data: { name: "Alan" } } },
    ]);
    expect(events[0]!.payload).toEqual({ data });
  });

  it("a missing required property is BAD_REQUEST naming data.<prop>; nothing is stored", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const before = await businessSnapshot(t.org.id);
    const error = await caught(
      as(t, "owner").entities.create({ entityTypeId: type.id, data: { grade: 3 } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("data.name");
    expect(fieldOf(error)).toBe("data.name");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it.each([
    ["a wrong type", { name: "Ada", grade: "seven" }, "data.grade", /must be integer/],
    ["a bad email", { name: "Ada", email: "not-an-email" }, "data.email", /format "email"/],
    ["a nested wrong type", { name: "Ada", address: { city: 7 } }, "data.address.city", /string/],
    ["a value out of range", { name: "Ada", grade: 13 }, "data.grade", /<= 12/],
  ])("%s is BAD_REQUEST on that path", async (_label, data, field, message) => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const error = await caught(as(t, "owner").entities.create({ entityTypeId: type.id, data }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldOf(error)).toBe(field);
    expect(error.message).toMatch(message);
    expect(await testDb().entity.count({ where: { entityTypeId: type.id } })).toBe(0);
  });

  it("an unknown type is NOT_FOUND; no type at all is BAD_REQUEST; members are refused", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const owner = as(t, "owner");
    const data = { name: "Ada" };
    expect((await caught(owner.entities.create({ entityTypeSlug: "missing", data }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(owner.entities.create({ entityTypeId: "missing", data }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(owner.entities.create({ data }))).code).toBe("BAD_REQUEST");
    const before = await businessSnapshot(t.org.id);
    expect(
      (await caught(as(t, "member").entities.create({ entityTypeId: type.id, data }))).code,
    ).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("entities: update", () => {
  it("merges shallowly, validates the merged data, and records changes with previousData", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"), {
      schema: {
        type: "object",
        properties: { name: { type: "string" }, email: { type: "string", format: "email" } },
        required: ["name", "email"],
      },
    });
    const entity = await as(t, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "Ada", email: "ada@example.test", address: { city: "London" } },
    });
    // {grade} alone lacks the required name and email: only the merged result is validated.
    const updated = await as(t, "admin").entities.update({
      id: entity.id,
      data: { grade: 8, address: { zip: "N1" } },
    });
    expect(updated.data).toEqual({
      name: "Ada",
      email: "ada@example.test",
      grade: 8,
      address: { zip: "N1" },
    });
    const [event] = await eventsOf(t.org.id, { eventType: `${type.slug}.updated` });
    expect(event).toMatchObject({
      entityId: entity.id,
      entityTypeSlug: type.slug,
      actorType: "user",
      actorId: t.admin.id,
    });
    expect(event!.payload).toEqual({
      changes: { grade: 8, address: { zip: "N1" } },
      previousData: { grade: null, address: { city: "London" } },
    });
  });

  it("a merged result that breaks the schema is BAD_REQUEST on its path; nothing changes", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const entity = await as(t, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "Ada", email: "ada@example.test" },
    });
    const before = await businessSnapshot(t.org.id);
    for (const [data, field] of [
      [{ email: "nope" }, "data.email"],
      [{ name: null }, "data.name"],
      [{ grade: 2.5 }, "data.grade"],
    ] as const) {
      const error = await caught(as(t, "owner").entities.update({ id: entity.id, data }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldOf(error)).toBe(field);
      expect(error.message).toContain(field);
    }
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("changes the status alone, keeping the data, and records the transition", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const entity = await as(t, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "Ada" },
    });
    const updated = await as(t, "owner").entities.update({ id: entity.id, status: "archived" });
    expect(updated).toMatchObject({ status: "archived", data: { name: "Ada" } });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(entity.updatedAt.getTime());
    const [event] = await eventsOf(t.org.id, { eventType: `${type.slug}.updated` });
    expect(event!.payload).toEqual({
      changes: {},
      previousData: {},
      status: { from: "active", to: "archived" },
    });
  });

  it("answers NOT_FOUND for an unknown entity or one the member cannot read, FORBIDDEN for one they only read; nothing changes", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const entity = await as(t, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "Ada" },
    });
    expect(
      (await caught(as(t, "owner").entities.update({ id: "missing", data: { name: "x" } }))).code,
    ).toBe("NOT_FOUND");
    const before = await businessSnapshot(t.org.id);
    const update = () => as(t, "member").entities.update({ id: entity.id, data: { name: "x" } });
    expect((await caught(update())).code).toBe("NOT_FOUND");
    await grantMember(t, type.slug, ["read"]);
    expect((await caught(update())).code).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("entities: get, getWithType, remove", () => {
  it("get and getWithType return the live entity (with its type); to a member without roles it is not found", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const entity = await as(t, "owner").entities.create({
      entityTypeId: type.id,
      data: { name: "Ada" },
    });
    expect(await as(t, "admin").entities.get({ id: entity.id })).toEqual(entity);
    expect(await as(t, "admin").entities.getWithType({ id: entity.id })).toEqual({
      ...entity,
      entityType: type,
    });
    // A record the actor cannot read is "not found": no existence leak.
    expect((await caught(as(t, "member").entities.get({ id: entity.id }))).code).toBe("NOT_FOUND");
    expect((await caught(as(t, "member").entities.getWithType({ id: entity.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(as(t, "owner").entities.get({ id: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("remove soft-deletes once: reads and writes then answer NOT_FOUND, a second remove too", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    const owner = as(t, "owner");
    const entity = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });

    const before = await businessSnapshot(t.org.id);
    const member = () => as(t, "member").entities.remove({ id: entity.id });
    expect((await caught(member())).code).toBe("NOT_FOUND");
    await grantMember(t, type.slug, ["read", "update"]);
    expect((await caught(member())).code).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
    expect(await as(t, "admin").entities.remove({ id: entity.id })).toEqual({ success: true });

    const stored = await testDb().entity.findUniqueOrThrow({ where: { id: entity.id } });
    expect(stored.deletedAt).toBeInstanceOf(Date);
    expect((await caught(owner.entities.get({ id: entity.id }))).code).toBe("NOT_FOUND");
    expect((await caught(owner.entities.getWithType({ id: entity.id }))).code).toBe("NOT_FOUND");
    expect(
      (await caught(owner.entities.update({ id: entity.id, data: { name: "Back" } }))).code,
    ).toBe("NOT_FOUND");
    const afterRemove = await businessSnapshot(t.org.id);
    expect((await caught(owner.entities.remove({ id: entity.id }))).code).toBe("NOT_FOUND");
    expect(await businessSnapshot(t.org.id)).toBe(afterRemove);

    const deleted = await eventsOf(t.org.id, { eventType: `${type.slug}.deleted` });
    expect(deleted).toMatchObject([
      {
        entityId: entity.id,
        entityTypeSlug: type.slug,
        actorType: "user",
        actorId: t.admin.id,
        payload: {},
      },
    ]);
  });
});
