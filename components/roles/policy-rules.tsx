"use client";

import { useMutation } from "@tanstack/react-query";

import { AddFieldMaskForm } from "@/components/roles/add-field-mask-form";
import { AddScopeRuleForm } from "@/components/roles/add-scope-rule-form";
import { RemoveItemButton } from "@/components/roles/remove-item-button";
import {
  describeMask,
  describeRule,
  type FieldMask,
  type Policy,
  type ScopeRule,
} from "@/components/roles/role-helpers";
import { useInvalidateRoles } from "@/components/roles/use-invalidate-roles";
import { useTRPC } from "@/lib/trpc/client";

function RuleItem({ rule, canManage }: { rule: ScopeRule; canManage: boolean }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const remove = useMutation(
    trpc.roles.removeScopeRule.mutationOptions({ onSuccess: invalidateRoles }),
  );
  const text = describeRule(rule);
  return (
    <li className="flex items-start justify-between gap-2">
      <code className="pt-1.5 font-mono text-xs break-all">{text}</code>
      {canManage && (
        <RemoveItemButton
          label={`Remove rule ${text}`}
          onRemove={() => remove.mutate({ id: rule.id })}
          pending={remove.isPending}
          error={remove.error}
        />
      )}
    </li>
  );
}

function MaskItem({ mask, canManage }: { mask: FieldMask; canManage: boolean }) {
  const trpc = useTRPC();
  const invalidateRoles = useInvalidateRoles();
  const remove = useMutation(
    trpc.roles.removeFieldMask.mutationOptions({ onSuccess: invalidateRoles }),
  );
  const text = describeMask(mask);
  return (
    <li className="flex items-start justify-between gap-2">
      <code className="pt-1.5 font-mono text-xs break-all">{text}</code>
      {canManage && (
        <RemoveItemButton
          label={`Remove mask ${text}`}
          onRemove={() => remove.mutate({ id: mask.id })}
          pending={remove.isPending}
          error={remove.error}
        />
      )}
    </li>
  );
}

/** A policy's scope rules (which records) and field masks (which fields), edited in place. */
export function PolicyRules({ policy, canManage }: { policy: Policy; canManage: boolean }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="flex flex-col gap-3">
        <h3 className="text-sm font-medium">Scope rules</h3>
        {policy.scopeRules.length === 0 ? (
          <p className="text-xs text-muted-foreground">
            None: the policy applies to every record. Rules are AND-ed.
          </p>
        ) : (
          <ul aria-label="Scope rules" className="flex flex-col gap-1">
            {policy.scopeRules.map((rule) => (
              <RuleItem key={rule.id} rule={rule} canManage={canManage} />
            ))}
          </ul>
        )}
        {canManage && <AddScopeRuleForm policyId={policy.id} />}
      </div>
      <div className="flex flex-col gap-3">
        <h3 className="text-sm font-medium">Field masks</h3>
        {policy.effect === "deny" && (
          <p className="text-xs text-muted-foreground">
            Masks take effect on allowing policies only; on a deny they are kept but unused.
          </p>
        )}
        {policy.fieldMasks.length === 0 ? (
          <p className="text-xs text-muted-foreground">None: every field is visible.</p>
        ) : (
          <ul aria-label="Field masks" className="flex flex-col gap-1">
            {policy.fieldMasks.map((mask) => (
              <MaskItem key={mask.id} mask={mask} canManage={canManage} />
            ))}
          </ul>
        )}
        {canManage && <AddFieldMaskForm policyId={policy.id} />}
      </div>
    </div>
  );
}
