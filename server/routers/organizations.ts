import { z } from "zod";
import { idInput, organizationOutput, orgRoleSchema } from "@/server/routers/schemas";
import {
  notificationWebhookOutput,
  organizationSlug,
  setNotificationWebhookInput,
  updateOrganizationInput,
} from "@/server/routers/organizations.schemas";
import {
  createOrganization,
  getCurrentOrganization,
  getOrganization,
  getOrganizationBySlug,
  listUserOrganizations,
  updateOrganization,
} from "@/server/services/organizations";
import {
  rotateNotificationSecret,
  setNotificationWebhook,
} from "@/server/services/organization-notifications";
import { adminProcedure, authedProcedure, orgProcedure, router } from "@/server/trpc";

export const organizationsRouter = router({
  get: orgProcedure
    .input(idInput)
    .output(organizationOutput)
    .query(({ ctx, input }) => getOrganization(ctx, input)),
  getBySlug: orgProcedure
    .input(z.object({ slug: z.string().min(1).max(100) }))
    .output(organizationOutput)
    .query(({ ctx, input }) => getOrganizationBySlug(ctx, input)),
  getCurrent: orgProcedure
    .output(organizationOutput)
    .query(({ ctx }) => getCurrentOrganization(ctx)),
  /** The organizations the signed-in user belongs to (the organization switcher). */
  listMine: authedProcedure
    .output(z.array(organizationOutput.extend({ role: orgRoleSchema })))
    .query(({ ctx }) => listUserOrganizations(ctx.db, ctx.user.id)),
  create: authedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), slug: organizationSlug.optional() }))
    .output(organizationOutput)
    .mutation(({ ctx, input }) => createOrganization({ db: ctx.db, userId: ctx.user.id }, input)),
  update: adminProcedure
    .input(updateOrganizationInput)
    .output(organizationOutput)
    .mutation(({ ctx, input }) => updateOrganization(ctx, input)),
  /** The signing secret is in the answer only when this call generated it (the first URL). */
  setNotificationWebhook: adminProcedure
    .input(setNotificationWebhookInput)
    .output(notificationWebhookOutput)
    .mutation(({ ctx, input }) => setNotificationWebhook(ctx, input)),
  /** The new secret is in this answer and nowhere else, ever. */
  rotateNotificationSecret: adminProcedure
    .output(notificationWebhookOutput)
    .mutation(({ ctx }) => rotateNotificationSecret(ctx)),
});
