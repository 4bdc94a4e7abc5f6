import { describe, expect, it } from "vitest";
import { storedToUIMessages, type StoredMessageView } from "@/lib/chat/stored-to-ui";

const message = (over: Partial<StoredMessageView> & Pick<StoredMessageView, "id" | "role">) => ({
  content: "",
  toolCalls: null,
  toolCallId: null,
  isError: false,
  executionId: null,
  ...over,
});

const turn: StoredMessageView[] = [
  message({ id: "u1", role: "user", content: "Who?", executionId: "e1" }),
  message({
    id: "a1",
    role: "assistant",
    content: "Looking.",
    executionId: "e1",
    toolCalls: [
      { id: "c1", name: "entity.query", arguments: { type: "student" } },
      { id: "c2", name: "entity.get", arguments: { id: "x" } },
    ],
  }),
  message({
    id: "t1",
    role: "tool",
    content: '{"items":[1]}',
    toolCallId: "c1",
    executionId: "e1",
  }),
  message({
    id: "t2",
    role: "tool",
    content: "Entity not found",
    toolCallId: "c2",
    isError: true,
    executionId: "e1",
  }),
  message({ id: "a2", role: "assistant", content: "One student.", executionId: "e1" }),
];

describe("storedToUIMessages", () => {
  it("makes one assistant message per turn with its tool calls and their results", () => {
    const [user, assistant] = storedToUIMessages(turn, { threadId: "th" });
    expect(user).toEqual({ id: "u1", role: "user", parts: [{ type: "text", text: "Who?" }] });
    expect(assistant!.id).toBe("e1");
    expect(assistant!.metadata).toEqual({ threadId: "th", executionId: "e1" });
    expect(assistant!.parts).toEqual([
      { type: "text", text: "Looking.", state: "done" },
      {
        type: "tool-entity.query",
        toolCallId: "c1",
        input: { type: "student" },
        state: "output-available",
        output: { items: [1] },
      },
      {
        type: "tool-entity.get",
        toolCallId: "c2",
        input: { id: "x" },
        state: "output-error",
        errorText: "Entity not found",
      },
      { type: "text", text: "One student.", state: "done" },
    ]);
  });

  it("leaves out the running turn's answer but keeps its user message", () => {
    const messages = storedToUIMessages(turn, { skipExecutionId: "e1" });
    expect(messages.map((m) => m.id)).toEqual(["u1"]);
  });

  it("keeps separate turns apart and shows a call without a result as still running", () => {
    const messages = storedToUIMessages([
      message({ id: "u1", role: "user", content: "a" }),
      message({
        id: "a1",
        role: "assistant",
        content: "x",
        executionId: "e1",
        toolCalls: [{ id: "c9", name: "t", arguments: {} }],
      }),
      message({ id: "u2", role: "user", content: "b" }),
      message({ id: "a2", role: "assistant", content: "y", executionId: "e2" }),
    ]);
    expect(messages.map((m) => [m.role, m.id])).toEqual([
      ["user", "u1"],
      ["assistant", "e1"],
      ["user", "u2"],
      ["assistant", "e2"],
    ]);
    expect(messages[1]!.parts[1]).toMatchObject({ state: "input-available", toolCallId: "c9" });
  });
});
