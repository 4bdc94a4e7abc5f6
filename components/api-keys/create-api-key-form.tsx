"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { ALL_AGENTS, parseAgentSlugs } from "@/components/api-keys/api-key-helpers";
import { useInvalidateApiKeys } from "@/components/api-keys/use-invalidate-api-keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { FieldHintAndError, FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { endOfLocalDay, toDateInputValue } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type Environment = "development" | "production";
type Scope = "all" | "agents";

const FIELDS = ["name", "environment", "permissions", "expiresAt"] as const;
const ENVIRONMENTS: { value: Environment; label: string; hint: string }[] = [
  { value: "development", label: "Development", hint: "af_test_ keys, development configs" },
  { value: "production", label: "Production", hint: "af_live_ keys, deployed configs" },
];

const radioClass = "size-4 accent-primary";

export type CreateApiKeyFormProps = {
  onCreated: (result: RouterOutputs["apiKeys"]["create"]) => void;
};

export function CreateApiKeyForm({ onCreated }: CreateApiKeyFormProps) {
  const trpc = useTRPC();
  const invalidateApiKeys = useInvalidateApiKeys();
  const id = useId();
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState<Environment>("development");
  const [scope, setScope] = useState<Scope>("all");
  const [slugs, setSlugs] = useState("");
  const [expiry, setExpiry] = useState("");
  const [slugError, setSlugError] = useState<string | null>(null);
  // Computed once: the earliest expiry the date picker offers is today.
  const [today] = useState(() => toDateInputValue(new Date()));

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (result) => {
        onCreated(result);
        await invalidateApiKeys();
      },
    }),
  );
  const errors = formErrors(create.error, FIELDS);
  const permissionsError = slugError ?? errors.fields.permissions;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let permissions = [ALL_AGENTS];
    setSlugError(null);
    if (scope === "agents") {
      const parsed = parseAgentSlugs(slugs);
      setSlugError(parsed.error);
      if (!parsed.permissions) return;
      permissions = parsed.permissions;
    }
    const expiresAt = expiry ? endOfLocalDay(expiry) : null;
    create.mutate({ name, environment, permissions, ...(expiresAt && { expiresAt }) });
  }

  const nameField = { id: `${id}-name`, error: errors.fields.name };
  const slugsField = {
    id: `${id}-slugs`,
    hint: "Comma-separated; the key may chat only with these agents.",
    error: permissionsError,
  };
  const expiryField = {
    id: `${id}-expiry`,
    hint: "The key stops working at the end of this day. Leave empty for a key that never expires.",
    error: errors.fields.expiresAt,
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormField label="Name" {...nameField}>
        <Input
          {...fieldControlProps(nameField.id, nameField)}
          autoComplete="off"
          placeholder="Support widget"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Environment</legend>
        {ENVIRONMENTS.map((option) => (
          <div key={option.value} className="flex flex-wrap items-center gap-x-2">
            {/* The hint sits outside the label so the radio's name is just "Development". */}
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-environment`}
                value={option.value}
                checked={environment === option.value}
                onChange={() => setEnvironment(option.value)}
                {...fieldControlProps(`${id}-${option.value}`, { hint: option.hint })}
                className={radioClass}
              />
              {option.label}
            </label>
            <FieldHintAndError id={`${id}-${option.value}`} hint={option.hint} />
          </div>
        ))}
        <FieldError message={errors.fields.environment} />
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Permissions</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={scope === "all"}
            onChange={() => {
              setScope("all");
              setSlugError(null);
            }}
            className={radioClass}
          />
          All agents
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={scope === "agents"}
            onChange={() => setScope("agents")}
            className={radioClass}
          />
          Specific agents
        </label>
        {scope === "agents" && (
          // The error shows under the whole fieldset (the server may refuse "All agents" too),
          // so the field gets only the hint; the input still points at the error's id.
          <FormField label="Agent slugs" id={slugsField.id} hint={slugsField.hint} className="pl-6">
            <Input
              {...fieldControlProps(slugsField.id, slugsField)}
              placeholder="support, sales-bot"
              autoComplete="off"
              spellCheck={false}
              value={slugs}
              onChange={(event) => setSlugs(event.target.value)}
            />
          </FormField>
        )}
        <FieldHintAndError id={slugsField.id} error={permissionsError} />
      </fieldset>

      <FormField label="Expiry date (optional)" {...expiryField}>
        <Input
          {...fieldControlProps(expiryField.id, expiryField)}
          type="date"
          min={today}
          className="sm:w-48"
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
        />
      </FormField>

      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending && <Spinner label="" />}
          Create key
        </Button>
      </DialogFooter>
    </form>
  );
}
