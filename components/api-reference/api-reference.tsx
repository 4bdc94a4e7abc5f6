import type { oas31 } from "zod-openapi";

import {
  listOperations,
  resolve,
  schemaTree,
  sharedSchemaRefs,
} from "@/components/api-reference/openapi-model";
import { OperationSection, schemaAnchor } from "@/components/api-reference/operation-section";
import { InlineText, SchemaTree } from "@/components/api-reference/schema-tree";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export type ApiReferenceProps = {
  title: string;
  description: string;
  document: oas31.OpenAPIObject;
};

/**
 * The public API's reference, rendered from its OpenAPI document on the server: no script, no
 * stylesheet or font from elsewhere, so it works offline.
 */
export function ApiReference({ title, description, document }: ApiReferenceProps) {
  const operations = listOperations(document);
  const schemes = Object.entries(document.components?.securitySchemes ?? {}).map(
    ([name, scheme]) => ({ name, scheme: resolve(scheme, document.components) }),
  );
  const tags = document.tags?.map((tag) => tag.name) ?? [];
  const untagged = operations.filter((operation) => operation.tags.length === 0);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={title} description={description} />
      <Card>
        <CardHeader>
          <CardTitle role="heading" aria-level={2}>
            {document.info.title} {document.info.version}
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          {document.info.description && (
            <p>
              <InlineText text={document.info.description} />
            </p>
          )}
          <ul className="flex flex-col gap-1">
            {schemes.map(({ name, scheme }) => (
              <li key={name}>
                <code className="font-mono text-xs font-medium">{name}</code>:{" "}
                <InlineText text={scheme.description ?? scheme.type} />
              </li>
            ))}
          </ul>
          <p>
            The OpenAPI {document.openapi} document:{" "}
            <a className="font-mono underline underline-offset-4" href="/v1/openapi.json">
              /v1/openapi.json
            </a>
          </p>
        </CardContent>
      </Card>

      <nav aria-label="Routes">
        <Card>
          <CardHeader>
            <CardTitle role="heading" aria-level={2}>
              Routes
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {[...tags, ...(untagged.length > 0 ? [""] : [])].map((tag) => (
              <div key={tag} className="flex flex-col gap-1.5">
                {tag && <p className="text-xs font-medium text-muted-foreground">{tag}</p>}
                <ul className="flex flex-col gap-1.5">
                  {operations
                    .filter((operation) =>
                      tag ? operation.tags.includes(tag) : operation.tags.length === 0,
                    )
                    .map((operation) => (
                      <li key={operation.anchor}>
                        <a
                          href={`#${operation.anchor}`}
                          className="flex flex-wrap items-baseline gap-2 text-sm hover:underline"
                        >
                          <Badge variant="outline" className="font-mono">
                            {operation.method}
                          </Badge>{" "}
                          <code className="font-mono text-xs break-all">{operation.path}</code>
                        </a>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </CardContent>
        </Card>
      </nav>

      {operations.map((operation) => (
        <OperationSection key={operation.anchor} operation={operation} />
      ))}

      {sharedSchemaRefs(operations).map((ref) => (
        <section
          key={ref}
          id={schemaAnchor(ref)}
          aria-label={`Schema ${ref}`}
          className="scroll-mt-20"
        >
          <Card>
            <CardHeader>
              <h2 className="font-mono text-lg font-semibold">{ref}</h2>
            </CardHeader>
            <CardContent>
              <SchemaTree
                node={schemaTree({ $ref: `#/components/schemas/${ref}` }, document.components)}
                label={`Schema ${ref}`}
              />
            </CardContent>
          </Card>
        </section>
      ))}
    </div>
  );
}
