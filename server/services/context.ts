import type { Actor, UserActor } from "@/server/auth/actor";
import { isOrgAdmin } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { forbidden } from "@/server/errors";

/** What every service function receives: the database and who is acting. */
export type ServiceContext<A extends Actor = Actor> = { db: Db; actor: A };

export function requireOrgAdmin(actor: Actor, what: string): asserts actor is UserActor {
  if (!isOrgAdmin(actor) && actor.type !== "system") {
    throw forbidden(`Only organization owners and admins can ${what}`);
  }
}
