import { apiKeysRouter } from "@/server/routers/api-keys";
import { membershipsRouter } from "@/server/routers/memberships";
import { organizationsRouter } from "@/server/routers/organizations";
import { systemRouter } from "@/server/routers/system";
import { usersRouter } from "@/server/routers/users";
import { router } from "@/server/trpc";

export const appRouter = router({
  system: systemRouter,
  organizations: organizationsRouter,
  users: usersRouter,
  memberships: membershipsRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
