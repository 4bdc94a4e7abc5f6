import type { Actor, UserActor } from "@/server/auth/actor";
import { isOrgAdmin } from "@/server/auth/actor";
import type { Db } from "@/server/db/client";
import { forbidden } from "@/server/errors";

/** What every service function receives: the database and who is acting. */
export type ServiceContext<A extends Actor = Actor> = { db: Db; actor: A };

/**
 * A service input inferred from the router's schema (`z.output`), with the fields `K` optional:
 * fields the schema gives a default that the service applies again, so callers other than tRPC
 * (agent tools, tests) may leave them out.
 */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export function requireOrgAdmin(actor: Actor, what: string): asserts actor is UserActor {
  if (!isOrgAdmin(actor) && actor.type !== "system") {
    throw forbidden(`Only organization owners and admins can ${what}`);
  }
}
