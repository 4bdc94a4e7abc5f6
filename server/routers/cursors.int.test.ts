import { describe, expect, it } from "vitest";
import { as, caught, createType, fieldOf } from "@/test/business";
import { createTenant } from "@/test/factories";
import { grantRoles } from "@/test/policy";

// A cursor must name a record of the list it continues (server/services/paging.ts): Prisma
// places a page after its cursor row without the list's where, so a foreign or hidden record as
// cursor would reveal where it falls in the order.

async function fixture() {
  const t = await createTenant();
  const owner = as(t, "owner");
  const type = await createType(owner);
  const make = (name: string, secret = false) =>
    owner.entities.create({ entityTypeId: type.id, data: { name, secret } });
  const visible = [await make("a"), await make("b"), await make("c")];
  const hidden = await make("hidden", true);
  await grantRoles(t.org.id, t.member.id, [
    {
      policies: [
        {
          resource: type.slug,
          action: "list",
          rules: [{ field: "data.secret", op: "eq", value: false }],
        },
      ],
    },
  ]);
  return { t, owner, member: as(t, "member"), type, visible, hidden };
}

describe("list cursors", () => {
  it("entities.list pages on with a cursor from its own pages", async () => {
    const { member, type, visible } = await fixture();
    const first = await member.entities.list({ entityTypeSlug: type.slug, limit: 2 });
    expect(first.nextCursor).toBe(visible[1]!.id);
    const second = await member.entities.list({
      entityTypeSlug: type.slug,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((item) => item.id)).toEqual([visible[0]!.id]);
  });

  it("entities.list refuses a record the actor may not see, or of another organization", async () => {
    const { member, owner, type, hidden } = await fixture();
    const other = await fixture();
    for (const [caller, cursor] of [
      [member, hidden.id],
      [owner, other.visible[0]!.id],
      [owner, "no-such-record"],
    ] as const) {
      for (const sort of [undefined, { field: "data.name", direction: "asc" } as const]) {
        const error = await caught(
          caller.entities.list({ entityTypeSlug: type.slug, cursor, ...(sort && { sort }) }),
        );
        expect(error.code).toBe("BAD_REQUEST");
        expect(fieldOf(error)).toBe("cursor");
      }
    }
  });

  it("entities.list refuses a deleted record as cursor", async () => {
    const { owner, type, visible } = await fixture();
    await owner.entities.remove({ id: visible[1]!.id });
    for (const sort of [undefined, { field: "data.name", direction: "asc" } as const]) {
      const error = await caught(
        owner.entities.list({
          entityTypeSlug: type.slug,
          cursor: visible[1]!.id,
          ...(sort && { sort }),
        }),
      );
      expect([error.code, fieldOf(error)]).toEqual(["BAD_REQUEST", "cursor"]);
    }
  });

  it("events.list refuses an event of another organization or one the actor may not see", async () => {
    const { member, owner, hidden } = await fixture();
    const other = await fixture();
    const [foreign] = (await other.owner.events.list({ limit: 1 })).items;
    const hiddenEvent = (await owner.events.list({ entityId: hidden.id })).items[0]!;
    for (const [caller, cursor] of [
      [owner, foreign!.id],
      [member, hiddenEvent.id],
    ] as const) {
      const error = await caught(caller.events.list({ cursor }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldOf(error)).toBe("cursor");
    }
    const page = await owner.events.list({ limit: 1 });
    expect((await owner.events.list({ limit: 1, cursor: page.nextCursor! })).items).toHaveLength(1);
  });
});
