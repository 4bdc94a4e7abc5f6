"use client";

import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";

import type { CustomTool, ToolConfig } from "@/components/agents/agent-helpers";
import { toolNameTaken } from "@/components/agents/config-form-helpers";
import { checkSchemaText, type SchemaCheck } from "@/components/data/check-schema";
import { SchemaEditor } from "@/components/data/schema-editor";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

// The server's custom tool rules (server/agent/config.ts), checked as the user types.
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const STARTER_PARAMETERS = JSON.stringify(
  { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  null,
  2,
);

/** The schema editor's check, plus the model's rule that a tool's input is an object. */
export function checkParameters(text: string): SchemaCheck {
  const check = checkSchemaText(text);
  if (check.ok && check.schema.type !== "object") {
    return { ok: false, error: 'A tool\'s parameters must have "type": "object".' };
  }
  return check;
}

export type CustomToolDialogProps = {
  /** The tool to edit; without it the dialog adds one. */
  tool?: CustomTool;
  /** The config's tools, for the name check. */
  tools: ToolConfig[];
  onSave: (tool: CustomTool) => void;
  readOnly: boolean;
  trigger: ReactNode;
};

/**
 * Adds or edits a custom tool of the form's config; nothing is sent until "Save development
 * config". Members open it to read the tool.
 */
export function CustomToolDialog({
  tool,
  tools,
  onSave,
  readOnly,
  trigger,
}: CustomToolDialogProps) {
  const [open, setOpen] = useState(false);
  const title = readOnly
    ? `Custom tool ${tool?.name ?? ""}`
    : tool
      ? "Edit custom tool"
      : "Add custom tool";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>
            The tool executor runs the handler code with the model&apos;s arguments, which must
            match the parameters schema.
          </DialogDescription>
        </DialogHeader>
        {/* Mounted with the dialog's content: each opening starts from the tool as it is. */}
        <CustomToolForm
          tool={tool}
          tools={tools}
          readOnly={readOnly}
          onSave={(saved) => {
            onSave(saved);
            setOpen(false);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

type CustomToolFormProps = Omit<CustomToolDialogProps, "trigger">;

function CustomToolForm({ tool, tools, onSave, readOnly }: CustomToolFormProps) {
  const id = useId();
  const [name, setName] = useState(tool?.name ?? "");
  const [description, setDescription] = useState(tool?.description ?? "");
  const [parameters, setParameters] = useState(
    tool ? JSON.stringify(tool.parameters, null, 2) : STARTER_PARAMETERS,
  );
  const [handlerCode, setHandlerCode] = useState(tool?.handlerCode ?? "");
  const [submitted, setSubmitted] = useState(false);
  const check = useMemo(() => checkParameters(parameters), [parameters]);

  const trimmedName = name.trim();
  const nameError =
    trimmedName === ""
      ? "Name is required"
      : !TOOL_NAME.test(trimmedName)
        ? "Letters, digits, dots, dashes and underscores, at most 64"
        : toolNameTaken(tools, trimmedName, tool?.name ?? null)
          ? "Another tool of this config has this name"
          : null;
  const descriptionError = description.trim() === "" ? "Description is required" : null;
  const handlerError = handlerCode.trim() === "" ? "Handler code is required" : null;
  // Errors show once the user tried to save, not while a new form is still empty.
  const shown = (error: string | null) => (submitted ? error : null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (nameError || descriptionError || handlerError || !check.ok) return;
    onSave({
      isBuiltin: false,
      name: trimmedName,
      description: description.trim(),
      parameters: check.schema,
      handlerCode,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <FormField id={`${id}-name`} label="Tool name" required error={shown(nameError)}>
        <Input
          {...fieldControlProps(`${id}-name`, { error: shown(nameError) })}
          required
          readOnly={readOnly}
          autoComplete="off"
          spellCheck={false}
          placeholder="weather.lookup"
          className="font-mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <FormField
        id={`${id}-description`}
        label="Tool description"
        required
        hint="The model reads it to decide when to call the tool."
        error={shown(descriptionError)}
      >
        <Textarea
          {...fieldControlProps(`${id}-description`, {
            hint: true,
            error: shown(descriptionError),
          })}
          required
          readOnly={readOnly}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      <div className="flex flex-col gap-1">
        <p className="text-xs text-muted-foreground">
          Parameters: the tool&apos;s input, as a JSON Schema of an object.
        </p>
        <SchemaEditor
          id={`${id}-parameters`}
          value={parameters}
          onChange={readOnly ? () => {} : setParameters}
          check={check}
        />
      </div>
      <FormField id={`${id}-handler`} label="Handler code" required error={shown(handlerError)}>
        <Textarea
          {...fieldControlProps(`${id}-handler`, { error: shown(handlerError) })}
          required
          readOnly={readOnly}
          rows={10}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          className="font-mono text-xs leading-relaxed"
          placeholder="return { temperature: 21, city: args.city };"
          value={handlerCode}
          onChange={(event) => setHandlerCode(event.target.value)}
        />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">{readOnly ? "Close" : "Cancel"}</Button>
        </DialogClose>
        {!readOnly && <Button type="submit">{tool ? "Update tool" : "Add tool"}</Button>}
      </DialogFooter>
    </form>
  );
}
