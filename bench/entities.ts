// Business-data benchmark (issue targets, 2-core machine): one organization with 1,000,000
// entities of 3 types plus 9 organizations of 100,000 each; p50/p95 of search top 20, a list
// page of 50 with one data-field filter, get by id, and create, through the real services.
//   DATABASE_URL=postgresql://... npm run bench:entities      (BENCH_SCALE=0.1 for a tenth)
// Seeding happens once per database (re-runs reuse it); it runs in SQL with generate_series.
import { randomBytes } from "node:crypto";
import type { UserActor } from "@/server/auth/actor";
import {
  disconnectDb,
  getDb,
  getDbAdapterFactory,
  resolveDatabaseTarget,
} from "@/server/db/client";
import { applyMigrations } from "@/server/db/schema-engine";
import { buildUserActor } from "@/server/auth/session";
import type { ServiceContext } from "@/server/services/context";
import { createEntity, getEntity, listEntities } from "@/server/services/entities";
import { assignRoleToUser } from "@/server/services/role-assignments";
import { addPolicy, addScopeRule } from "@/server/services/role-policies";
import { createRole } from "@/server/services/roles";
import { Prisma } from "@/generated/prisma/client";
import { searchEntities, searchQuery, STORED_VECTOR } from "@/server/services/entity-search";
import { toPrefixTsQuery } from "@/server/services/search-text";
import { measure, printRow } from "@/bench/stats";
import { seedBenchData, type BenchOrg } from "@/bench/entities-seed";

const scale = Number(process.env.BENCH_SCALE ?? 1);

async function explain(label: string, sql: string, params: unknown[]): Promise<void> {
  const rows = await getDb().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    ...params,
  );
  console.log(`\nEXPLAIN ${label}:\n${rows.map((row) => `  ${row["QUERY PLAN"]}`).join("\n")}`);
}

/** The bench member and their role (created once per database). */
async function scopedMember(db: ReturnType<typeof getDb>, ctx: ServiceContext): Promise<string> {
  const email = "member@bench.test";
  const existing = await db.user.findFirst({ where: { email } });
  if (existing) return existing.id;
  const user = await db.user.create({
    data: { email, name: "member", clerkUserId: "bench-member" },
  });
  await db.membership.create({
    data: { userId: user.id, organizationId: ctx.actor.orgId, role: "member" },
  });
  const role = await createRole(ctx, { name: "bench-scoped" });
  const rules: [string, "eq" | "gte", unknown][][] = [
    [["data.grade", "eq", 3]],
    [
      ["data.city", "eq", "paris"],
      ["data.subject", "eq", "physics"],
    ],
    [
      ["status", "eq", "archived"],
      ["data.grade", "gte", 11],
    ],
  ];
  for (const policyRules of rules) {
    const policy = await addPolicy(ctx, {
      roleId: role.id,
      resource: "student",
      action: "list",
      effect: "allow",
    });
    for (const [field, operator, value] of policyRules)
      await addScopeRule(ctx, { policyId: policy.id, type: "field", field, operator, value });
  }
  await assignRoleToUser(ctx, { roleId: role.id, userId: user.id });
  return user.id;
}

async function main(): Promise<void> {
  if (resolveDatabaseTarget().kind !== "postgres")
    throw new Error("bench:entities needs DATABASE_URL (PostgreSQL)");
  await applyMigrations(getDbAdapterFactory());
  const db = getDb();
  const main: BenchOrg = await seedBenchData(db, scale);
  const actor: UserActor = {
    type: "user",
    userId: main.ownerId,
    orgId: main.orgId,
    orgRole: "owner",
  };
  const ctx = { db, actor };
  const total = await db.entity.count({ where: { organizationId: main.orgId } });
  console.log(
    `main organization: ${total} entities; all organizations: ${await db.entity.count()}`,
  );

  const words = [
    "maria",
    "garcia",
    "london",
    "algebra",
    "mar",
    "jose lopez",
    "physics tutor",
    "lond",
  ];
  let i = 0;
  printRow(
    "search top 20",
    await measure(() => searchEntities(ctx, { query: words[i++ % words.length]!, limit: 20 }), 200),
  );
  let grade = 0;
  printRow(
    "list 50, filter data.grade = n",
    await measure(
      () =>
        listEntities(ctx, {
          entityTypeSlug: "student",
          filters: [{ field: "grade", op: "eq", value: (grade++ % 12) + 1 }],
          limit: 50,
        }),
      200,
    ),
  );
  // A member whose role scopes the students with three field-rule policies, made through the
  // services (so the rules' path statistics exist): the list the planner used to misjudge.
  const member = await scopedMember(db, ctx);
  printRow(
    "list 50 as a member (3 scoped policies)",
    await measure(
      async () =>
        listEntities(
          { db, actor: (await buildUserActor(db, member, main.orgId))! },
          { entityTypeSlug: "student", limit: 50 },
        ),
      200,
    ),
  );
  const ids = (
    await db.entity.findMany({
      where: { organizationId: main.orgId },
      take: 500,
      skip: 1000,
      select: { id: true },
    })
  ).map((row) => row.id);
  let k = 0;
  printRow("get by id", await measure(() => getEntity(ctx, { id: ids[k++ % ids.length]! }), 500));
  printRow(
    "create",
    await measure(
      () =>
        createEntity(ctx, {
          entityTypeSlug: "student",
          data: { name: `Bench ${randomBytes(3).toString("hex")}`, grade: 5, city: "Paris" },
        }),
      200,
    ),
  );

  const types = await db.entityType.findMany({ where: { organizationId: main.orgId } });
  const typeId = types.find((type) => type.slug === "student")!.id;
  for (const word of ["maria", "mar", "jose lopez"]) {
    const query = searchQuery({
      orgId: main.orgId,
      typeIds: types.map((type) => type.id),
      tsquery: toPrefixTsQuery(word)!,
      vector: STORED_VECTOR,
      visible: {},
      limit: 20,
    });
    const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`,
    );
    console.log(`\nEXPLAIN search '${word}' (entity-search.ts's query, as an owner):`);
    console.log(plan.map((row) => `  ${row["QUERY PLAN"]}`).join("\n"));
  }
  await explain(
    "list with data.grade = 7 (the SQL Prisma generates for listEntities)",
    `SELECT "id", "entityTypeId", "status", "data", "createdAt", "updatedAt", "deletedAt" FROM "entities"
     WHERE "organizationId" = $1 AND "entityTypeId" = $2 AND "deletedAt" IS NULL AND ("data"#>ARRAY['grade']::text[])::jsonb = $3::jsonb
     ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`,
    [main.orgId, typeId, "7"],
  );
  await disconnectDb();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await disconnectDb();
  process.exitCode = 1;
});
