"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";

import {
  DEFAULT_MAX_TOKENS,
  MODEL_IDS,
  type AgentWithConfig,
  type ToolConfig,
} from "@/components/agents/agent-helpers";
import { BuiltinToolsPicker } from "@/components/agents/builtin-tools-picker";
import {
  configErrorsFrom,
  configFormValues,
  NO_ERRORS,
  parseConfigForm,
  type ConfigErrors,
  type ConfigFormValues,
} from "@/components/agents/config-form-helpers";
import { CustomToolsList } from "@/components/agents/custom-tools-list";
import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";

export type ConfigFormProps = { agent: AgentWithConfig; canEdit: boolean };

/**
 * The development config: prompt, model and tools. Saving inserts a new development version
 * (configs are immutable history); production changes only through a deploy.
 */
export function ConfigForm({ agent, canEdit }: ConfigFormProps) {
  const trpc = useTRPC();
  const invalidateAgents = useInvalidateAgents();
  const id = useId();
  const stored = agent.developmentConfig;
  const [values, setValues] = useState(() => configFormValues(stored, agent.name));
  const [localErrors, setLocalErrors] = useState<ConfigErrors>(NO_ERRORS);
  // The tools as sent: the server's `tools.N` paths count in that list, not in today's form.
  const [sentTools, setSentTools] = useState<ToolConfig[]>([]);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const sync = useMutation(
    trpc.agents.syncDevelopment.mutationOptions({
      onSuccess: async (created) => {
        setSavedVersion(created.version);
        // What the server stored (trimmed), so the form is not "changed" after saving.
        setValues(configFormValues(created, agent.name));
        await invalidateAgents();
      },
    }),
  );
  const errors = sync.error ? configErrorsFrom(sync.error, sentTools) : localErrors;
  const dirty = JSON.stringify(values) !== JSON.stringify(configFormValues(stored, agent.name));
  const set = <K extends keyof ConfigFormValues>(key: K, value: ConfigFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseConfigForm(values, stored?.model ?? null);
    sync.reset();
    setSavedVersion(null);
    if (!parsed.ok) {
      setLocalErrors(parsed.errors);
      return;
    }
    setLocalErrors(NO_ERRORS);
    setSentTools(parsed.config.tools);
    sync.mutate({ agentId: agent.id, config: parsed.config });
  }

  const field = (key: "name" | "model.name" | "model.maxTokens" | "systemPrompt") => ({
    error: errors.fields[key],
  });
  const disabled = !canEdit || sync.isPending;

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField id={`${id}-name`} label="Config name" required {...field("name")}>
          <Input
            {...fieldControlProps(`${id}-name`, field("name"))}
            required
            disabled={disabled}
            autoComplete="off"
            value={values.name}
            onChange={(event) => set("name", event.target.value)}
          />
        </FormField>
        <FormField
          id={`${id}-model`}
          label="Model"
          required
          hint="A model id; the list offers the current ones."
          {...field("model.name")}
        >
          <Input
            {...fieldControlProps(`${id}-model`, { hint: true, ...field("model.name") })}
            required
            disabled={disabled}
            list={`${id}-models`}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            value={values.modelName}
            onChange={(event) => set("modelName", event.target.value)}
          />
          <datalist id={`${id}-models`}>
            {MODEL_IDS.map((model) => (
              <option key={model} value={model} />
            ))}
          </datalist>
        </FormField>
        <FormField
          id={`${id}-max-tokens`}
          label="Max tokens"
          hint={`Per model call; empty for the default (${DEFAULT_MAX_TOKENS}).`}
          {...field("model.maxTokens")}
        >
          <Input
            {...fieldControlProps(`${id}-max-tokens`, { hint: true, ...field("model.maxTokens") })}
            type="number"
            inputMode="numeric"
            min={1}
            max={64_000}
            disabled={disabled}
            placeholder={String(DEFAULT_MAX_TOKENS)}
            value={values.maxTokens}
            onChange={(event) => set("maxTokens", event.target.value)}
          />
        </FormField>
      </div>
      <FormField id={`${id}-prompt`} label="System prompt" {...field("systemPrompt")}>
        <Textarea
          {...fieldControlProps(`${id}-prompt`, field("systemPrompt"))}
          disabled={disabled}
          rows={12}
          className="font-mono text-xs leading-relaxed"
          value={values.systemPrompt}
          onChange={(event) => set("systemPrompt", event.target.value)}
        />
      </FormField>
      <BuiltinToolsPicker
        tools={values.tools}
        onChange={(tools) => set("tools", tools)}
        disabled={disabled}
        errors={errors.tools}
      />
      <CustomToolsList
        tools={values.tools}
        onChange={(tools) => set("tools", tools)}
        readOnly={!canEdit}
        errors={errors.tools}
      />
      <FieldError message={errors.fields.tools} />
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      {savedVersion !== null && !dirty && (
        <Alert>
          Saved as development v{savedVersion}.{" "}
          <Link href={`/agents/${agent.id}/versions`} className="underline underline-offset-4">
            Compare it with production and deploy
          </Link>
        </Alert>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={sync.isPending}>
            {sync.isPending && <Spinner label="" />}
            Save development config
          </Button>
          {dirty && <span className="text-sm text-muted-foreground">Unsaved changes</span>}
        </div>
      )}
    </form>
  );
}
