// Cost of the permission model on the hottest read: a page of 50 entities listed by a member
// holding 3 roles (10 policies, scope rules on fields, templates and relations, masks) against
// the same page listed by an owner (who bypasses policies), in one run on the configured
// database: `npm run bench:policy` (PGlite in memory) or with DATABASE_URL (PostgreSQL).
// Measured twice, owner and member runs alternating: entities.list through tRPC as the
// dashboard calls it (the whole procedure ladder and output validation), and the service alone
// (the actor built from the membership, which also reads the permissions version the policy
// cache is keyed on, then listEntities).
// Target: member p50 ≤ 1.5 × owner p50. Writes a throw-away organization and deletes it.
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { UserActor } from "@/server/auth/actor";
import {
  disconnectDb,
  getDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
} from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";
import { buildUserActor } from "@/server/auth/session";
import { ensurePathStatistics } from "@/server/db/path-statistics";
import { appRouter } from "@/server/routers/_app";
import { createCallerFactory } from "@/server/trpc";
import { loadPolicyContext } from "@/server/policy";
import { listEntities } from "@/server/services/entities";
import { measure, measureAlternating, printRow, summarize } from "@/bench/stats";

const createCaller = createCallerFactory(appRouter);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 5000);
const TEACHERS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const CITIES = ["paris", "london", "madrid", "berlin", "rome"];
const SUBJECTS = ["physics", "algebra", "history", "biology"];

type Db = ReturnType<typeof getDb>;
type PolicyInput = {
  resource: string;
  action: string;
  effect?: "allow" | "deny";
  rules?: Omit<Prisma.ScopeRuleCreateManyInput, "organizationId" | "policyId">[];
  masks?: { fieldPath: string; maskType: "hide" | "redact" }[];
};

async function seed(db: Db, orgId: string, memberId: string) {
  const [student, teacher] = await Promise.all(
    ["student", "teacher"].map((slug) =>
      db.entityType.create({
        data: { organizationId: orgId, name: slug, slug, schema: { type: "object" } },
      }),
    ),
  );
  // Teachers; the first is the member's own record (data.userId), so actor.entityIds = [it].
  const teacherIds = Array.from({ length: TEACHERS }, (_, i) => `bench-teacher-${orgId}-${i}`);
  await db.entity.createMany({
    data: teacherIds.map((id, i) => ({
      id,
      organizationId: orgId,
      entityTypeId: teacher!.id,
      data: { name: `Teacher ${i}`, ...(i === 0 && { userId: memberId }) },
    })),
  });
  const base = Date.now() - STUDENTS * 1000;
  for (let start = 0; start < STUDENTS; start += 1000) {
    await db.entity.createMany({
      data: Array.from({ length: Math.min(1000, STUDENTS - start) }, (_, k) => {
        const i = start + k;
        return {
          id: `bench-student-${orgId}-${i}`,
          organizationId: orgId,
          entityTypeId: student!.id,
          status: i % 4 === 0 ? "archived" : "active",
          createdAt: new Date(base + i * 1000),
          data: {
            name: `Student ${i}`,
            grade: (i % 12) + 1,
            city: CITIES[i % CITIES.length]!,
            subject: SUBJECTS[i % SUBJECTS.length]!,
            teacherId: teacherIds[i % TEACHERS]!,
            phone: `555-${String(i).padStart(4, "0")}`,
            secret: `secret-${i}`,
            address: { city: CITIES[i % CITIES.length]!, zip: String(10000 + i) },
            ...(i % 50 === 0 && { flagged: true }),
          },
        };
      }),
    });
  }
  // Every 7th student is mentored by one of the first teachers (relation rules).
  await db.entityRelation.createMany({
    data: Array.from({ length: Math.floor(STUDENTS / 7) }, (_, k) => ({
      organizationId: orgId,
      fromEntityId: teacherIds[k % 3]!,
      toEntityId: `bench-student-${orgId}-${k * 7}`,
      relationType: "mentors",
    })),
  });
  return { student: student!.slug };
}

/** 3 roles, 10 policies: templates, relation and field rules, a scoped deny, masks. */
function rolesFor(slug: string): PolicyInput[][] {
  const mine = { type: "field" as const, field: "data.teacherId", operator: "in" as const };
  const masks = [
    { fieldPath: "data.secret", maskType: "hide" as const },
    { fieldPath: "data.phone", maskType: "redact" as const },
  ];
  const senior = [
    { type: "field" as const, field: "status", operator: "eq" as const, value: "active" },
    { type: "field" as const, field: "data.grade", operator: "gte" as const, value: 11 },
  ];
  return [
    [
      { resource: slug, action: "list", rules: [{ ...mine, value: "actor.entityIds" }], masks },
      { resource: slug, action: "read", rules: [{ ...mine, value: "actor.entityIds" }], masks },
      { resource: slug, action: "list", rules: senior, masks },
      { resource: slug, action: "update", rules: [{ ...mine, value: "actor.entityIds" }] },
    ],
    [
      {
        resource: slug,
        action: "list",
        rules: [{ type: "relation", relationPath: "mentors", value: "actor.entityIds" }],
        masks: [{ fieldPath: "data.address.zip", maskType: "hide" }],
      },
      {
        resource: "*",
        action: "list",
        rules: [
          { type: "field", field: "data.city", operator: "in", value: ["paris", "rome"] },
          { type: "field", field: "data.subject", operator: "eq", value: "physics" },
        ],
      },
      {
        resource: slug,
        action: "*",
        effect: "deny",
        rules: [{ type: "field", field: "data.flagged", operator: "eq", value: true }],
      },
    ],
    [
      { resource: "teacher", action: "list" },
      { resource: "teacher", action: "read" },
      { resource: "*", action: "delete", effect: "deny" },
    ],
  ];
}

async function grant(db: Db, orgId: string, userId: string, roles: PolicyInput[][]) {
  for (const [index, policies] of roles.entries()) {
    const role = await db.role.create({ data: { organizationId: orgId, name: `bench-${index}` } });
    for (const input of policies) {
      const policy = await db.policy.create({
        data: {
          organizationId: orgId,
          roleId: role.id,
          resource: input.resource,
          action: input.action,
          effect: input.effect ?? "allow",
        },
      });
      const link = { organizationId: orgId, policyId: policy.id };
      await db.scopeRule.createMany({ data: (input.rules ?? []).map((r) => ({ ...r, ...link })) });
      // As roles.addScopeRule does: the planner's statistics for the rules' data paths.
      for (const rule of input.rules ?? [])
        if (rule.field?.startsWith("data.")) await ensurePathStatistics(db, rule.field);
      await db.fieldMask.createMany({ data: (input.masks ?? []).map((m) => ({ ...m, ...link })) });
    }
    await db.userRole.create({ data: { organizationId: orgId, userId, roleId: role.id } });
  }
}

async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  await applyMigrations(getDbAdapterFactory());
  const db = getDb();
  const key = randomBytes(4).toString("hex");
  const org = await db.organization.create({
    data: { name: `bench ${key}`, slug: `bench-${key}` },
  });
  const users = await Promise.all(
    ["owner", "member"].map((role) =>
      db.user.create({
        data: { email: `${role}-${key}@bench.test`, name: role, clerkUserId: `${role}-${key}` },
      }),
    ),
  );
  try {
    const [owner, member] = users as [(typeof users)[0], (typeof users)[0]];
    await db.membership.create({
      data: { userId: owner.id, organizationId: org.id, role: "owner" },
    });
    await db.membership.create({
      data: { userId: member.id, organizationId: org.id, role: "member" },
    });
    const { student } = await seed(db, org.id, member.id);
    await grant(db, org.id, member.id, rolesFor(student));
    // Fresh statistics, as a live database has (autovacuum would analyze the new rows at some
    // moment during the run and change the plans halfway).
    await db.$executeRawUnsafe(`ANALYZE "entities", "entityRelations"`);
    // Each call is one request: the actor is built from the membership as the tRPC procedure
    // ladder builds it (with the permissions version), then the page is listed.
    const page = (actor: UserActor) =>
      listEntities({ db, actor }, { entityTypeSlug: student, limit: 50 });
    const request = (userId: string) => async () =>
      page((await buildUserActor(db, userId, org.id))!);
    const visible = await request(member.id)();
    console.log(
      `database: ${target.kind === "postgres" ? "PostgreSQL" : `PGlite (${target.dataDir})`}; ` +
        `${STUDENTS} students; the member's first page: ${visible.items.length} rows`,
    );
    const [ownerSamples, memberSamples] = (await measureAlternating(
      [request(owner.id), request(member.id)],
      RUNS,
    )) as [number[], number[]];
    // The same lists as the dashboard asks for them: entities.list through tRPC, with the whole
    // procedure ladder (user, membership and permissions version) and the output validation.
    const call = (userId: string) => {
      const caller = createCaller({
        db,
        headers: new Headers(),
        session: { userId, orgId: org.id },
      });
      return () => caller.entities.list({ entityTypeSlug: student, limit: 50 });
    };
    const [ownerCalls, memberCalls] = (await measureAlternating(
      [call(owner.id), call(member.id)],
      RUNS,
    )) as [number[], number[]];
    // The split: an actor without a permissions version loads its policies on every call (the
    // cost of a cache miss: after a permission change), and the load alone.
    const uncached = (): UserActor => ({
      type: "user",
      userId: member.id,
      orgId: org.id,
      orgRole: "member",
    });
    const missSamples = await measure(() => page(uncached()), RUNS);
    const policies = await measure(() => loadPolicyContext(db, uncached()), RUNS);
    printRow("entities.list 50 as owner (bypass)", ownerCalls);
    printRow("entities.list 50 as member", memberCalls);
    printRow("service: list 50 as owner", ownerSamples);
    printRow("service: list 50 as member", memberSamples);
    printRow("list 50 as member, policies not cached", missSamples);
    printRow("  of which: loading the member's policies", policies);
    const ratios = (owner: number[], member: number[]) => {
      const [o, m] = [summarize(owner), summarize(member)];
      return { p50: m.p50 / o.p50, p95: m.p95 / o.p95 };
    };
    const viaTrpc = ratios(ownerCalls, memberCalls);
    const service = ratios(ownerSamples, memberSamples);
    console.log(
      `member/owner, entities.list: p50 ${viaTrpc.p50.toFixed(2)}x, p95 ${viaTrpc.p95.toFixed(2)}x ` +
        `(target p50 <= 1.5x: ${viaTrpc.p50 <= 1.5 ? "met" : "NOT met"})`,
    );
    console.log(
      `member/owner, service only (actor + listEntities): p50 ${service.p50.toFixed(2)}x, ` +
        `p95 ${service.p95.toFixed(2)}x`,
    );
  } finally {
    // Assignments and entities first: they restrict deleting their role and type.
    await db.userRole.deleteMany({ where: { organizationId: org.id } });
    await db.entity.deleteMany({ where: { organizationId: org.id } });
    await db.organization.delete({ where: { id: org.id } });
    await db.user.deleteMany({ where: { id: { in: users.map((user) => user.id) } } });
    await disconnectDb();
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await disconnectDb();
  process.exitCode = 1;
});
