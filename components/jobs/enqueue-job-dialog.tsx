"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { parseOptionalInt, parsePayload } from "@/components/jobs/job-helpers";
import { useInvalidateJobs } from "@/components/jobs/use-invalidate-jobs";
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
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["jobType", "payload", "priority", "maxAttempts"] as const;
type Field = (typeof FIELDS)[number];

/** "Enqueue job" (owners and admins): a job type, its JSON payload, priority and attempts. */
export function EnqueueJobDialog() {
  const [open, setOpen] = useState(false);
  // A fresh form (defaults, no stale error) every time the dialog opens.
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
        <Button>Enqueue job</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Enqueue job</DialogTitle>
          <DialogDescription>
            The job runs as soon as a runner is free, highest priority first.
          </DialogDescription>
        </DialogHeader>
        <EnqueueJobForm key={formKey} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function EnqueueJobForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const invalidateJobs = useInvalidateJobs();
  const types = useQuery(trpc.jobs.types.queryOptions());
  const [jobType, setJobType] = useState("");
  const [payload, setPayload] = useState("{}");
  const [priority, setPriority] = useState("");
  const [maxAttempts, setMaxAttempts] = useState("");
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const enqueue = useMutation(
    trpc.jobs.enqueue.mutationOptions({
      onSuccess: async () => {
        onDone();
        await invalidateJobs();
      },
    }),
  );
  const server = formErrors(enqueue.error, FIELDS);
  const errorOf = (field: Field) => local[field] ?? server.fields[field];
  const selected = types.data?.find((type) => type.id === jobType);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parsePayload(payload);
    const priorityValue = parseOptionalInt(priority);
    const attemptsValue = parseOptionalInt(maxAttempts);
    const errors: Partial<Record<Field, string>> = {
      ...(jobType === "" && { jobType: "Choose a job type." }),
      ...(!parsed.ok && { payload: parsed.error }),
      ...(!priorityValue.ok && { priority: "The priority must be a whole number." }),
      ...(!attemptsValue.ok && { maxAttempts: "Max attempts must be a whole number." }),
    };
    setLocal(errors);
    if (Object.keys(errors).length > 0 || !parsed.ok || !priorityValue.ok || !attemptsValue.ok) {
      return;
    }
    enqueue.mutate({
      jobType,
      payload: parsed.value as Parameters<typeof enqueue.mutate>[0]["payload"],
      ...(priorityValue.value !== undefined && { priority: priorityValue.value }),
      ...(attemptsValue.value !== undefined && { maxAttempts: attemptsValue.value }),
    });
  }

  const control = (field: Field, hint?: boolean) =>
    fieldControlProps(`${id}-${field}`, { hint, error: errorOf(field) });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <FormField
        id={`${id}-jobType`}
        label="Job type"
        required
        hint={selected?.description}
        error={errorOf("jobType")}
      >
        <Select
          {...control("jobType", selected !== undefined)}
          required
          value={jobType}
          disabled={types.isPending}
          onChange={(event) => setJobType(event.target.value)}
        >
          <option value="">{types.isPending ? "Loading…" : "Choose a type"}</option>
          {(types.data ?? []).map((type) => (
            <option key={type.id} value={type.id}>
              {type.id}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField
        id={`${id}-payload`}
        label="Payload"
        hint="A JSON object, checked against the job type's payload."
        error={errorOf("payload")}
      >
        <Textarea
          {...control("payload", true)}
          className="min-h-28 font-mono text-xs"
          spellCheck={false}
          value={payload}
          onChange={(event) => setPayload(event.target.value)}
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${id}-priority`} label="Priority" error={errorOf("priority")}>
          <Input
            {...control("priority")}
            type="number"
            step={1}
            inputMode="numeric"
            placeholder={selected ? String(selected.defaultPriority) : "Type's default"}
            value={priority}
            onChange={(event) => setPriority(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-maxAttempts`} label="Max attempts" error={errorOf("maxAttempts")}>
          <Input
            {...control("maxAttempts")}
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            placeholder={selected ? String(selected.defaultMaxAttempts) : "Type's default"}
            value={maxAttempts}
            onChange={(event) => setMaxAttempts(event.target.value)}
          />
        </FormField>
      </div>
      {types.error && <Alert variant="destructive">{formErrors(types.error, []).form}</Alert>}
      {server.form && <Alert variant="destructive">{server.form}</Alert>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={enqueue.isPending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={enqueue.isPending || enqueue.isSuccess}>
          {enqueue.isPending && <Spinner label="" />}
          Enqueue
        </Button>
      </DialogFooter>
    </form>
  );
}
