import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapterFactory } from "@/server/db/client";
import { checkHealth } from "@/server/services/health";
import { testDb } from "@/test/db";

describe("checkHealth", () => {
  it("reports ok with the current time when the database answers", async () => {
    const now = new Date("2026-11-27T10:00:00.000Z");
    expect(await checkHealth(testDb(), () => now)).toEqual({
      status: "ok",
      timestamp: "2026-11-27T10:00:00.000Z",
      database: "ok",
    });
  });

  it("reports the database unreachable instead of throwing", async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const adapter = createAdapterFactory({
      kind: "postgres",
      url: "postgresql://nobody@127.0.0.1:9/none",
    });
    const unreachable = new PrismaClient({ adapter });
    try {
      const report = await checkHealth(unreachable);
      expect(report).toMatchObject({ status: "degraded", database: "unreachable" });
    } finally {
      await unreachable.$disconnect();
    }
  });
});
