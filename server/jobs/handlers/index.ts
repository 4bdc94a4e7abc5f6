import { cleanupExpired } from "@/server/jobs/handlers/cleanup-expired";
import { entityProcess } from "@/server/jobs/handlers/entity-process";
import { notificationSend } from "@/server/jobs/handlers/notification-send";
import type { JobTypeDefinition } from "@/server/jobs/types";

// The job types that do the product's own work; the registry (../registry.ts) lists them.
export const handlerJobTypes: JobTypeDefinition[] = [
  entityProcess,
  notificationSend,
  cleanupExpired,
];
