import { z } from "zod";
import {
  emitEventInput,
  entityEventsInput,
  eventOutput,
  limit,
  listEventsInput,
  page,
} from "@/server/routers/business-schemas";
import { idInput } from "@/server/routers/schemas";
import {
  emitEvent,
  getEntityEvents,
  getEvent,
  getEventTypes,
  getRecentEvents,
  listEvents,
} from "@/server/services/event-log";
import { orgProcedure, router } from "@/server/trpc";

export const eventsRouter = router({
  list: orgProcedure
    .input(listEventsInput)
    .output(page(eventOutput))
    .query(({ ctx, input }) => listEvents(ctx, input)),
  get: orgProcedure
    .input(idInput)
    .output(eventOutput)
    .query(({ ctx, input }) => getEvent(ctx, input)),
  getByEntity: orgProcedure
    .input(entityEventsInput)
    .output(page(eventOutput))
    .query(({ ctx, input }) => getEntityEvents(ctx, input)),
  getRecent: orgProcedure
    .input(z.object({ since: z.date().optional(), limit: limit(500, 100) }))
    .output(z.array(eventOutput))
    .query(({ ctx, input }) => getRecentEvents(ctx, input)),
  getEventTypes: orgProcedure.output(z.array(z.string())).query(({ ctx }) => getEventTypes(ctx)),
  // No actorType in the input: who emitted an event comes from the session (reference defect 6).
  emit: orgProcedure
    .input(emitEventInput)
    .output(eventOutput)
    .mutation(({ ctx, input }) => emitEvent(ctx, input)),
});
