import type { APIRequestContext } from "@playwright/test";
import { expect, signUpLocally, test, unique } from "./fixtures";

// The playground end to end against the fake model (a standalone loopback server answering by
// markers in the message: `[tool:NAME {json}]` asks for a tool, `[slow]` streams one word every
// 200 ms): streamed text, a tool call with its result, the turn's trace, Stop, and a reload that
// rejoins a running turn.

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()).result.data.json;
}

test("chat in the playground: text streams, a tool call shows its result, the trace opens, Stop ends a slow reply", async ({
  page,
}) => {
  await signUpLocally(page, { organizationName: unique("Playground") });
  const slug = unique("student");
  await trpc(page.request, "entityTypes.create", {
    name: slug,
    slug,
    schema: { type: "object", properties: { name: { type: "string" } } },
  });
  const student = unique("Ada");
  await trpc(page.request, "entities.create", { entityTypeSlug: slug, data: { name: student } });
  const agent = await trpc(page.request, "agents.create", {
    name: unique("Front desk"),
    config: {
      name: "front desk",
      systemPrompt: "You help with students.",
      model: { provider: "anthropic", name: "claude-sonnet-5-5" },
      tools: [{ isBuiltin: true, name: "entity.query" }],
    },
  });

  await page.goto(`/agents/${agent.id}/playground`);
  await expect(page).toHaveURL(/thread=playground-/);
  const conversation = page.getByRole("list", { name: "Conversation" });
  const message = page.getByRole("textbox", { name: "Message" });

  await message.fill(`[tool:entity_query {"type":"${slug}"}] who are my students?`);
  await page.getByRole("button", { name: "Send" }).click();
  const call = conversation.getByLabel("Tool call entity.query");
  await expect(call).toContainText("done");
  await expect(call).toContainText(student);
  // The fake answers a tool result by quoting it: the reply streamed after the tool ran.
  await expect(conversation.getByText(/Tool entity_query returned:/)).toBeVisible();
  await conversation.getByRole("button", { name: "Show trace" }).last().click();
  const trace = conversation.getByRole("table", { name: "Trace" });
  await expect(trace).toContainText("execute_tool entity.query");
  await expect(trace).toContainText("chat claude-sonnet-5-5");

  // A slow reply grows while it streams; Stop cancels it on the server.
  await message.fill("[slow] tell me a story");
  await page.getByRole("button", { name: "Send" }).click();
  const reply = conversation.getByRole("listitem", { name: "Agent reply" }).last();
  await expect(reply).toContainText("streams slowly");
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Stop" })).toBeHidden();
  // The fake's slow reply has 60 words: a stopped one has fewer.
  const stopped = await reply.locator("p").first().innerText();
  expect(stopped.split(/\s+/).length).toBeLessThan(60);
  await reply.getByRole("button", { name: "Show trace" }).click();
  await expect(reply).toContainText("cancelled");
});

test("a reload rejoins the running turn and the reply goes on growing", async ({ page }) => {
  await signUpLocally(page, { organizationName: unique("Rejoin") });
  const agent = await trpc(page.request, "agents.create", { name: unique("Storyteller") });
  await page.goto(`/agents/${agent.id}/playground`);
  await expect(page).toHaveURL(/thread=playground-/);
  await page.getByRole("textbox", { name: "Message" }).fill("[slow] a long one");
  await page.getByRole("button", { name: "Send" }).click();
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByRole("listitem", { name: "Agent reply" })).toContainText("slowly");
  await page.reload();
  // The stored user message is shown, and the running reply is rejoined from its start.
  await expect(conversation.getByRole("listitem", { name: "Your message" })).toContainText(
    "a long one",
  );
  const reply = conversation.getByRole("listitem", { name: "Agent reply" });
  await expect(reply).toContainText("watch the text grow");
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Stop" })).toBeHidden();
});
