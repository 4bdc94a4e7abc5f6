"use client";

import { useId } from "react";

import type { ToolConfig } from "@/components/agents/agent-helpers";
import {
  isCustomTool,
  removeTool,
  upsertCustomTool,
} from "@/components/agents/config-form-helpers";
import { CustomToolDialog } from "@/components/agents/custom-tool-dialog";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";

export type CustomToolsListProps = {
  tools: ToolConfig[];
  onChange: (tools: ToolConfig[]) => void;
  readOnly: boolean;
  /** The server's refusal of a tool, by tool name. */
  errors: Record<string, string>;
};

/** The config's custom tools; adding, editing and removing change the form, not the server. */
export function CustomToolsList({ tools, onChange, readOnly, errors }: CustomToolsListProps) {
  const id = useId();
  const custom = tools.filter(isCustomTool);
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-heading`} className="text-sm font-medium">
          Custom tools
        </h3>
        {!readOnly && (
          <CustomToolDialog
            tools={tools}
            readOnly={false}
            onSave={(tool) => onChange(upsertCustomTool(tools, null, tool))}
            trigger={
              <Button variant="outline" size="sm">
                Add custom tool
              </Button>
            }
          />
        )}
      </div>
      {custom.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No custom tools. A custom tool runs its handler code in the tool executor.
        </p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Custom tools">
          {custom.map((tool) => (
            <li key={tool.name} className="flex flex-col gap-1 rounded-md border px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <code className="font-mono text-sm font-medium">{tool.name}</code>
                <div className="flex gap-2">
                  <CustomToolDialog
                    tool={tool}
                    tools={tools}
                    readOnly={readOnly}
                    onSave={(saved) => onChange(upsertCustomTool(tools, tool.name, saved))}
                    trigger={
                      <Button
                        variant="outline"
                        size="sm"
                        aria-label={`${readOnly ? "View" : "Edit"} custom tool ${tool.name}`}
                      >
                        {readOnly ? "View" : "Edit"}
                      </Button>
                    }
                  />
                  {!readOnly && (
                    <Button
                      variant="outline"
                      size="sm"
                      aria-label={`Remove custom tool ${tool.name}`}
                      onClick={() => onChange(removeTool(tools, tool.name))}
                    >
                      Remove
                    </Button>
                  )}
                </div>
              </div>
              <p className="text-xs text-muted-foreground">{tool.description}</p>
              <FieldError message={errors[tool.name]} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
