"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type CurrentUser = RouterOutputs["users"]["getCurrent"];

const FIELDS = ["name"] as const;

/** The signed-in user's own name. Mount with `key={user.id}`. */
export function ProfileForm({ user }: { user: CurrentUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState(user.name ?? "");

  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (saved) => {
        setName(saved.name ?? "");
        // Names show in the member lists too.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.memberships.list.queryKey() }),
        ]);
      },
    }),
  );
  const errors = formErrors(update.error, FIELDS);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ id: user.id, name });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormField id={`${id}-name`} label="Your name" error={errors.fields.name}>
        <Input
          {...fieldControlProps(`${id}-name`, { error: errors.fields.name })}
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </FormField>
      <FormField id={`${id}-email`} label="Email">
        <Input id={`${id}-email`} type="email" readOnly value={user.email} />
      </FormField>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      {update.isSuccess && <Alert>Profile saved.</Alert>}
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending && <Spinner label="" />}
          Save profile
        </Button>
      </div>
    </form>
  );
}
