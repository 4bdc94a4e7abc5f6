"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import {
  describePermission,
  IDENTITY_LABELS,
  IDENTITY_MODES,
  permissionFormValues,
  permissionInput,
  RECORD_ACTIONS,
  toggleAction,
  type PermissionFormValues,
  type PermissionTool,
} from "@/components/agents/tool-permission-helpers";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField, fieldControlProps } from "@/components/ui/form-field";
import { OptionSelect, Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, formErrors } from "@/lib/trpc/errors";

const FIELDS = ["identityMode", "configuredRoleId", "allowedActions", "deniedFields"] as const;

export type ToolPermissionFormProps = {
  agentId: string;
  tool: PermissionTool;
  roles: { id: string; name: string }[];
  canEdit: boolean;
};

/** One tool's permission: the identity it runs as, the actions it may take, the fields it hides. */
export function ToolPermissionForm({ agentId, tool, roles, canEdit }: ToolPermissionFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [values, setValues] = useState(() => permissionFormValues(tool.permission));
  const [roleError, setRoleError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.toolPermissions.list.queryKey({ agentId }) });
  const save = useMutation(
    trpc.toolPermissions.set.mutationOptions({
      onSuccess: async (saved) => {
        setValues(permissionFormValues(saved));
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.toolPermissions.remove.mutationOptions({
      onSuccess: async () => {
        setConfirmRemove(false);
        setValues(permissionFormValues(undefined));
        await refresh();
      },
    }),
  );
  const errors = formErrors(save.error, FIELDS);
  const disabled = !canEdit || save.isPending;
  const change = (next: Partial<PermissionFormValues>) => {
    setValues((current) => ({ ...current, ...next }));
    save.reset();
    remove.reset();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = permissionInput(agentId, tool.name, values);
    if (!parsed.ok) {
      setRoleError(parsed.errors.configuredRoleId ?? null);
      return;
    }
    setRoleError(null);
    save.mutate(parsed.input);
  }

  const roleMessage = roleError ?? errors.fields.configuredRoleId;
  // A role the permission names stays selectable while the roles list loads or if it is gone.
  const savedRole = tool.permission?.configuredRole;
  const roleOptions =
    savedRole && !roles.some((role) => role.id === savedRole.id) ? [savedRole, ...roles] : roles;

  return (
    <section
      aria-label={`Tool permission ${tool.name}`}
      className="flex flex-col gap-3 rounded-md border px-4 py-3"
    >
      <div className="flex flex-wrap items-center gap-2">
        <code className="font-mono text-sm font-medium">{tool.name}</code>
        {tool.orphan && <Badge variant="secondary">Not in the config</Badge>}
        {!tool.permission && <Badge variant="outline">Default</Badge>}
      </div>
      <p className="text-xs text-muted-foreground">{describePermission(tool.permission)}</p>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField id={`${id}-identity`} label="Identity" error={errors.fields.identityMode}>
            <OptionSelect
              {...fieldControlProps(`${id}-identity`, { error: errors.fields.identityMode })}
              disabled={disabled}
              options={IDENTITY_MODES}
              optionLabel={(mode) => IDENTITY_LABELS[mode]}
              value={values.identityMode}
              onValueChange={(identityMode) => change({ identityMode })}
            />
          </FormField>
          {values.identityMode === "configured" && (
            <FormField id={`${id}-role`} label="Role" required error={roleMessage}>
              <Select
                {...fieldControlProps(`${id}-role`, { error: roleMessage })}
                required
                disabled={disabled}
                value={values.roleId}
                onChange={(event) => change({ roleId: event.target.value })}
              >
                <option value="">Choose a role…</option>
                {roleOptions.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </Select>
            </FormField>
          )}
        </div>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-sm font-medium">Allowed actions</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {RECORD_ACTIONS.map((action) => (
              <label key={action} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={values.allowedActions.includes(action)}
                  disabled={disabled}
                  onChange={(event) =>
                    change({
                      allowedActions: toggleAction(
                        values.allowedActions,
                        action,
                        event.target.checked,
                      ),
                    })
                  }
                  className="size-4 accent-primary"
                />
                {action}
              </label>
            ))}
          </div>
          <p className="text-xs text-muted-foreground">
            None ticked: no limit beyond the identity&apos;s own policies.
          </p>
        </fieldset>
        <FormField
          id={`${id}-denied`}
          label="Denied fields"
          hint="Paths such as data.ssn, separated by commas or lines: removed from what the tool returns."
          error={errors.fields.deniedFields}
        >
          <Textarea
            {...fieldControlProps(`${id}-denied`, {
              hint: true,
              error: errors.fields.deniedFields,
            })}
            disabled={disabled}
            rows={2}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder="data.ssn"
            value={values.deniedFields}
            onChange={(event) => change({ deniedFields: event.target.value })}
          />
        </FormField>
        {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
        {save.isSuccess && <Alert>Permission saved.</Alert>}
        {remove.isSuccess && <Alert>Permission removed: the tool is back to the default.</Alert>}
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              size="sm"
              disabled={save.isPending}
              aria-label={`Save permission for ${tool.name}`}
            >
              {save.isPending && <Spinner label="" />}
              Save permission
            </Button>
            {tool.permission && (
              <Button
                variant="outline"
                size="sm"
                aria-label={`Remove permission for ${tool.name}`}
                onClick={() => {
                  remove.reset();
                  setConfirmRemove(true);
                }}
              >
                Remove permission
              </Button>
            )}
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title="Remove tool permission"
        description={`${tool.name} goes back to the default: it inherits the identity, with no limit on actions and no denied fields.`}
        confirmLabel="Remove"
        onConfirm={() => remove.mutate({ agentId, toolName: tool.name })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </section>
  );
}
