import { describe, expect, it } from "vitest";
import type { UIMessageChunk } from "ai";
import { streamResponse } from "@/server/agent/render";

// The stream's framing: server-sent events written by the AI SDK's helpers, a keep-alive comment
// while nothing happens (so proxies keep an idle stream open), `[DONE]` last, never cached or
// transformed (compression would hold parts back).

async function* slowParts(): AsyncGenerator<UIMessageChunk> {
  yield { type: "start", messageId: "m1" };
  await new Promise((resolve) => setTimeout(resolve, 120));
  yield { type: "finish", finishReason: "stop" };
}

describe("streamResponse", () => {
  it("writes keep-alive comments while idle, the parts as SSE, and [DONE]", async () => {
    const response = streamResponse(slowParts(), {}, 25);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    const body = await response.text();
    // The AI SDK opens the stream with a comment, so headers and a first byte leave at once.
    expect(body).toMatch(/^: stream-open\n\ndata: \{"type":"start","messageId":"m1"\}\n\n/);
    expect(body.match(/^: keep-alive$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("sends each part as soon as it is written", async () => {
    const response = streamResponse(slowParts(), {}, 10_000);
    const reader = response.body!.getReader();
    const started = Date.now();
    let first = "";
    while (!first.includes('"type":"start"')) {
      first += new TextDecoder().decode((await reader.read()).value);
    }
    expect(Date.now() - started).toBeLessThan(100);
    await reader.cancel();
  });
});
