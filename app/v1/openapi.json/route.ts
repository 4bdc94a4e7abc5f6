import { openApiDocument } from "@/server/http/openapi";

/** The public API's OpenAPI document: no key needed, the API's shape is no secret. */
export function GET() {
  return Response.json(openApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
