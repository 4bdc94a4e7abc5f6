import { TRPCError } from "@trpc/server";
import { as, createType, type JsonObject } from "@/test/business";
import type { Caller } from "@/test/callers";
import { createTenant, type Tenant } from "@/test/factories";
import { grantRoles, type RoleSpec } from "@/test/policy";

// One small, varied data set per test row (semantics): five students whose fields are
// present, missing, null, nested, of the wrong type, or point at the member, plus two people
// (one of them linked to the member by data.userId, so it is among the member's entityIds).

export const STUDENTS = ["ada", "bob", "cy", "dee", "eve"] as const;
export type Student = (typeof STUDENTS)[number];

export type PolicyFixture = {
  t: Tenant;
  owner: Caller;
  /** The member, once `grant` has given them roles. */
  member: Caller;
  slug: string;
  /** Another type of the same organization: people (teachers, hubs of relations). */
  people: string;
  ids: Record<Student | "person" | "hub", string>;
  grant: (roles: RoleSpec[]) => Promise<Caller>;
};

function studentData(name: Student, refs: { memberId: string; personId: string; orgId: string }) {
  const data: Record<Student, JsonObject> = {
    ada: {
      name: "ada",
      grade: 5,
      subject: "math",
      tags: ["red", "blue"],
      address: { city: "Paris" },
      teacherId: refs.memberId,
    },
    bob: {
      name: "bob",
      grade: 9,
      subject: "physics",
      tags: ["blue"],
      address: { city: "London" },
      teacherId: refs.personId,
    },
    // grade is the string "9", subject is JSON null, the address has a zip.
    cy: { name: "cy", grade: "9", subject: null, address: { city: "Paris", zip: "75001" } },
    dee: { name: "dee", orgRef: refs.orgId },
    eve: { name: "eve", grade: 12, subject: "mathematics", tags: [], address: "nowhere" },
  };
  return data[name];
}

const STATUS: Record<Student, string> = {
  ada: "active",
  bob: "archived",
  cy: "active",
  dee: "draft",
  eve: "active",
};

/**
 * A fresh tenant with the data set, made through the owner's tRPC caller (so searchText and the
 * audit events are real); relations: ada -mentors-> hub -mentors-> bob, ada -taughtBy-> person.
 */
export async function policyFixture(tenant?: Tenant): Promise<PolicyFixture> {
  const t = tenant ?? (await createTenant());
  const owner = as(t, "owner");
  const open = { type: "object" } as const;
  const type = await createType(owner, { schema: open, searchFields: ["name", "subject"] });
  const peopleType = await createType(owner, { schema: open });
  const make = async (entityTypeId: string, data: JsonObject, status = "active") =>
    (await owner.entities.create({ entityTypeId, data, status })).id;
  const person = await make(peopleType.id, { name: "person", userId: t.member.id });
  const hub = await make(peopleType.id, { name: "hub" });
  const refs = { memberId: t.member.id, personId: person, orgId: t.org.id };
  const ids = { person, hub } as PolicyFixture["ids"];
  for (const name of STUDENTS)
    ids[name] = await make(type.id, studentData(name, refs), STATUS[name]);
  await owner.entities.link({ fromId: ids.ada, toId: hub, relationType: "mentors" });
  await owner.entities.link({ fromId: hub, toId: ids.bob, relationType: "mentors" });
  await owner.entities.link({ fromId: ids.ada, toId: person, relationType: "taughtBy" });
  const member = as(t, "member");
  return {
    t,
    owner,
    member,
    slug: type.slug,
    people: peopleType.slug,
    ids,
    grant: async (roles) => {
      await grantRoles(t.org.id, t.member.id, roles);
      return member;
    },
  };
}

/** The names of records (their data.name), sorted. */
export const namesOf = (items: { data: unknown }[]): string[] =>
  items.map((item) => String((item.data as { name?: unknown }).name)).sort();

/** The tRPC error code a call fails with, or null when it succeeds. */
export async function codeOf(call: Promise<unknown>): Promise<TRPCError["code"] | null> {
  return call.then(
    () => null,
    (error: unknown) => {
      if (error instanceof TRPCError) return error.code;
      throw error;
    },
  );
}

/** entities.list of the fixture's students as `caller`: the names, or the error code. */
export async function listNames(
  f: PolicyFixture,
  caller: Caller = f.member,
): Promise<string[] | TRPCError["code"]> {
  return caller.entities.list({ entityTypeSlug: f.slug, limit: 100 }).then(
    (page) => namesOf(page.items),
    (error: unknown) => {
      if (error instanceof TRPCError) return error.code;
      throw error;
    },
  );
}
