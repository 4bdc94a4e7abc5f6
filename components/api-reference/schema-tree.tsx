import { Fragment } from "react";

import type { SchemaNode } from "@/components/api-reference/openapi-model";
import { Badge } from "@/components/ui/badge";

/** A description's `code` spans as <code>; everything else as text. */
export function InlineText({ text }: { text: string }) {
  const pieces = text.split(/`([^`]+)`/);
  return (
    <>
      {pieces.map((piece, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-muted px-1 font-mono text-[0.85em]">
            {piece}
          </code>
        ) : (
          <Fragment key={index}>{piece}</Fragment>
        ),
      )}
    </>
  );
}

function NodeLine({ node }: { node: SchemaNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        {node.name && <code className="font-mono text-sm font-medium">{node.name}</code>}
        <span className="font-mono text-xs text-muted-foreground">
          {node.type}
          {node.recursive && " (as above)"}
        </span>
        {node.required && (
          <Badge variant="outline" className="px-1.5 py-0 text-[0.7rem]">
            required
          </Badge>
        )}
        {node.facts.map((fact) => (
          <span key={fact} className="text-xs text-muted-foreground">
            {fact}
          </span>
        ))}
      </div>
      {node.description && (
        <p className="text-sm">
          <InlineText text={node.description} />
        </p>
      )}
    </div>
  );
}

function Children({ node }: { node: SchemaNode }) {
  if (node.children.length === 0) return null;
  return (
    <ul className="mt-1.5 flex flex-col gap-2 border-l pl-4">
      {node.children.map((child, index) => (
        <li key={`${child.name ?? child.type}-${index}`}>
          <NodeLine node={child} />
          <Children node={child} />
        </li>
      ))}
    </ul>
  );
}

/** A schema as a nested list: each property with its type, bounds and description. */
export function SchemaTree({ node, label }: { node: SchemaNode; label: string }) {
  return (
    <div aria-label={label} role="group" className="flex flex-col">
      <NodeLine node={node} />
      <Children node={node} />
    </div>
  );
}
