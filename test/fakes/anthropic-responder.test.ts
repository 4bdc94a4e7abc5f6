import { spawn } from "node:child_process";
import { once } from "node:events";
import Anthropic, {
  AnthropicError,
  APIUserAbortError,
  InternalServerError,
  OverloadedError,
} from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  parseToolMarkers,
  slowText,
  startFakeAnthropic,
  toolUse,
  type FakeAnthropic,
} from "@/test/fakes/anthropic";

// The default responder (nothing scripted), driven by the real SDK: the markers a browser test
// types, tool results, and the standalone script Playwright starts.

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const client = (maxRetries = 0) => new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries });
const ask = (messages: MessageParam[] | string, maxRetries = 0, signal?: AbortSignal) =>
  client(maxRetries).messages.stream(
    {
      model: "claude-sonnet-4-5",
      max_tokens: 256,
      messages: typeof messages === "string" ? [{ role: "user", content: messages }] : messages,
    },
    { signal },
  );

describe("the default responder", () => {
  it("echoes the last user text in several deltas", async () => {
    const stream = ask([
      { role: "user", content: "first" },
      { role: "assistant", content: "You said: first" },
      { role: "user", content: [{ type: "text", text: "hello there friend" }] },
    ]);
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThanOrEqual(4);
    expect(deltas.join("")).toBe("You said: hello there friend");
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.input_tokens).toBeGreaterThan(0);
  });

  it("answers tool markers with tool_use blocks, then summarises the tool results", async () => {
    const prompt =
      'Find [tool:entity_query {"type":"student","tags":["a]"]}] and [tool:entity_get]';
    const first = await ask(prompt).finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    expect(first.content).toMatchObject([
      { type: "tool_use", name: "entity_query", input: { type: "student", tags: ["a]"] } },
      { type: "tool_use", name: "entity_get", input: {} },
    ]);

    const [query, get] = first.content as { id: string }[];
    const long = JSON.stringify({ rows: Array.from({ length: 50 }, (_, i) => ({ id: i })) });
    const second = await ask([
      { role: "user", content: prompt },
      { role: "assistant", content: first.content },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: query?.id ?? "", content: long },
          {
            type: "tool_result",
            tool_use_id: get?.id ?? "",
            content: [{ type: "text", text: "not found" }],
            is_error: true,
          },
        ],
      },
    ]).finalText();
    expect(second).toBe(
      `Tool entity_query returned: ${long.slice(0, 200)}\nTool entity_get failed: not found`,
    );
  });

  it("answers [tool-loop:NAME {json}] with that tool call every time, after tool results too", async () => {
    const prompt = 'Loop [tool-loop:entity_query {"type":"student"}] please';
    const messages: MessageParam[] = [{ role: "user", content: prompt }];
    for (let round = 0; round < 3; round++) {
      const answer = await ask(messages).finalMessage();
      expect(answer.stop_reason).toBe("tool_use");
      expect(answer.content).toMatchObject([
        { type: "tool_use", name: "entity_query", input: { type: "student" } },
      ]);
      const call = answer.content[0] as { id: string };
      messages.push(
        { role: "assistant", content: answer.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "[]" }] },
      );
    }
    const lastTurns = fake.requests.map((request) =>
      typeof request.body?.messages?.at(-1)?.content === "string" ? "text" : "tool results",
    );
    expect(lastTurns).toEqual(["text", "tool results", "tool results"]);
    // A later message without the marker is answered as usual; [tool:...] is not a loop.
    messages.push({ role: "assistant", content: "stopped" }, { role: "user", content: "thanks" });
    expect(await ask(messages).finalText()).toBe("You said: thanks");
    expect(parseToolMarkers('[tool-loop:a {"x":1}] [tool:b]', "tool-loop")).toEqual([
      { name: "a", input: { x: 1 } },
    ]);
    expect(parseToolMarkers('[tool-loop:a {"x":1}]')).toEqual([]);
  });

  it("parses tool markers by their JSON, keeping input that is not JSON raw", () => {
    expect(
      parseToolMarkers('[tool:a {"x":"}]"}] [tool:b] [tool:c {oops}] [tool:d {"y":1}'),
    ).toEqual([
      { name: "a", input: { x: "}]" } },
      { name: "b", input: {} },
      { name: "c", input: {}, rawInput: "{oops}" },
    ]);
  });

  it("answers [error:529] and [error:500] with those errors, retried quickly by the SDK", async () => {
    await expect(ask("[error:529]").finalMessage()).rejects.toBeInstanceOf(OverloadedError);
    const started = Date.now();
    const error = await ask("[error:500]", 2)
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(OverloadedError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(fake.requests).toHaveLength(4);
  });

  it("answers [error-once:529] once per conversation, so the SDK's retry succeeds", async () => {
    expect(await ask("again [error-once:529]", 1).finalText()).toBe("You said: again");
    expect(fake.requests).toHaveLength(2);
    expect(await ask("again [error-once:529]").finalText()).toBe("You said: again");
  });

  it("[slow] streams a word every 200 ms until the client stops it", async () => {
    const controller = new AbortController();
    const stream = ask("[slow]", 0, controller.signal);
    const times: number[] = [];
    const words: string[] = [];
    stream.on("text", (delta) => {
      words.push(delta);
      times.push(Date.now());
      if (times.length === 2) controller.abort();
    });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(180);
    expect(words.join("")).toBe(slowText().split(" ").slice(0, 2).join(" ") + " ");
    expect(slowText().split(" ")).toHaveLength(60);
    await fake.waitForRequests(1);
    for (let i = 0; i < 50 && !fake.requests[0]?.aborted; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(fake.requests[0]?.aborted).toBe(true);
  });

  it("[hang] waits for the abort, [cut] breaks the stream", async () => {
    const controller = new AbortController();
    const hanging = ask("[hang]", 0, controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expect(hanging.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    const cut = await ask("[cut] me")
      .finalMessage()
      .catch((e) => e);
    expect(cut).toBeInstanceOf(AnthropicError);
    expect(cut.message).toBe("terminated");
  });

  it("[refusal] and [max_tokens] set the stop reason", async () => {
    const refusal = await ask("do it [refusal]").finalMessage();
    expect(refusal.stop_reason).toBe("refusal");
    expect(refusal.stop_details).toMatchObject({ type: "refusal" });
    const cut = await ask("long [max_tokens]").finalMessage();
    expect(cut).toMatchObject({ stop_reason: "max_tokens", content: [{ text: "You said: long" }] });
  });

  it("tool input that is not JSON makes the SDK's MessageStream fail (the SDK parses it)", async () => {
    fake.script(toolUse([{ name: "entity_query", rawInput: '{"type": "x", oops' }]));
    const error = await ask("x")
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(AnthropicError);
    expect(error.message).toMatch(/JSON/);
  });
});

describe("scripts/fake-anthropic.ts", () => {
  it("listens on the given port, answers /health and the default responder", async () => {
    const child = spawn(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/fake-anthropic.ts", "--port", "0"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      let output = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const standalone = new Anthropic({ apiKey: "k", baseURL: url, maxRetries: 0 });
      const reply = await standalone.messages
        .stream({ model: "m", max_tokens: 9, messages: [{ role: "user", content: "ping" }] })
        .finalText();
      expect(reply).toBe("You said: ping");
    } finally {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  });
});
