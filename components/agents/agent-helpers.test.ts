import { describe, expect, it } from "vitest";

import { agentsListInput, formatRelative, versionLabel } from "@/components/agents/agent-helpers";

// The agents list: its filter input, what is deployed, and "last turn" as a relative date.

describe("agents list", () => {
  it("asks for live agents unless a status is chosen", () => {
    expect(agentsListInput("")).toEqual({ limit: 25 });
    expect(agentsListInput("deleted")).toEqual({ limit: 25, status: "deleted" });
  });

  it("names a version or says it is not deployed", () => {
    expect(versionLabel({ version: 3 })).toBe("v3");
    expect(versionLabel(null)).toBe("not deployed");
  });
});

describe("relative dates", () => {
  const now = new Date("2025-06-01T12:00:00Z");
  const ago = (seconds: number) =>
    formatRelative(new Date(now.getTime() - seconds * 1000), now, "en");
  it("use the largest unit that fits", () => {
    expect(ago(10)).toBe("just now");
    expect(ago(50)).toBe("50 seconds ago");
    expect(ago(5 * 60)).toBe("5 minutes ago");
    expect(ago(3 * 3600)).toBe("3 hours ago");
    expect(ago(26 * 3600)).toBe("yesterday");
    expect(ago(400 * 24 * 3600)).toBe("last year");
  });
});
