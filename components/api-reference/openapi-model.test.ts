import { describe, expect, it } from "vitest";
import type { oas31 } from "zod-openapi";

import {
  anchorOf,
  listOperations,
  resolve,
  schemaTree,
  sharedSchemaRefs,
  type SchemaNode,
} from "@/components/api-reference/openapi-model";
import { openApiDocument } from "@/server/http/openapi";

const components: oas31.ComponentsObject = {
  schemas: {
    Json: {
      anyOf: [
        { type: "string" },
        { type: "null" },
        { type: "array", items: { $ref: "#/components/schemas/Json" } },
        { type: "object", additionalProperties: { $ref: "#/components/schemas/Json" } },
      ],
    },
    Item: {
      type: "object",
      description: "An item",
      properties: {
        id: { type: "string", minLength: 1, maxLength: 255 },
        size: { type: "integer", minimum: 0 },
        kind: { type: "string", enum: ["a", "b"] },
        note: { anyOf: [{ type: "string" }, { type: "null" }], description: "Optional note" },
        data: { $ref: "#/components/schemas/Json" },
        tags: { type: "array", items: { type: "string", maxLength: 20 }, maxItems: 5 },
      },
      required: ["id"],
    },
  },
};

/** name: type [facts] for each node, indented by depth. */
const lines = (node: SchemaNode, depth = 0): string[] => [
  `${"  ".repeat(depth)}${node.name ?? "-"}${node.required ? "*" : ""}: ${node.type}${node.facts.length ? ` [${node.facts.join("; ")}]` : ""}`,
  ...node.children.flatMap((child) => lines(child, depth + 1)),
];

describe("schemaTree", () => {
  it("resolves references, names components, lists bounds and marks required fields", () => {
    const tree = schemaTree({ $ref: "#/components/schemas/Item" }, components);
    expect(tree).toMatchObject({ type: "Item", ref: "Item", description: "An item" });
    expect(lines(tree)).toEqual([
      "-: Item",
      "  id*: string [1–255 characters]",
      "  size: integer [≥ 0]",
      '  kind: string [one of: "a", "b"]',
      "  note: string or null",
      "  data: Json [any of: string, null, array of Json, object of Json]",
      "  tags: array of string [at most 5 items; each at most 20 characters]",
    ]);
    expect(tree.children.find((child) => child.name === "note")?.description).toBe("Optional note");
  });

  it("stops at a reference already being expanded", () => {
    const tree = schemaTree(
      {
        type: "object",
        properties: { self: { $ref: "#/components/schemas/Node" } },
      },
      {
        schemas: {
          Node: {
            type: "object",
            properties: { next: { $ref: "#/components/schemas/Node" }, value: { type: "string" } },
          },
        },
      },
    );
    expect(lines(tree)).toEqual([
      "-: object",
      "  self: Node",
      "    next: Node",
      "    value: string",
    ]);
    expect(tree.children[0]!.children[0]!.recursive).toBe(true);
  });

  it("lists the options of a oneOf", () => {
    const tree = schemaTree(
      {
        oneOf: [
          { $ref: "#/components/schemas/Item" },
          { type: "object", properties: { x: { type: "boolean" } } },
        ],
      },
      components,
    );
    expect(tree.type).toBe("one of");
    expect(tree.children.map((child) => [child.name, child.type])).toEqual([
      [undefined, "Item"],
      ["option 2", "object"],
    ]);
  });

  it("refuses a reference to nothing", () => {
    expect(() => resolve({ $ref: "#/components/schemas/Missing" }, components)).toThrow(/Missing/);
  });
});

describe("listOperations on the public API's document", () => {
  const document = openApiDocument();
  const operations = listOperations(document);
  const chat = operations.find((o) => o.method === "POST" && o.path === "/v1/agents/{slug}/chat")!;

  it("lists every route in document order, with anchors and whether a key is needed", () => {
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain("POST /v1/agents/{slug}/chat");
    expect(operations).toHaveLength(9);
    expect(chat.anchor).toBe(anchorOf("post", "/v1/agents/{slug}/chat"));
    expect(chat.anchor).toBe("post-v1-agents-slug-chat");
    expect(chat.keyed).toBe(true);
    expect(operations.find((o) => o.path === "/v1/openapi.json")?.keyed).toBe(false);
  });

  it("reads parameters, both body shapes with their examples, and every response", () => {
    expect(chat.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ["slug", "path", true],
      ["Idempotency-Key", "header", false],
    ]);
    const body = chat.requestBody!.content[0]!;
    expect(body.schema!.children.map((c) => c.type)).toEqual(["ChatBody", "UseChatBody"]);
    expect(body.examples.map((e) => e.label)).toEqual(["ChatBody", "UseChatBody"]);
    expect(chat.responses.map((r) => r.status)).toContain("409");
    const ok = chat.responses.find((r) => r.status === "200")!;
    expect(ok.content.map((c) => c.mediaType)).toEqual(["application/json", "text/event-stream"]);
    expect(ok.content[1]!.examples[0]!.value).toEqual(expect.stringContaining("data: [DONE]"));
    expect(ok.headers.map((h) => h.name)).toContain("RateLimit-Remaining");
    const conflict = chat.responses.find((r) => r.status === "409")!;
    expect(conflict.content[0]!.examples.map((e) => e.label)).toContain("idempotency_in_progress");
    expect(sharedSchemaRefs(operations)).toEqual(["Error", "Health"]);
  });
});
