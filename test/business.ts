import { ZodError } from "zod";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { callerFor, type Caller } from "@/test/callers";
import { testDb, uid } from "@/test/db";
import { createPolicy, createRole, type Tenant } from "@/test/factories";

// Helpers shared by the business-data router tests (entity types, entities, events).

export type Role = "owner" | "admin" | "member";
/** Entity data as the router takes it: a JSON object. */
export type JsonObject = Parameters<Caller["entities"]["create"]>[0]["data"];
/** A JSON Schema as the router takes it (a JSON object too). */
export type JsonSchema = Parameters<Caller["entityTypes"]["create"]>[0]["schema"];

export const as = (tenant: Tenant, role: Role): Caller =>
  callerFor({ userId: tenant[role].id, orgId: tenant.org.id });

/** The error a call fails with; fails the test when the call succeeds. */
export async function caught(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call succeeded").toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/**
 * The field a failed call names, or null: the AppError's field (server/errors.ts), or the path of
 * the first issue when the input schema refused it (as the dashboard's forms read it).
 */
export function fieldOf(error: TRPCError): string | null {
  const cause = error.cause;
  if (cause instanceof ZodError) return cause.issues[0]?.path.join(".") || null;
  return (cause as { field?: string } | undefined)?.field ?? null;
}

/** A student: a name is required; email, grade and a nested address are typed. */
export const studentSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    email: { type: "string", format: "email" },
    grade: { type: "integer", minimum: 1, maximum: 12 },
    subject: { type: "string" },
    address: { type: "object", properties: { city: { type: "string" } } },
  },
  required: ["name"],
} satisfies JsonSchema;

/** An entity type created through the router (so its event is written too). */
export function createType(
  caller: Caller,
  input: Partial<{ name: string; slug: string; schema: JsonSchema }> & {
    searchFields?: string[];
  } = {},
) {
  const slug = input.slug ?? uid("type");
  return caller.entityTypes.create({
    name: input.name ?? `Type ${slug}`,
    slug,
    schema: input.schema ?? studentSchema,
    ...(input.searchFields && { searchFields: input.searchFields }),
  });
}

/** The organization's events, oldest first, optionally of one type. */
export function eventsOf(orgId: string, where: Prisma.EventWhereInput = {}) {
  return testDb().event.findMany({
    where: { organizationId: orgId, ...where },
    orderBy: [{ timestamp: "asc" }, { id: "asc" }],
  });
}

/** Every business-data row of an organization, to prove a refused call changed nothing. */
export async function businessSnapshot(orgId: string): Promise<string> {
  const db = testDb();
  const where = { organizationId: orgId };
  const orderBy = { id: "asc" } as const;
  const [types, entities, relations, events] = await Promise.all([
    db.entityType.findMany({ where, orderBy }),
    db.entity.findMany({ where, orderBy }),
    db.entityRelation.findMany({ where, orderBy }),
    db.event.findMany({ where, orderBy }),
  ]);
  return JSON.stringify({ types, entities, relations, events });
}

/**
 * Walks every page of a cursor-paged list, checking that only the last page is short and no id
 * repeats; returns the ids in the order the pages gave them.
 */
export async function walkPages(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ items: { id: string }[]; nextCursor: string | null }>,
  pageSize: number,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await fetchPage(cursor);
    if (page.nextCursor !== null) {
      expect(page.items, "a page before the last is short").toHaveLength(pageSize);
      expect(page.nextCursor).toBe(page.items[page.items.length - 1]!.id);
    } else {
      expect(page.items.length).toBeLessThanOrEqual(pageSize);
    }
    ids.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  expect(new Set(ids).size, "an id appeared on two pages").toBe(ids.length);
  return ids;
}

/**
 * Gives the tenant's member a role allowing these actions on a resource (written directly, so
 * no event): for tests that need a member who may read a record but not change it.
 */
export async function grantMember(t: Tenant, resource: string, actions: string[]) {
  const role = await createRole(t.org.id);
  for (const action of actions) await createPolicy(role, { resource, action, effect: "allow" });
  await testDb().userRole.create({
    data: { organizationId: t.org.id, userId: t.member.id, roleId: role.id },
  });
  return role;
}
