"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { CodeBlock } from "@/components/code-block";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, formErrors } from "@/lib/trpc/errors";
import type { RouterOutputs } from "@/lib/trpc/types";

type Organization = RouterOutputs["organizations"]["getCurrent"];

export type NotificationSettingsProps = {
  organization: Organization;
  /** Owners and admins only: members are not shown the URL at all. */
  canEdit: boolean;
};

/** The signing secret, in the one answer that carries it. */
function SecretOnce({ secret }: { secret: string }) {
  return (
    <div className="flex flex-col gap-3">
      <Alert variant="warning" role="note">
        <AlertTitle>Copy the signing secret now</AlertTitle>
        <p>
          You will not see it again. Your receiver verifies each notification with it (Standard
          Webhooks); store it somewhere safe, such as a secrets manager.
        </p>
      </Alert>
      <CodeBlock code={secret} label="Signing secret" copyLabel="Copy secret" />
    </div>
  );
}

/** Mount with `key={organization.id}`: the URL field starts from the organization once. */
export function NotificationSettings({ organization, canEdit }: NotificationSettingsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [url, setUrl] = useState(organization.notificationWebhookUrl ?? "");
  const [secret, setSecret] = useState<string | null>(null);
  const [hasSecret, setHasSecret] = useState(organization.hasNotificationSecret ?? false);
  const [confirmOpen, setConfirmOpen] = useState(false);

  const onSaved = async (saved: RouterOutputs["organizations"]["rotateNotificationSecret"]) => {
    setUrl(saved.notificationWebhookUrl ?? "");
    setHasSecret(saved.hasNotificationSecret);
    if (saved.signingSecret) setSecret(saved.signingSecret);
    await queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() });
  };
  const save = useMutation(
    trpc.organizations.setNotificationWebhook.mutationOptions({ onSuccess: onSaved }),
  );
  const rotate = useMutation(
    trpc.organizations.rotateNotificationSecret.mutationOptions({
      onSuccess: async (saved) => {
        setConfirmOpen(false);
        await onSaved(saved);
      },
    }),
  );
  const errors = formErrors(save.error, ["url"]);

  if (!canEdit) {
    return (
      <p className="text-sm text-muted-foreground">
        Only owners and admins can see and change the notification settings.
      </p>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rotate.reset();
    save.mutate({ url: url.trim() === "" ? null : url.trim() });
  }

  const urlField = {
    id: `${id}-url`,
    hint: "An https address that accepts POST requests. Leave empty to send no notifications.",
    error: errors.fields.url,
  };

  return (
    <div className="flex flex-col gap-5">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <FormField label="Notification webhook URL" {...urlField}>
          <Input
            {...fieldControlProps(urlField.id, urlField)}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://example.com/hooks/agentforge"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
          />
        </FormField>
        {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
        {save.isSuccess && <Alert>Notification settings saved.</Alert>}
        <div>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending && <Spinner label="" />}
            Save webhook
          </Button>
        </div>
      </form>
      {secret && <SecretOnce secret={secret} />}
      {hasSecret && (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-muted-foreground">
            A signing secret is set. Rotate it if it may have leaked: the old one stops working at
            once.
          </p>
          <div>
            <Button
              variant="outline"
              onClick={() => {
                rotate.reset();
                setConfirmOpen(true);
              }}
            >
              Rotate signing secret
            </Button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title="Rotate signing secret"
        description="Notifications are signed with the new secret from now on; a receiver still verifying with the old one will refuse them until you update it."
        confirmLabel="Rotate"
        onConfirm={() => rotate.mutate()}
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : null}
      />
    </div>
  );
}
