import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

import {
  chatUrl,
  curlSnippet,
  KEY_PLACEHOLDER,
  shellQuote,
  useChatSnippet,
} from "@/components/api-keys/api-snippets";

const input = { origin: "https://agents.example.com", slug: "support", apiKey: KEY_PLACEHOLDER };

/** The words a POSIX shell makes of a text (printf prints one per line). */
const shellWords = (text: string) =>
  execFileSync("sh", ["-c", `printf '%s\\n' ${text}`], { encoding: "utf8" })
    .split("\n")
    .slice(0, -1);

describe("API snippets", () => {
  it("point at the agent's chat route on the app's origin", () => {
    expect(chatUrl(input)).toBe("https://agents.example.com/v1/agents/support/chat");
    expect(chatUrl({ origin: "http://localhost:3000/", slug: "a b" })).toBe(
      "http://localhost:3000/v1/agents/a%20b/chat",
    );
  });

  it("curl: the key in the Authorization header, a JSON body the route accepts", () => {
    const key = "af_live_abcdefgh_0123456789abcdefghijklmnopqrstuv";
    const snippet = curlSnippet({ ...input, apiKey: key });
    expect(snippet).toBe(
      [
        "curl 'https://agents.example.com/v1/agents/support/chat' \\",
        `  -H 'Authorization: Bearer ${key}' \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"message":"Hello!","externalThreadId":"customer-42"}'`,
      ].join("\n"),
    );
    // As the shell reads it: curl's arguments, the body intact.
    const words = shellWords(snippet.replace(/\\\n/g, " ").replace(/^curl /, ""));
    expect(words).toEqual([
      "https://agents.example.com/v1/agents/support/chat",
      "-H",
      `Authorization: Bearer ${key}`,
      "-H",
      "Content-Type: application/json",
      "-d",
      '{"message":"Hello!","externalThreadId":"customer-42"}',
    ]);
  });

  it("quotes anything for the shell", () => {
    for (const value of ["it's", "a'b'c", "$(rm -rf /)", "`x`", "", "two words"])
      expect(shellWords(shellQuote(value))).toEqual([value]);
  });

  it("useChat: a transport on the chat route with the key, resuming on the chat id", () => {
    const snippet = useChatSnippet(input);
    expect(snippet).toContain('api: "https://agents.example.com/v1/agents/support/chat"');
    expect(snippet).toContain(`headers: { Authorization: "Bearer ${KEY_PLACEHOLDER}" }`);
    expect(snippet).toContain("useChat({ id: chatId, transport, resume: true })");
    expect(snippet).toContain('import { DefaultChatTransport } from "ai";');
  });
});
