import { describe, expect, it } from "vitest";
import { as, caught, createType } from "@/test/business";
import { createTenant } from "@/test/factories";

// entities.search (docs/business-data.md): full-text over searchText, ranked, the last word as a prefix, and
// restricted to the caller's organization inside the query (the original searched every tenant, then filtered).

const schema = { type: "object", properties: { name: { type: "string" } } };

async function fixture() {
  const t = await createTenant();
  const owner = as(t, "owner");
  const type = await createType(owner, { schema });
  const create = async (name: string, typeId = type.id) =>
    (await owner.entities.create({ entityTypeId: typeId, data: { name } })).id;
  const search = async (query: string, extra: { entityTypeSlug?: string; limit?: number } = {}) =>
    (await owner.entities.search({ query, ...extra })).items;
  return { t, owner, type, create, search };
}

describe("entities.search", () => {
  it("ranks by term frequency, ahead of recency; every word must match", async () => {
    const { create, search } = await fixture();
    const often = await create("tutor tutor tutor math");
    // Created later, so updatedAt alone would put it first.
    const once = await create("tutor history");
    const hits = await search("tutor");
    expect(hits.map((hit) => hit.id)).toEqual([often, once]);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    expect((await search("tutor math")).map((hit) => hit.id)).toEqual([often]);
    expect((await search("history tutor")).map((hit) => hit.id)).toEqual([once]);
    expect(await search("tutor geography")).toEqual([]);
  });

  it("matches the last word as a prefix, and only the last", async () => {
    const { create, search } = await fixture();
    const math = await create("Advanced Mathematics");
    expect((await search("mat")).map((hit) => hit.id)).toEqual([math]);
    expect((await search("ADVANCED MATH")).map((hit) => hit.id)).toEqual([math]);
    expect(await search("adv mathematics")).toEqual([]);
  });

  it("returns the entity's fields and respects limit", async () => {
    const { type, create, search } = await fixture();
    const ids = [await create("piano lesson"), await create("piano recital")];
    await create("piano tuning");
    const hits = await search("piano", { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ entityTypeId: type.id, status: "active", deletedAt: null });
    expect((await search("piano lesson"))[0]).toMatchObject({
      id: ids[0],
      data: { name: "piano lesson" },
    });
  });

  it("never returns another organization's entity, even an identical one", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const name = `quasar ${mine.t.org.id}`;
    const own = await mine.create(name);
    const other = await theirs.create(name);
    expect((await mine.search(name)).map((hit) => hit.id)).toEqual([own]);
    expect((await theirs.search(name)).map((hit) => hit.id)).toEqual([other]);
    // The other organization's type slug is unknown here, not a way in.
    expect(
      (await caught(mine.owner.entities.search({ query: name, entityTypeSlug: theirs.type.slug })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("is restricted to one type when entityTypeSlug is given", async () => {
    const { owner, type, create, search } = await fixture();
    const otherType = await createType(owner, { schema });
    const here = await create("violin");
    const there = await create("violin", otherType.id);
    expect(new Set((await search("violin")).map((hit) => hit.id))).toEqual(new Set([here, there]));
    expect((await search("violin", { entityTypeSlug: type.slug })).map((hit) => hit.id)).toEqual([
      here,
    ]);
    expect(
      (await search("violin", { entityTypeSlug: otherType.slug })).map((hit) => hit.id),
    ).toEqual([there]);
  });

  it("leaves out soft-deleted entities", async () => {
    const { owner, create, search } = await fixture();
    const kept = await create("cello kept");
    const gone = await create("cello gone");
    await owner.entities.remove({ id: gone });
    expect((await search("cello")).map((hit) => hit.id)).toEqual([kept]);
  });

  it("takes punctuation and tsquery syntax as plain words, never as an error", async () => {
    const { create, search } = await fixture();
    const abc = await create("a b c");
    expect((await search("a & b | !c:*")).map((hit) => hit.id)).toEqual([abc]);
    for (const query of ["'); DROP TABLE entities; --", "\\", "&|!():*<->", "", "   ", "'''"]) {
      expect(await search(query)).toEqual([]);
    }
  });

  it("follows updates: the new text is found, the old is not", async () => {
    const { owner, create, search } = await fixture();
    const id = await create("oboe");
    await owner.entities.update({ id, data: { name: "bassoon" } });
    expect(await search("oboe")).toEqual([]);
    expect((await search("bassoon")).map((hit) => hit.id)).toEqual([id]);
  });

  it("a member without roles is refused a type's search and finds nothing across types", async () => {
    const { t, type, create } = await fixture();
    await create("findable");
    const member = as(t, "member");
    expect(
      (await caught(member.entities.search({ query: "findable", entityTypeSlug: type.slug }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await caught(member.entities.search({ query: "findable", entityTypeId: type.id }))).code,
    ).toBe("FORBIDDEN");
    // Across types, only the types the member may list are searched: none here.
    expect(await member.entities.search({ query: "findable" })).toEqual({
      items: [],
      exhaustive: true,
    });
  });
});
