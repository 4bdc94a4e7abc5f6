"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import {
  EDITABLE_STATUSES,
  STATUS_LABELS,
  type AgentWithConfig,
} from "@/components/agents/agent-helpers";
import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["name", "description", "status"] as const;

type EditableStatus = (typeof EDITABLE_STATUSES)[number];

export type AgentDetailsFormProps = { agent: AgentWithConfig; canEdit: boolean };

/** The agent itself (not its config): name, description, and whether it answers chats. */
export function AgentDetailsForm({ agent, canEdit }: AgentDetailsFormProps) {
  const trpc = useTRPC();
  const invalidateAgents = useInvalidateAgents();
  const id = useId();
  const [name, setName] = useState(agent.name);
  const [description, setDescription] = useState(agent.description ?? "");
  // A deleted agent is shown read-only; its select still needs one of the editable values.
  const [status, setStatus] = useState<EditableStatus>(
    agent.status === "paused" ? "paused" : "active",
  );
  const update = useMutation(
    trpc.agents.update.mutationOptions({ onSuccess: () => invalidateAgents() }),
  );
  const errors = formErrors(update.error, FIELDS);
  const disabled = !canEdit || update.isPending;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      id: agent.id,
      name: name.trim(),
      description: description.trim() === "" ? null : description.trim(),
      status,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <FormField id={`${id}-name`} label="Name" required error={errors.fields.name}>
          <Input
            {...fieldControlProps(`${id}-name`, { error: errors.fields.name })}
            required
            disabled={disabled}
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              update.reset();
            }}
          />
        </FormField>
        <FormField
          id={`${id}-status`}
          label="Status"
          hint="A paused agent refuses new chats."
          error={errors.fields.status}
        >
          <OptionSelect
            {...fieldControlProps(`${id}-status`, { hint: true, error: errors.fields.status })}
            disabled={disabled || agent.status === "deleted"}
            options={EDITABLE_STATUSES}
            optionLabel={(option) => STATUS_LABELS[option]}
            value={status}
            onValueChange={(value) => {
              setStatus(value);
              update.reset();
            }}
          />
        </FormField>
      </div>
      <FormField id={`${id}-description`} label="Description" error={errors.fields.description}>
        <Textarea
          {...fieldControlProps(`${id}-description`, { error: errors.fields.description })}
          disabled={disabled}
          rows={2}
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
            update.reset();
          }}
        />
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      {update.isSuccess && <Alert>Agent saved.</Alert>}
      {canEdit && (
        <div>
          <Button type="submit" disabled={update.isPending || name.trim() === ""}>
            {update.isPending && <Spinner label="" />}
            Save agent
          </Button>
        </div>
      )}
    </form>
  );
}
