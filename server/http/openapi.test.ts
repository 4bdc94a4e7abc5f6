import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/v1/openapi.json/route";
import { chatBodySchema, parseChatBody, useChatBodySchema } from "@/server/agent/chat-request";
import { openApiDocument } from "@/server/http/openapi";
import * as schemas from "@/server/http/public-schemas";
import { exampleStream, streamPartSchema } from "@/server/http/public-stream-schemas";

// The OpenAPI document: valid OpenAPI 3.1 by an independent validator, one path for every
// route file (and no path without one), every /v1 route behind the API key but the document
// itself, and every example true to its schema. That the handlers answer what it says is
// server/http/openapi.int.test.ts.

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { examples?: object }> }
  >;
};
const doc = openApiDocument();
const paths = doc.paths as Record<string, Record<string, Operation>>;
const METHODS = ["get", "post", "put", "patch", "delete"];

/** app/v1/**\/route.ts and app/health/route.ts as `{path: methods}`, read from the files. */
function routeFiles(): Record<string, string[]> {
  const app = path.resolve(import.meta.dirname, "../../app");
  const found: Record<string, string[]> = {};
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(at, [...segments, entry.name.replace(/^\[(.+)\]$/, "{$1}")]);
      else if (entry.name === "route.ts") {
        const source = readFileSync(at, "utf8");
        const methods = [
          ...source.matchAll(
            /export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
          ),
        ].map((match) => match[1]!.toLowerCase());
        found[`/${segments.join("/")}`] = methods.sort();
      }
    }
  };
  walk(path.join(app, "v1"), ["v1"]);
  walk(path.join(app, "health"), ["health"]);
  return found;
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (swagger-parser lists every error)", async () => {
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    // The validator is not vacuous: a response without its description is refused.
    const broken = structuredClone(doc) as unknown as { paths: Record<string, unknown> };
    broken.paths["/broken"] = { get: { responses: { "200": {} } } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/description/);
  });

  it("has every route file's path and methods, and no path without a route file", () => {
    const files = routeFiles();
    expect(Object.keys(files)).toContain("/v1/openapi.json");
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(9);
    const documented = Object.fromEntries(
      Object.entries(paths).map(([p, item]) => [
        p,
        Object.keys(item)
          .filter((key) => METHODS.includes(key))
          .sort(),
      ]),
    );
    expect(documented).toEqual(files);
  });

  it("keys every /v1 route but the document itself; errors, limits and idempotency", () => {
    const keyed = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    for (const [p, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method} ${p}`;
        if (p === "/v1/openapi.json" || p === "/health") {
          expect(operation.security, where).toEqual([]);
          continue;
        }
        expect(operation.security, where).toEqual(keyed);
        const statuses = Object.keys(operation.responses);
        // The frame's own answers, on every route (every body is read, every query checked).
        for (const status of ["400", "401", "404", "413", "429", "500"])
          expect(statuses, where).toContain(status);
        expect(Object.keys(operation.responses["429"]!.headers ?? {}), where).toEqual(
          expect.arrayContaining(["Retry-After", "RateLimit-Limit"]),
        );
        const idempotent = (operation.parameters ?? []).some((q) => q.name === "Idempotency-Key");
        expect(idempotent, where).toBe(p.endsWith("/chat"));
      }
    }
    const chat = paths["/v1/agents/{slug}/chat"]!.post!;
    expect(Object.keys(chat.responses).sort()).toEqual(
      [
        "200",
        "400",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
        "429",
        "500",
        "502",
        "503",
        "504",
      ].sort(),
    );
    expect(Object.keys(chat.responses["200"]!.headers ?? {})).toContain(
      "x-vercel-ai-ui-message-stream",
    );
    expect(Object.keys(chat.responses["200"]!.content ?? {})).toEqual([
      "application/json",
      "text/event-stream",
    ]);
    expect(Object.keys(chat.responses["409"]!.content!["application/json"]!.examples!)).toContain(
      "idempotency_in_progress",
    );
  });

  it("takes the request bodies from the schemas the handlers parse with", () => {
    const components = doc.components!.schemas as Record<string, { properties?: object }>;
    expect(Object.keys(components.ChatBody!.properties!)).toEqual(
      Object.keys(chatBodySchema.shape),
    );
    expect(Object.keys(components.UseChatBody!.properties!)).toEqual(
      Object.keys(useChatBodySchema.shape),
    );
    expect(Object.keys(components.ApprovalBody!.properties!)).toEqual(
      Object.keys(schemas.approvalBodySchema.shape),
    );
  });

  it("has examples true to their schemas", () => {
    const withExamples = [
      schemas.approvalBodySchema,
      schemas.errorBodySchema,
      schemas.chatAnswerSchema,
      schemas.messagesPageSchema,
      schemas.cancelAnswerSchema,
      schemas.healthSchema,
    ];
    for (const schema of withExamples) {
      const { id, example } = schema.meta() as { id: string; example: unknown };
      expect(schema.safeParse(example).error?.issues ?? [], id).toEqual([]);
    }
    for (const schema of [chatBodySchema, useChatBodySchema])
      expect(() => parseChatBody(schema.meta()!.example)).not.toThrow();
    // Every error example of every response.
    for (const item of Object.values(paths))
      for (const operation of Object.values(item))
        for (const response of Object.values(operation.responses))
          for (const example of Object.values(
            (response.content?.["application/json"]?.examples ?? {}) as Record<
              string,
              { value: unknown }
            >,
          ))
            schemas.errorBodySchema.parse(example.value);
    const lines = exampleStream().split("\n\n").filter(Boolean);
    expect(lines.at(-1)).toBe("data: [DONE]");
    for (const line of lines.slice(0, -1)) streamPartSchema.parse(JSON.parse(line.slice(6)));
  });

  it("is served at GET /v1/openapi.json, cacheable, without a key", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
