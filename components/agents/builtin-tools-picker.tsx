"use client";

import { useId } from "react";

import type { ToolConfig } from "@/components/agents/agent-helpers";
import { toggleBuiltinTool } from "@/components/agents/config-form-helpers";
import { Badge } from "@/components/ui/badge";
import { FieldError } from "@/components/ui/field-error";
import { BUILTIN_TOOLS } from "@/lib/builtin-tools";

export type BuiltinToolsPickerProps = {
  tools: ToolConfig[];
  onChange: (tools: ToolConfig[]) => void;
  disabled: boolean;
  /** The server's refusal of a tool, by tool name. */
  errors: Record<string, string>;
};

/** A checkbox per built-in tool; its name is the checkbox's accessible name. */
export function BuiltinToolsPicker({ tools, onChange, disabled, errors }: BuiltinToolsPickerProps) {
  const id = useId();
  const enabled = new Set(tools.filter((tool) => tool.isBuiltin).map((tool) => tool.name));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-medium">Built-in tools</legend>
      <p className="text-xs text-muted-foreground">
        They act on business data as the identity their tool permission chooses, within the policies
        of that identity. The action is what an allowed-actions limit checks.
      </p>
      <ul className="grid gap-2 sm:grid-cols-2">
        {BUILTIN_TOOLS.map((tool) => {
          const toolId = `${id}-${tool.name}`;
          const error = errors[tool.name];
          return (
            <li key={tool.name} className="flex flex-col gap-1 rounded-md border px-3 py-2">
              <div className="flex items-center justify-between gap-2">
                {/* Only the name is in the label: the checkbox is named "entity.query". */}
                <label className="flex items-center gap-2 text-sm font-medium">
                  <input
                    type="checkbox"
                    id={toolId}
                    checked={enabled.has(tool.name)}
                    disabled={disabled}
                    onChange={(event) =>
                      onChange(toggleBuiltinTool(tools, tool.name, event.target.checked))
                    }
                    aria-describedby={`${toolId}-description${error ? ` ${toolId}-error` : ""}`}
                    aria-invalid={error ? true : undefined}
                    className="size-4 accent-primary"
                  />
                  <code className="font-mono">{tool.name}</code>
                </label>
                <Badge variant="outline" title="The record action this tool takes">
                  <span className="sr-only">Action: </span>
                  {tool.action}
                </Badge>
              </div>
              <p id={`${toolId}-description`} className="text-xs text-muted-foreground">
                {tool.description}
              </p>
              <FieldError id={`${toolId}-error`} message={error} />
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
