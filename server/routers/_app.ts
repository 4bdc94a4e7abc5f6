import { agentsRouter } from "@/server/routers/agents";
import { apiKeysRouter } from "@/server/routers/api-keys";
import { entitiesRouter } from "@/server/routers/entities";
import { entityTypesRouter } from "@/server/routers/entity-types";
import { eventsRouter } from "@/server/routers/events";
import { executionsRouter } from "@/server/routers/executions";
import { jobsRouter } from "@/server/routers/jobs";
import { membershipsRouter } from "@/server/routers/memberships";
import { organizationsRouter } from "@/server/routers/organizations";
import { packsRouter } from "@/server/routers/packs";
import { rolesRouter } from "@/server/routers/roles";
import { systemRouter } from "@/server/routers/system";
import { threadsRouter } from "@/server/routers/threads";
import { toolPermissionsRouter } from "@/server/routers/tool-permissions";
import { usersRouter } from "@/server/routers/users";
import { router } from "@/server/trpc";

export const appRouter = router({
  system: systemRouter,
  organizations: organizationsRouter,
  users: usersRouter,
  memberships: membershipsRouter,
  entityTypes: entityTypesRouter,
  entities: entitiesRouter,
  events: eventsRouter,
  apiKeys: apiKeysRouter,
  roles: rolesRouter,
  toolPermissions: toolPermissionsRouter,
  agents: agentsRouter,
  threads: threadsRouter,
  executions: executionsRouter,
  packs: packsRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
