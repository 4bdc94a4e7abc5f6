import type { Content, Operation, Response } from "@/components/api-reference/openapi-model";
import { InlineText, SchemaTree } from "@/components/api-reference/schema-tree";
import { CodeBlock } from "@/components/code-block";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

const exampleText = (value: unknown) =>
  typeof value === "string" ? value : JSON.stringify(value, null, 2);

function H3({ children }: { children: string }) {
  return <h3 className="text-sm font-semibold tracking-tight">{children}</h3>;
}

/** The anchor of a shared schema, shown once below the routes (see sharedSchemaRefs). */
export const schemaAnchor = (ref: string) => `schema-${ref}`;

function ContentView({ content, what, link }: { content: Content; what: string; link?: boolean }) {
  const ref = link ? content.schema?.ref : undefined;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-muted-foreground">
        <code className="font-mono">{content.mediaType}</code>
        {ref && (
          <>
            {", schema "}
            <a className="font-mono underline underline-offset-4" href={`#${schemaAnchor(ref)}`}>
              {ref}
            </a>
          </>
        )}
      </p>
      {content.schema && !ref && (
        <SchemaTree node={content.schema} label={`${what} schema (${content.mediaType})`} />
      )}
      {content.examples.map((example) => (
        <CodeBlock
          key={example.label}
          label={`${what} example: ${example.label}`}
          code={exampleText(example.value)}
        />
      ))}
    </div>
  );
}

function ResponseView({ response }: { response: Response }) {
  const success = response.status.startsWith("2");
  return (
    <details open={success} className="rounded-md border p-3 [&[open]>summary]:mb-3">
      <summary className="cursor-pointer text-sm">
        <Badge variant={success ? "secondary" : "outline"} className="mr-2 font-mono">
          {response.status}
        </Badge>
        <InlineText text={response.description} />
      </summary>
      <div className="flex flex-col gap-3">
        {response.headers.length > 0 && (
          <ul className="flex flex-col gap-1 text-sm">
            {response.headers.map((header) => (
              <li key={header.name}>
                <code className="font-mono text-xs font-medium">{header.name}</code>
                {header.description && (
                  <span className="text-muted-foreground">: {header.description}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {response.content.map((content) => (
          <ContentView
            key={content.mediaType}
            content={content}
            what={`Response ${response.status}`}
            link={!success}
          />
        ))}
      </div>
    </details>
  );
}

/** One route: method and path, what it does, its parameters, body and every answer. */
export function OperationSection({ operation }: { operation: Operation }) {
  const titleId = `${operation.anchor}-title`;
  return (
    <section id={operation.anchor} aria-labelledby={titleId} className="scroll-mt-20">
      <Card>
        <CardHeader>
          <h2 id={titleId} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            <Badge className="font-mono">{operation.method}</Badge>{" "}
            <code className="font-mono break-all">{operation.path}</code>
          </h2>
          {operation.summary && <p className="font-medium">{operation.summary}</p>}
          {operation.description && (
            <CardDescription>
              <InlineText text={operation.description} />
            </CardDescription>
          )}
          <p className="text-xs text-muted-foreground">
            {operation.keyed
              ? "Authorization: Bearer <API key> (or X-API-Key)"
              : "No API key needed"}
          </p>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          {operation.parameters.length > 0 && (
            <div className="flex flex-col gap-2">
              <H3>Parameters</H3>
              <ul className="flex flex-col gap-2">
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}-${parameter.name}`} className="flex flex-col gap-0.5">
                    <div className="flex flex-wrap items-baseline gap-x-2">
                      <code className="font-mono text-sm font-medium">{parameter.name}</code>
                      <span className="text-xs text-muted-foreground">
                        in {parameter.in}
                        {parameter.schema && `, ${parameter.schema.type}`}
                        {parameter.schema?.facts.map((fact) => `, ${fact}`)}
                      </span>
                      {parameter.required && (
                        <Badge variant="outline" className="px-1.5 py-0 text-[0.7rem]">
                          required
                        </Badge>
                      )}
                    </div>
                    {parameter.description && (
                      <p className="text-sm">
                        <InlineText text={parameter.description} />
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {operation.requestBody && (
            <div className="flex flex-col gap-2">
              <H3>{operation.requestBody.required ? "Request body" : "Request body (optional)"}</H3>
              {operation.requestBody.content.map((content) => (
                <ContentView key={content.mediaType} content={content} what="Request" />
              ))}
            </div>
          )}
          <div className="flex flex-col gap-2">
            <H3>Responses</H3>
            {operation.responses.map((response) => (
              <ResponseView key={response.status} response={response} />
            ))}
          </div>
        </CardContent>
      </Card>
    </section>
  );
}
