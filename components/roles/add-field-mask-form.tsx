"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { MASK_TYPES, type FieldMask } from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

// The server names a bad pattern "maskConfig.pattern"; zod issues name "maskConfig".
const FIELDS = ["fieldPath", "maskType", "maskConfig", "maskConfig.pattern"] as const;

type Errors = { fieldPath?: string; pattern?: string };

function patternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "g");
    return undefined;
  } catch {
    return "Not a valid regular expression";
  }
}

/** Adds a field mask to a policy: `hide` drops the field, `redact` rewrites it. */
export function AddFieldMaskForm({ policyId }: { policyId: string }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const id = useId();
  const [fieldPath, setFieldPath] = useState("");
  const [maskType, setMaskType] = useState<FieldMask["maskType"]>("hide");
  const [pattern, setPattern] = useState("");
  const [replacement, setReplacement] = useState("");
  const [localErrors, setLocalErrors] = useState<Errors>({});
  const add = useMutation(
    trpc.roles.addFieldMask.mutationOptions({
      onSuccess: async () => {
        setFieldPath("");
        setPattern("");
        setReplacement("");
        await invalidateRoles();
      },
    }),
  );
  const server = formErrors(add.error, FIELDS);
  const fieldPathError = localErrors.fieldPath ?? server.fields.fieldPath;
  const patternMessage =
    localErrors.pattern ?? server.fields["maskConfig.pattern"] ?? server.fields.maskConfig;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Errors = {};
    if (fieldPath.trim() === "") errors.fieldPath = "Enter a field path, e.g. data.phone";
    // Without a pattern, redact uses the built-in first-and-last-character rule.
    const usePattern = maskType === "redact" && pattern !== "";
    if (usePattern) errors.pattern = patternError(pattern);
    else if (maskType === "redact" && replacement !== "")
      errors.pattern = "Enter the pattern whose matches the replacement replaces";
    setLocalErrors(errors);
    if (errors.fieldPath || errors.pattern) return;
    add.mutate({
      policyId,
      fieldPath: fieldPath.trim(),
      maskType,
      // An empty replacement means the placeholder's "*", as the engine does without one.
      ...(usePattern && { maskConfig: { pattern, replacement: replacement || "*" } }),
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FormField id={`${id}-path`} label="Field path" error={fieldPathError}>
          <Input
            {...fieldControlProps(`${id}-path`, { error: fieldPathError })}
            autoComplete="off"
            spellCheck={false}
            placeholder="data.phone"
            value={fieldPath}
            onChange={(event) => setFieldPath(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-type`} label="Mask type" error={server.fields.maskType}>
          <OptionSelect
            {...fieldControlProps(`${id}-type`, { error: server.fields.maskType })}
            options={MASK_TYPES}
            value={maskType}
            onValueChange={setMaskType}
          />
        </FormField>
        {maskType === "redact" && (
          <>
            <FormField id={`${id}-pattern`} label="Pattern" error={patternMessage}>
              <Input
                {...fieldControlProps(`${id}-pattern`, { error: patternMessage })}
                autoComplete="off"
                spellCheck={false}
                placeholder="optional, e.g. \d"
                value={pattern}
                onChange={(event) => setPattern(event.target.value)}
              />
            </FormField>
            <FormField id={`${id}-replacement`} label="Replacement">
              <Input
                id={`${id}-replacement`}
                autoComplete="off"
                spellCheck={false}
                placeholder="*"
                value={replacement}
                onChange={(event) => setReplacement(event.target.value)}
              />
            </FormField>
          </>
        )}
      </div>
      {server.form && <Alert variant="destructive">{server.form}</Alert>}
      <div>
        <Button type="submit" variant="secondary" size="sm" disabled={add.isPending}>
          {add.isPending && <Spinner label="" />}
          Add mask
        </Button>
      </div>
    </form>
  );
}
