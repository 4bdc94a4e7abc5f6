import {
  httpError,
  text,
  toolUse,
  type FakeRequest,
  type FakeResponse,
  type FakeToolCall,
} from "@/test/fakes/anthropic-script";

// The fake Anthropic server's default responder: what it answers when nothing is scripted, so a
// browser test or a standalone process (scripts/fake-anthropic.ts) drives it through what the
// user types. It reads the LAST user turn of the request:
//
// - before anything else, `[tool-loop:NAME {json}]` in the latest user message that has text
//   (the last turn itself, or the one its tool results follow) answers a tool_use of NAME with
//   that input every time, after tool results too, so the turn never ends by itself: its
//   tool-round limit ends it. Several markers: several tool_use blocks in one message.
// - tool_result blocks: one line per result, `Tool <name> returned: <first 200 chars>` (or
//   `Tool <name> failed: ...` when is_error), the name found in the assistant's tool_use.
// - otherwise its text, with these markers (the first that applies wins, in this order):
//   `[error:529]` (any status)  that HTTP error, every time (with `retry-after-ms: 10`, so the
//                               SDK's retries are quick before it gives up)
//   `[error-once:529]`          that error the first time this conversation is seen, then the
//                               rest of the markers apply (a retry or a resend succeeds)
//   `[hang]`                    never answers until the client aborts
//   `[cut]`                     starts the echo and destroys the socket after 4 events
//   `[slow]`                    ~60 words, one word every 200 ms (a browser test can press Stop)
//   `[tool:NAME {json}]`        a tool_use of NAME with that input (`[tool:NAME]`: input {});
//                               several markers: several tool_use blocks in one message. Input
//                               that is not valid JSON is streamed as it is.
//   `[refusal]`                 a short refusal, stop_reason refusal
//   `[max_tokens]`              the echo with stop_reason max_tokens
//   none                        `You said: <text>`, one word per text_delta
// A conversation with no user turn gets `You said: `.

type Block = { type?: unknown; [key: string]: unknown };

function blocksOf(content: unknown): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  return blocksOf(content)
    .map((block) => (block.type === "text" ? String(block.text) : JSON.stringify(block)))
    .join("\n");
}

/** The text of the latest user message that has any (a turn of tool results has none). */
function latestUserText(messages: { role: string; content: unknown }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    const texts = blocksOf(message.content).filter((block) => block.type === "text");
    if (texts.length > 0) return texts.map((block) => String(block.text)).join("\n");
  }
  return "";
}

function toolName(messages: { content: unknown }[], id: unknown): string {
  for (const message of messages) {
    for (const block of blocksOf(message.content)) {
      if (block.type === "tool_use" && block.id === id) return String(block.name);
    }
  }
  return "unknown";
}

/**
 * Parses `[tool:NAME {json}]` markers (`[tool-loop:NAME {json}]` ones with kind "tool-loop");
 * the JSON is scanned for its closing brace, not guessed.
 */
export function parseToolMarkers(
  value: string,
  kind: "tool" | "tool-loop" = "tool",
): FakeToolCall[] {
  const calls: FakeToolCall[] = [];
  const marker = new RegExp(`\\[${kind}:([A-Za-z0-9_-]+)\\s*`, "g");
  let match: RegExpExecArray | null;
  while ((match = marker.exec(value))) {
    let at = match.index + match[0].length;
    let raw = "";
    if (value[at] === "{" || value[at] === "[") {
      const end = jsonEnd(value, at);
      if (end < 0) continue;
      raw = value.slice(at, end);
      at = end;
    }
    while (value[at] === " ") at++;
    if (value[at] !== "]") continue;
    marker.lastIndex = at + 1;
    const name = match[1] ?? "";
    if (raw === "") {
      calls.push({ name, input: {} });
      continue;
    }
    try {
      calls.push({ name, input: JSON.parse(raw) });
    } catch {
      calls.push({ name, input: {}, rawInput: raw });
    }
  }
  return calls;
}

function jsonEnd(value: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < value.length; i++) {
    const char = value[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const SLOW_WORDS = (
  "This answer streams slowly on purpose, one word at a time, so that a test can watch the " +
  "text grow and press Stop before it ends. "
).repeat(3);

export function slowText(): string {
  return SLOW_WORDS.split(" ").filter(Boolean).slice(0, 60).join(" ");
}

const stripMarkers = (value: string) =>
  value.replace(/\[(error|error-once):\d{3}\]|\[(hang|cut|slow|refusal|max_tokens)\]/g, "").trim();

/** A default responder with its own memory (for `[error-once:...]`). */
export function createDefaultResponder(): (request: FakeRequest) => FakeResponse {
  const seen = new Set<string>();
  return (request) => {
    const messages = (request.body?.messages ?? []) as { role: string; content: unknown }[];
    const last = messages.findLast((message) => message.role === "user");
    if (!last) return text("You said: ");
    const loop = parseToolMarkers(latestUserText(messages), "tool-loop");
    if (loop.length > 0) return toolUse(loop);

    const results = blocksOf(last.content).filter((block) => block.type === "tool_result");
    if (results.length > 0) {
      const lines = results.map((result) => {
        const name = toolName(messages, result.tool_use_id);
        const verb = result.is_error ? "failed" : "returned";
        return `Tool ${name} ${verb}: ${textOf(result.content).slice(0, 200)}`;
      });
      return text(lines.join("\n"));
    }

    const said = textOf(last.content);
    const error = /\[error:(\d{3})\]/.exec(said);
    if (error) return httpError(Number(error[1]), { retryAfterMs: 10 });
    const once = /\[error-once:(\d{3})\]/.exec(said);
    if (once) {
      const key = JSON.stringify(messages);
      if (!seen.has(key)) {
        seen.add(key);
        return httpError(Number(once[1]), { retryAfterMs: 10 });
      }
    }
    const echo = `You said: ${stripMarkers(said)}`;
    if (said.includes("[hang]")) return text("", { hang: true });
    if (said.includes("[cut]")) return text(echo, { cutAfterEvents: 4 });
    if (said.includes("[slow]")) {
      return text(slowText(), { firstTokenDelayMs: 200, deltaDelayMs: 200 });
    }
    const calls = parseToolMarkers(said);
    if (calls.length > 0) return toolUse(calls);
    if (said.includes("[refusal]")) {
      return text("I can't help with that.", { stopReason: "refusal" });
    }
    if (said.includes("[max_tokens]")) return text(echo, { stopReason: "max_tokens" });
    return text(echo);
  };
}
