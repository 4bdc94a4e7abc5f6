import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/input-limits";
import { parseChatBody } from "@/server/agent/chat-request";
import { AppError } from "@/server/errors";
import { as, caught, fieldOf } from "@/test/business";
import { testDb } from "@/test/db";
import { createTenant } from "@/test/factories";

// The bounds of docs/input-limits.md hold at the boundary: a value over one is a 400 naming the
// field, and nothing is written.

const over = (bytes: number) => "x".repeat(bytes + 1);

describe("JSON inputs over their bound", () => {
  it("are refused with the field named, writing nothing", async () => {
    const tenant = await createTenant();
    const owner = as(tenant, "owner");
    const type = await owner.entityTypes.create({ name: "Note", schema: { type: "object" } });
    const events = () => testDb().event.count({ where: { organizationId: tenant.org.id } });
    const before = await events();

    const data = await caught(
      owner.entities.create({ entityTypeId: type.id, data: { body: over(LIMITS.jsonBytes) } }),
    );
    expect([data.code, fieldOf(data)]).toEqual(["BAD_REQUEST", "data"]);
    const schema = await caught(
      owner.entityTypes.create({
        name: "Big",
        schema: { type: "object", description: over(LIMITS.jsonBytes) },
      }),
    );
    expect([schema.code, fieldOf(schema)]).toEqual(["BAD_REQUEST", "schema"]);
    const payload = await caught(
      owner.events.emit({ eventType: "note.big", payload: { body: over(LIMITS.jsonBytes) } }),
    );
    expect([payload.code, fieldOf(payload)]).toEqual(["BAD_REQUEST", "payload"]);

    expect(await testDb().entity.count({ where: { organizationId: tenant.org.id } })).toBe(0);
    expect(await events()).toBe(before);
    // Just under the bound is fine.
    await owner.entities.create({
      entityTypeId: type.id,
      data: { body: "x".repeat(LIMITS.jsonBytes - 100) },
    });
  });

  it("a chat body's metadata over 16 KiB is a 400 naming metadata", () => {
    const error = (() => {
      try {
        parseChatBody({ message: "hi", metadata: { note: over(LIMITS.smallJsonBytes) } });
      } catch (caughtError) {
        return caughtError;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", field: "metadata" });
  });
});
