import type { DbClient } from "@/server/db/client";
import type { Prisma } from "@/generated/prisma/client";
import { actorRef, type Actor } from "@/server/auth/actor";

export type EventInput = {
  eventType: string;
  payload?: Prisma.InputJsonValue;
  entityId?: string | null;
  entityTypeSlug?: string | null;
};

/**
 * Appends to the audit log. Call it with the transaction client of the change it records, so a
 * failed change leaves no event. Who acted comes from the actor, never from input.
 */
export async function recordEvent(db: DbClient, actor: Actor, input: EventInput) {
  return db.event.create({
    data: {
      organizationId: actor.orgId,
      eventType: input.eventType,
      payload: input.payload ?? {},
      entityId: input.entityId ?? null,
      entityTypeSlug: input.entityTypeSlug ?? null,
      ...actorRef(actor),
    },
  });
}
