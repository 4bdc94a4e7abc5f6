import type { Prisma } from "@/generated/prisma/client";
import type { UserActor } from "@/server/auth/actor";
import { loadPolicyContext, PolicyEngine } from "@/server/policy";
import { testDb, uid } from "@/test/db";
import { createEntityType, createMember } from "@/test/factories";
import { grantRoles } from "@/test/policy";
import {
  concrete,
  concreteRoles,
  hiddenPaths,
  setPath,
  type RecordSpec,
} from "@/test/policy-arbitraries";

// One run of the random policy generators (test/policy-arbitraries.ts) written to the database:
// a member with the roles, a fresh type with the records (hidden paths hold a sentinel) and the
// relations, and the member's policy engine. Shared by the tests that compare SQL with SQL or
// with the in-memory evaluation.

export type PolicyRun = {
  records: RecordSpec[];
  relations: { from: number; to: number; type: string }[];
  roles: Parameters<typeof concreteRoles>[0];
};

export async function seedPolicyRun(
  org: { id: string },
  peopleTypeId: string,
  { records, relations, roles: symbolic }: PolicyRun,
) {
  const db = testDb();
  const member = await createMember(org.id);
  const type = await createEntityType(org.id);
  // The member's own person record (data.userId = member): what actor.entityIds resolves to.
  const person = await db.entity.create({
    data: {
      organizationId: org.id,
      entityTypeId: peopleTypeId,
      data: { userId: member.id },
    },
  });
  const ids = records.map(() => uid("rec"));
  const refs = {
    me: member.id,
    org: org.id,
    ids: [...ids, person.id],
    type: type.slug,
    other: "x",
  };
  const roles = concreteRoles(symbolic, refs);
  const sentinel = uid("SENTINEL");
  const hidden = hiddenPaths(roles, type.slug).sort((a, b) => a.length - b.length);
  await db.entity.createMany({
    data: records.map((record, index) => {
      const data = concrete(record.data, refs) as Record<string, Prisma.JsonValue>;
      for (const path of hidden) setPath(data, path, sentinel);
      return {
        id: ids[index]!,
        organizationId: org.id,
        entityTypeId: type.id,
        status: record.status,
        data,
      };
    }),
  });
  const links = new Map(
    relations.map((relation) => {
      const fromEntityId = refs.ids[relation.from % refs.ids.length]!;
      const toEntityId = refs.ids[relation.to % refs.ids.length]!;
      return [
        `${fromEntityId} ${relation.type} ${toEntityId}`,
        { organizationId: org.id, fromEntityId, toEntityId, relationType: relation.type },
      ];
    }),
  );
  await db.entityRelation.createMany({ data: [...links.values()] });
  await grantRoles(org.id, member.id, roles);

  const actor: UserActor = {
    type: "user",
    userId: member.id,
    orgId: org.id,
    orgRole: "member",
  };
  const engine = new PolicyEngine(await loadPolicyContext(db, actor));
  return { db, actor, type, ids, engine, hidden, sentinel };
}
