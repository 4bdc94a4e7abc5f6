"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { useInvalidateAgents } from "@/components/agents/use-invalidate-agents";
import { Alert } from "@/components/ui/alert";
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
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { generateSlug } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["name", "slug", "description"] as const;

/** "New agent": name, optional slug and description; the new agent opens in its editor. */
export function NewAgentDialog() {
  const [open, setOpen] = useState(false);
  // A fresh form (empty, no stale error) every time the dialog opens.
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setFormKey((key) => key + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button>New agent</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New agent</DialogTitle>
          <DialogDescription>
            It starts with a default development config; give it a prompt and tools in the editor.
          </DialogDescription>
        </DialogHeader>
        <NewAgentForm key={formKey} />
      </DialogContent>
    </Dialog>
  );
}

function NewAgentForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const invalidateAgents = useInvalidateAgents();
  const id = useId();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.agents.create.mutationOptions({
      onSuccess: async (agent) => {
        router.push(`/agents/${agent.id}`);
        await invalidateAgents();
      },
    }),
  );
  const errors = formErrors(create.error, FIELDS);
  const suggested = generateSlug(name);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      ...(slug.trim() !== "" && { slug: slug.trim() }),
      description: description.trim() === "" ? null : description.trim(),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <FormField id={`${id}-name`} label="Name" required error={errors.fields.name}>
        <Input
          {...fieldControlProps(`${id}-name`, { error: errors.fields.name })}
          required
          autoComplete="off"
          placeholder="Support assistant"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <FormField
        id={`${id}-slug`}
        label="Slug"
        hint={`Names the agent in the public API (agent:<slug> keys). Leave empty for "${suggested || "…"}".`}
        error={errors.fields.slug}
      >
        <Input
          {...fieldControlProps(`${id}-slug`, { hint: true, error: errors.fields.slug })}
          autoComplete="off"
          spellCheck={false}
          placeholder={suggested || "support-assistant"}
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
        />
      </FormField>
      <FormField id={`${id}-description`} label="Description" error={errors.fields.description}>
        <Textarea
          {...fieldControlProps(`${id}-description`, { error: errors.fields.description })}
          placeholder="What this agent is for"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={create.isPending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={create.isPending || create.isSuccess || name.trim() === ""}>
          {create.isPending && <Spinner label="" />}
          Create agent
        </Button>
      </DialogFooter>
    </form>
  );
}
