import { describe, expect, it } from "vitest";

import {
  formatDuration,
  groupTurns,
  playgroundHref,
  prettyJson,
  threadsListInput,
  transcriptItems,
  type Message,
} from "@/components/threads/thread-helpers";

// Messages → the transcript: tool results under their calls, turns by execution.

let seq = 0;
function message(partial: Partial<Message> & Pick<Message, "role">): Message {
  seq += 1;
  return {
    id: `m${seq}`,
    content: "",
    toolCalls: null,
    toolCallId: null,
    isError: false,
    executionId: null,
    createdAt: new Date(seq * 1000),
    ...partial,
  };
}

describe("transcript items", () => {
  it("pairs each tool call with its result by toolCallId, errors included", () => {
    const user = message({ role: "user", content: "Find Ada", executionId: "e1" });
    const assistant = message({
      role: "assistant",
      executionId: "e1",
      toolCalls: [
        { id: "c1", name: "entity.query", arguments: { type: "student" } },
        { id: "c2", name: "entity.get", arguments: { id: "x" } },
        { id: "c3", name: "event.emit", arguments: {} },
      ],
    });
    const second = message({
      role: "tool",
      toolCallId: "c2",
      content: "Entity not found",
      isError: true,
      executionId: "e1",
    });
    const first = message({
      role: "tool",
      toolCallId: "c1",
      content: '{"items":[]}',
      executionId: "e1",
    });
    const answer = message({ role: "assistant", content: "None found.", executionId: "e1" });
    const items = transcriptItems([user, assistant, second, first, answer]);
    expect(items.map((item) => item.message.id)).toEqual([user.id, assistant.id, answer.id]);
    const calls = items[1]!.kind === "message" ? items[1]!.toolCalls : [];
    expect(calls).toEqual([
      {
        id: "c1",
        name: "entity.query",
        arguments: { type: "student" },
        result: { content: '{"items":[]}', isError: false },
      },
      {
        id: "c2",
        name: "entity.get",
        arguments: { id: "x" },
        result: { content: "Entity not found", isError: true },
      },
      // No result recorded (a crashed or running turn).
      { id: "c3", name: "event.emit", arguments: {}, result: null },
    ]);
  });

  it("keeps a result whose call is not loaded, in its place", () => {
    const orphan = message({ role: "tool", toolCallId: "gone", content: "1" });
    const user = message({ role: "user", content: "hi" });
    expect(transcriptItems([orphan, user]).map((item) => item.kind)).toEqual([
      "orphanResult",
      "message",
    ]);
  });

  it("ignores malformed stored tool calls", () => {
    const odd = message({
      role: "assistant",
      toolCalls: [{ id: 1 }, null, "x", { id: "ok", name: "n" }],
    });
    const [item] = transcriptItems([odd]);
    expect(item!.kind === "message" && item!.toolCalls).toEqual([
      { id: "ok", name: "n", arguments: null, result: null },
    ]);
  });
});

describe("turns", () => {
  it("groups consecutive messages of one execution; messages without one group by run", () => {
    const messages = [
      message({ role: "user", executionId: "e1" }),
      message({ role: "assistant", executionId: "e1" }),
      message({ role: "user", executionId: "e2" }),
      message({ role: "assistant", executionId: "e2" }),
      message({ role: "user" }),
      message({ role: "assistant" }),
      message({ role: "user", executionId: "e3" }),
    ];
    const turns = groupTurns(transcriptItems(messages));
    expect(turns.map((turn) => [turn.executionId, turn.items.length, turn.key])).toEqual([
      ["e1", 2, messages[0]!.id],
      ["e2", 2, messages[2]!.id],
      [null, 2, messages[4]!.id],
      ["e3", 1, messages[6]!.id],
    ]);
  });
});

describe("small formats", () => {
  it("pretty-prints JSON values and JSON text, leaving other text alone", () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("Entity not found")).toBe("Entity not found");
    expect(prettyJson(undefined)).toBe("null");
  });

  it("links the playground by external id, else by id", () => {
    expect(playgroundHref({ agentId: "a1", externalId: "order #7" })).toBe(
      "/agents/a1/playground?thread=order%20%237",
    );
    expect(playgroundHref({ agentId: "a1", externalId: null })).toBeNull();
  });

  it("filters only by what is set", () => {
    expect(threadsListInput("", "  ")).toEqual({ limit: 25 });
    expect(threadsListInput("a1", " ext ")).toEqual({
      limit: 25,
      agentId: "a1",
      externalId: "ext",
    });
  });

  it("formats durations", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1250)).toBe("1.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
});
