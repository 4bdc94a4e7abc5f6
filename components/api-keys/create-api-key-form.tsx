"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { ALL_AGENTS, parseAgentSlugs } from "@/components/api-keys/api-key-helpers";
import { useInvalidateApiKeys } from "@/components/api-keys/use-invalidate-api-keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
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

  const describedBy = (field: string, message: string | null | undefined) =>
    message ? `${id}-${field}-error` : undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          placeholder="Support widget"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={errors.fields.name ? true : undefined}
          aria-describedby={describedBy("name", errors.fields.name)}
        />
        <FieldError id={`${id}-name-error`} message={errors.fields.name} />
      </div>

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
                aria-describedby={`${id}-${option.value}-hint`}
                className={radioClass}
              />
              {option.label}
            </label>
            <span id={`${id}-${option.value}-hint`} className="text-xs text-muted-foreground">
              {option.hint}
            </span>
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
          <div className="flex flex-col gap-2 pl-6">
            <Label htmlFor={`${id}-slugs`}>Agent slugs</Label>
            <Input
              id={`${id}-slugs`}
              placeholder="support, sales-bot"
              autoComplete="off"
              spellCheck={false}
              value={slugs}
              onChange={(event) => setSlugs(event.target.value)}
              aria-invalid={permissionsError ? true : undefined}
              aria-describedby={`${id}-slugs-hint ${describedBy("permissions", permissionsError) ?? ""}`.trim()}
            />
            <p id={`${id}-slugs-hint`} className="text-xs text-muted-foreground">
              Comma-separated; the key may chat only with these agents.
            </p>
          </div>
        )}
        <FieldError id={`${id}-permissions-error`} message={permissionsError} />
      </fieldset>

      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-expiry`}>Expiry date (optional)</Label>
        <Input
          id={`${id}-expiry`}
          type="date"
          min={today}
          className="sm:w-48"
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
          aria-invalid={errors.fields.expiresAt ? true : undefined}
          aria-describedby={`${id}-expiry-hint ${describedBy("expiresAt", errors.fields.expiresAt) ?? ""}`.trim()}
        />
        <p id={`${id}-expiry-hint`} className="text-xs text-muted-foreground">
          The key stops working at the end of this day. Leave empty for a key that never expires.
        </p>
        <FieldError id={`${id}-expiresAt-error`} message={errors.fields.expiresAt} />
      </div>

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
