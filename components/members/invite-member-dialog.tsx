"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { useInvalidateMembers } from "@/components/members/use-invalidate-members";
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
import { assignableRoles, isOrgRole, ORG_ROLE_LABELS, type OrgRole } from "@/lib/org-roles";
import { useTRPC } from "@/lib/trpc/client";
import { formErrors } from "@/lib/trpc/errors";

const FIELDS = ["email", "role"] as const;

/** Adds an existing user at once, or sends an invitation (the server decides which). */
export function InviteMemberDialog({ actorRole }: { actorRole: OrgRole }) {
  const trpc = useTRPC();
  const invalidateMembers = useInvalidateMembers();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<OrgRole>("member");
  const [outcome, setOutcome] = useState<string | null>(null);

  const invite = useMutation(
    trpc.memberships.invite.mutationOptions({
      onSuccess: async (result, input) => {
        setOutcome(
          result.status === "added"
            ? `Added ${result.member.user.email} as ${ORG_ROLE_LABELS[result.member.role].toLowerCase()}.`
            : `Invitation sent to ${result.email}.`,
        );
        setEmail("");
        setRole(input.role ?? "member");
        await invalidateMembers();
      },
    }),
  );
  const errors = formErrors(invite.error, FIELDS);

  function onOpenChange(next: boolean) {
    setOpen(next);
    // A reopened dialog starts clean rather than showing the last invitation's outcome.
    if (!next) {
      setEmail("");
      setRole("member");
      setOutcome(null);
      invite.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome(null);
    invite.mutate({ email: email.trim(), role });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>Invite member</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite member</DialogTitle>
          <DialogDescription>
            People who already have an account are added at once; others get an invitation.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormField id={`${id}-email`} label="Email" error={errors.fields.email}>
            <Input
              {...fieldControlProps(`${id}-email`, { error: errors.fields.email })}
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </FormField>
          <FormField id={`${id}-role`} label="Role" error={errors.fields.role}>
            <Select
              {...fieldControlProps(`${id}-role`, { error: errors.fields.role })}
              value={role}
              onChange={(event) => {
                if (isOrgRole(event.target.value)) setRole(event.target.value);
              }}
            >
              {assignableRoles(actorRole).map((option) => (
                <option key={option} value={option}>
                  {ORG_ROLE_LABELS[option]}
                </option>
              ))}
            </Select>
          </FormField>
          {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
          {outcome && <Alert>{outcome}</Alert>}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">{outcome ? "Done" : "Cancel"}</Button>
            </DialogClose>
            <Button type="submit" disabled={invite.isPending || email.trim() === ""}>
              {invite.isPending && <Spinner label="" />}
              Invite
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
