import { describe, expect, it } from "vitest";
import { as, businessSnapshot, caught, createType, eventsOf, grantMember } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// Relations (docs/business-data.md): unique (from, type, to), within one organization; link and unlink are
// recorded in the audit log (the original recorded neither).

async function fixture(t?: Tenant) {
  const tenant = t ?? (await createTenant());
  const owner = as(tenant, "owner");
  const type = await createType(owner);
  const make = async (name: string) =>
    (await owner.entities.create({ entityTypeId: type.id, data: { name } })).id;
  return { t: tenant, owner, type, make };
}

describe("entities.link / unlink", () => {
  it("links once with metadata, records entity.linked; a duplicate is CONFLICT and changes nothing", async () => {
    const { t, type, make } = await fixture();
    const [ada, alan] = [await make("Ada"), await make("Alan")];
    const admin = as(t, "admin");
    const relation = await admin.entities.link({
      fromId: ada,
      toId: alan,
      relationType: "mentors",
      metadata: { since: 2024 },
    });
    expect(relation).toMatchObject({
      fromEntityId: ada,
      toEntityId: alan,
      relationType: "mentors",
      metadata: { since: 2024 },
    });
    const [event] = await eventsOf(t.org.id, { eventType: "entity.linked" });
    expect(event).toMatchObject({
      entityId: ada,
      entityTypeSlug: type.slug,
      actorType: "user",
      actorId: t.admin.id,
      payload: { relationId: relation.id, fromId: ada, toId: alan, relationType: "mentors" },
    });

    const before = await businessSnapshot(t.org.id);
    const duplicate = await caught(
      admin.entities.link({ fromId: ada, toId: alan, relationType: "mentors" }),
    );
    expect(duplicate).toMatchObject({ code: "CONFLICT", message: "Relation already exists" });
    expect(await businessSnapshot(t.org.id)).toBe(before);
    // Another type, or the other direction, is another relation.
    await admin.entities.link({ fromId: ada, toId: alan, relationType: "knows" });
    await admin.entities.link({ fromId: alan, toId: ada, relationType: "mentors" });
  });

  it("an entity of another organization, or a deleted one, is NOT_FOUND and nothing is written", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const [ada, gone] = [await mine.make("Ada"), await mine.make("Gone")];
    await mine.owner.entities.remove({ id: gone });
    const foreign = await theirs.make("Foreign");
    const [beforeMine, beforeTheirs] = [
      await businessSnapshot(mine.t.org.id),
      await businessSnapshot(theirs.t.org.id),
    ];
    for (const [fromId, toId] of [
      [ada, foreign],
      [foreign, ada],
      [ada, gone],
    ] as const) {
      const error = await caught(mine.owner.entities.link({ fromId, toId, relationType: "x" }));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect(await businessSnapshot(mine.t.org.id)).toBe(beforeMine);
    expect(await businessSnapshot(theirs.t.org.id)).toBe(beforeTheirs);
  });

  it("unlink removes the relation and records entity.unlinked; a missing one is NOT_FOUND", async () => {
    const { t, owner, type, make } = await fixture();
    const [ada, alan] = [await make("Ada"), await make("Alan")];
    const relation = await owner.entities.link({ fromId: ada, toId: alan, relationType: "knows" });
    const input = { fromId: ada, toId: alan, relationType: "knows" };
    expect(await as(t, "admin").entities.unlink(input)).toEqual({ success: true });
    expect(await testDb().entityRelation.count({ where: { id: relation.id } })).toBe(0);
    const [event] = await eventsOf(t.org.id, { eventType: "entity.unlinked" });
    expect(event).toMatchObject({
      entityId: ada,
      entityTypeSlug: type.slug,
      actorType: "user",
      actorId: t.admin.id,
      payload: input,
    });
    const before = await businessSnapshot(t.org.id);
    expect((await caught(owner.entities.unlink(input))).code).toBe("NOT_FOUND");
    expect(
      (await caught(owner.entities.unlink({ fromId: alan, toId: ada, relationType: "knows" })))
        .code,
    ).toBe("NOT_FOUND");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });

  it("a member without roles cannot see the records (NOT_FOUND); one who only reads them is FORBIDDEN; nothing changes", async () => {
    const { t, owner, type, make } = await fixture();
    const [ada, alan] = [await make("Ada"), await make("Alan")];
    await owner.entities.link({ fromId: ada, toId: alan, relationType: "knows" });
    const before = await businessSnapshot(t.org.id);
    const member = as(t, "member");
    const input = { fromId: ada, toId: alan, relationType: "knows" };
    // A record the actor cannot read is "not found": no existence leak.
    expect((await caught(member.entities.link({ ...input, relationType: "x" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await caught(member.entities.unlink(input))).code).toBe("NOT_FOUND");
    await grantMember(t, type.slug, ["read"]);
    expect((await caught(member.entities.link({ ...input, relationType: "x" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await caught(member.entities.unlink(input))).code).toBe("FORBIDDEN");
    expect(await businessSnapshot(t.org.id)).toBe(before);
  });
});

describe("entities.getRelated", () => {
  it("follows direction from, to or both, filters by relation type, and skips deleted ends", async () => {
    const { t, owner, type, make } = await fixture();
    const [ada, alan, grace, gone] = [
      await make("Ada"),
      await make("Alan"),
      await make("Grace"),
      await make("Gone"),
    ];
    await owner.entities.link({ fromId: ada, toId: alan, relationType: "mentors" });
    await owner.entities.link({ fromId: ada, toId: grace, relationType: "knows" });
    await owner.entities.link({ fromId: grace, toId: ada, relationType: "mentors" });
    await owner.entities.link({ fromId: ada, toId: gone, relationType: "knows" });
    await owner.entities.link({ fromId: gone, toId: ada, relationType: "knows" });
    await owner.entities.remove({ id: gone });

    // Outgoing relations come first, then incoming; within a direction the order is by creation
    // time, which links made in the same millisecond share: compare each direction as a set.
    const related = async (
      direction?: "from" | "to" | "both",
      relationType?: string,
    ): Promise<string[]> => {
      const items = await as(t, "admin").entities.getRelated({
        entityId: ada,
        direction,
        relationType,
      });
      const directions = items.map((item) => item.direction);
      expect(directions).toEqual([...directions].sort());
      return items
        .map((item) => `${item.direction}:${item.relation.relationType}:${item.entity.id}`)
        .sort();
    };
    expect(await related("from")).toEqual([`from:knows:${grace}`, `from:mentors:${alan}`]);
    expect(await related("to")).toEqual([`to:mentors:${grace}`]);
    expect(await related()).toEqual([
      `from:knows:${grace}`,
      `from:mentors:${alan}`,
      `to:mentors:${grace}`,
    ]);
    expect(await related("both", "mentors")).toEqual([
      `from:mentors:${alan}`,
      `to:mentors:${grace}`,
    ]);
    expect(await related("to", "knows")).toEqual([]);

    const [first] = await owner.entities.getRelated({
      entityId: ada,
      direction: "from",
      relationType: "mentors",
    });
    expect(first).toMatchObject({
      direction: "from",
      entityType: { slug: type.slug, name: type.name },
      entity: { id: alan, data: { name: "Alan" }, status: "active" },
      relation: { relationType: "mentors", metadata: null },
    });
  });

  it("an unknown, deleted or foreign entity is NOT_FOUND, and so is one the member cannot read", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const [ada, gone] = [await mine.make("Ada"), await mine.make("Gone")];
    await mine.owner.entities.remove({ id: gone });
    const foreign = await theirs.make("Foreign");
    for (const entityId of ["missing", gone, foreign]) {
      expect((await caught(mine.owner.entities.getRelated({ entityId }))).code).toBe("NOT_FOUND");
    }
    expect((await caught(as(mine.t, "member").entities.getRelated({ entityId: ada }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
