import { describe, expect, it } from "vitest";
import { redactString } from "@/server/policy";
import type { Caller } from "@/test/callers";
import { as, caught, createType, eventsOf, grantMember, walkPages } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant, type Tenant } from "@/test/factories";

// Which events a caller sees, and how: events.list, events.get and events.getByEntity agree on
// every record (live or soft-deleted), and the record's masks apply to its events' payloads.

/** What the three procedures show of one record's events: ids, or NOT_FOUND. */
async function views(caller: Caller, orgId: string, entityId: string) {
  const all = await eventsOf(orgId, { entityId });
  const listed = await walkPages((cursor) => caller.events.list({ entityId, limit: 2, cursor }), 2);
  const timeline = await caller.events.getByEntity({ entityId }).then(
    (page) => page.items.map((event) => event.id),
    (error: { code?: string }) => error.code,
  );
  const got = await Promise.all(
    all.map((event) =>
      caller.events.get({ id: event.id }).then(
        (shown) => shown.id,
        (error: { code?: string }) => error.code,
      ),
    ),
  );
  return { ids: all.map((event) => event.id), listed, timeline, got };
}

async function recordWithHistory(t: Tenant, typeId: string) {
  const owner = as(t, "owner");
  const entity = await owner.entities.create({ entityTypeId: typeId, data: { name: "Ada" } });
  await owner.entities.update({ id: entity.id, data: { name: "Ada L." } });
  return entity;
}

describe("events of live and deleted records", () => {
  it("list, get and getByEntity agree: owners and admins see a deleted record's events, others see none", async () => {
    const t = await createTenant();
    const type = await createType(as(t, "owner"));
    await grantMember(t, type.slug, ["read", "list"]);
    const live = await recordWithHistory(t, type.id);
    const deleted = await recordWithHistory(t, type.id);
    await as(t, "owner").entities.remove({ id: deleted.id });

    for (const role of ["owner", "admin", "member"] as const) {
      const caller = as(t, role);
      const onLive = await views(caller, t.org.id, live.id);
      expect(onLive.listed.sort()).toEqual([...onLive.ids].sort());
      expect([...(onLive.timeline as string[])].sort()).toEqual([...onLive.ids].sort());
      expect(onLive.got).toEqual(onLive.ids);

      const onDeleted = await views(caller, t.org.id, deleted.id);
      if (role === "member") {
        expect(onDeleted.listed).toEqual([]);
        expect(onDeleted.timeline).toBe("NOT_FOUND");
        expect(onDeleted.got).toEqual(onDeleted.ids.map(() => "NOT_FOUND"));
      } else {
        expect(onDeleted.ids).toHaveLength(3);
        expect(onDeleted.listed.sort()).toEqual([...onDeleted.ids].sort());
        expect([...(onDeleted.timeline as string[])].sort()).toEqual([...onDeleted.ids].sort());
        expect(onDeleted.got).toEqual(onDeleted.ids);
      }
    }
    // Nor does the whole list show the member anything of the deleted record.
    const memberAll = await walkPages(
      (cursor) => as(t, "member").events.list({ limit: 5, cursor }),
      5,
    );
    const deletedIds = (await eventsOf(t.org.id, { entityId: deleted.id })).map((e) => e.id);
    expect(memberAll.filter((id) => deletedIds.includes(id))).toEqual([]);
  });
});

describe("masks on event payloads", () => {
  it("a hidden data field is hidden in a payload's top-level keys too, and a hidden status in a status change", async () => {
    const t = await createTenant();
    const owner = as(t, "owner");
    const type = await createType(owner);
    const role = await grantMember(t, type.slug, ["read", "list"]);
    const policy = await testDb().policy.findFirstOrThrow({
      where: { roleId: role.id, action: "read" },
    });
    await testDb().fieldMask.createMany({
      data: [
        {
          organizationId: t.org.id,
          policyId: policy.id,
          fieldPath: "data.secret",
          maskType: "hide",
        },
        {
          organizationId: t.org.id,
          policyId: policy.id,
          fieldPath: "data.phone",
          maskType: "redact",
        },
        { organizationId: t.org.id, policyId: policy.id, fieldPath: "status", maskType: "hide" },
      ],
    });
    const entity = await owner.entities.create({ entityTypeId: type.id, data: { name: "Ada" } });
    const custom = await as(t, "admin").events.emit({
      eventType: "note.added",
      entityId: entity.id,
      payload: { secret: "s3cret", phone: "5551234567", note: "kept", nested: { secret: "x" } },
    });
    await owner.entities.update({ id: entity.id, status: "archived" });
    const member = as(t, "member");

    const shown = await member.events.get({ id: custom.id });
    expect(shown.payload).toEqual({
      phone: redactString("5551234567"),
      note: "kept",
      nested: { secret: "x" },
    });
    const listed = (await member.events.list({ entityId: entity.id })).items;
    expect(listed.find((event) => event.id === custom.id)?.payload).toEqual(shown.payload);
    const timeline = (await member.events.getByEntity({ entityId: entity.id })).items;
    expect(timeline.find((event) => event.id === custom.id)?.payload).toEqual(shown.payload);

    const statusChange = listed.find((event) => event.eventType === `${type.slug}.updated`)!;
    expect(statusChange.payload).toEqual({ changes: {}, previousData: {} });
    // Owners see the payloads as written.
    expect((await owner.events.get({ id: custom.id })).payload).toMatchObject({
      secret: "s3cret",
    });
    expect((await caught(member.events.get({ id: "missing" }))).code).toBe("NOT_FOUND");
  });
});
