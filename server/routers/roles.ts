import { z } from "zod";
import {
  addFieldMaskInput,
  addPolicyInput,
  addScopeRuleInput,
  assignmentOutput,
  assignRoleInput,
  createRoleInput,
  explanationOutput,
  fieldMaskOutput,
  policyOutput,
  removedOutput,
  roleIdInput,
  roleListItemOutput,
  roleNameInput,
  roleOutput,
  roleWithPoliciesOutput,
  scopeRuleOutput,
  simulateInput,
  unassignRoleInput,
  updatePolicyInput,
  updateRoleInput,
  userIdInput,
  userRoleOutput,
} from "@/server/routers/roles.schemas";
import { simulatePermission } from "@/server/services/policy-simulator";
import {
  assignRoleToUser,
  getUserRoles,
  removeRoleFromUser,
} from "@/server/services/role-assignments";
import {
  addFieldMask,
  addPolicy,
  addScopeRule,
  removeFieldMask,
  removePolicy,
  removeScopeRule,
  updatePolicy,
} from "@/server/services/role-policies";
import {
  createRole,
  getRole,
  getRoleByName,
  getRoleWithPolicies,
  listRoles,
  removeRole,
  updateRole,
} from "@/server/services/roles";
import { adminProcedure, orgProcedure, router } from "@/server/trpc";

// Roles, their policies (with scope rules and field masks), assignments, and the permission
// simulator. Platform objects follow the org role (docs/permissions.md): any member reads, owners and admins
// change. The services check again, and check meaning (BAD_REQUEST naming the field).

const idInput = z.object({ id: z.string().min(1).max(100) });

export const rolesRouter = router({
  list: orgProcedure.output(z.array(roleListItemOutput)).query(({ ctx }) => listRoles(ctx)),
  get: orgProcedure
    .input(roleIdInput)
    .output(roleOutput)
    .query(({ ctx, input }) => getRole(ctx, input)),
  getByName: orgProcedure
    .input(roleNameInput)
    .output(roleOutput)
    .query(({ ctx, input }) => getRoleByName(ctx, input)),
  getWithPolicies: orgProcedure
    .input(roleIdInput)
    .output(roleWithPoliciesOutput)
    .query(({ ctx, input }) => getRoleWithPolicies(ctx, input)),
  create: adminProcedure
    .input(createRoleInput)
    .output(roleOutput)
    .mutation(({ ctx, input }) => createRole(ctx, input)),
  update: adminProcedure
    .input(updateRoleInput)
    .output(roleOutput)
    .mutation(({ ctx, input }) => updateRole(ctx, input)),
  remove: adminProcedure
    .input(roleIdInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeRole(ctx, input)),

  addPolicy: adminProcedure
    .input(addPolicyInput)
    .output(policyOutput)
    .mutation(({ ctx, input }) => addPolicy(ctx, input)),
  updatePolicy: adminProcedure
    .input(updatePolicyInput)
    .output(policyOutput)
    .mutation(({ ctx, input }) => updatePolicy(ctx, input)),
  removePolicy: adminProcedure
    .input(idInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removePolicy(ctx, input)),
  addScopeRule: adminProcedure
    .input(addScopeRuleInput)
    .output(scopeRuleOutput)
    .mutation(({ ctx, input }) => addScopeRule(ctx, input)),
  removeScopeRule: adminProcedure
    .input(idInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeScopeRule(ctx, input)),
  addFieldMask: adminProcedure
    .input(addFieldMaskInput)
    .output(fieldMaskOutput)
    .mutation(({ ctx, input }) => addFieldMask(ctx, input)),
  removeFieldMask: adminProcedure
    .input(idInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeFieldMask(ctx, input)),

  assignToUser: adminProcedure
    .input(assignRoleInput)
    .output(assignmentOutput)
    .mutation(({ ctx, input }) => assignRoleToUser(ctx, input)),
  removeFromUser: adminProcedure
    .input(unassignRoleInput)
    .output(removedOutput)
    .mutation(({ ctx, input }) => removeRoleFromUser(ctx, input)),
  getUserRoles: orgProcedure
    .input(userIdInput)
    .output(z.array(userRoleOutput))
    .query(({ ctx, input }) => getUserRoles(ctx, input)),

  simulate: adminProcedure
    .input(simulateInput)
    .output(explanationOutput)
    .query(({ ctx, input }) => simulatePermission(ctx, input)),
});
