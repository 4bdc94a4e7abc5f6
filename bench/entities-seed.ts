import type { Db } from "@/server/db/client";

// Seeds the benchmark organizations in SQL (generate_series), once per database. Names, cities
// and subjects come from small vocabularies so words match realistic fractions of rows.

export type BenchOrg = { orgId: string; ownerId: string };

const FIRST = [
  "maria",
  "jose",
  "ana",
  "luis",
  "carmen",
  "juan",
  "sofia",
  "diego",
  "lucia",
  "pedro",
  "elena",
  "pablo",
  "laura",
  "javier",
  "sara",
  "david",
  "paula",
  "carlos",
  "marta",
  "alberto",
];
const LAST = [
  "garcia",
  "lopez",
  "martinez",
  "sanchez",
  "perez",
  "gomez",
  "martin",
  "jimenez",
  "ruiz",
  "hernandez",
  "diaz",
  "moreno",
  "alvarez",
  "romero",
  "alonso",
  "gutierrez",
  "navarro",
  "torres",
  "dominguez",
  "vazquez",
  "smith",
  "jones",
  "brown",
  "taylor",
  "wilson",
  "davies",
  "evans",
  "thomas",
  "johnson",
  "roberts",
];
const CITY = [
  "london",
  "madrid",
  "paris",
  "berlin",
  "lisbon",
  "rome",
  "dublin",
  "vienna",
  "prague",
  "warsaw",
];
const SUBJECT = [
  "algebra",
  "physics",
  "chemistry",
  "biology",
  "history",
  "geography",
  "spanish",
  "english",
  "music",
  "art",
];

const arr = (values: string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(",")}]`;

async function seedOrganization(db: Db, slug: string, count: number): Promise<BenchOrg> {
  const existing = await db.organization.findUnique({
    where: { slug },
    include: { memberships: true },
  });
  if (existing) return { orgId: existing.id, ownerId: existing.memberships[0]!.userId };
  const user = await db.user.create({ data: { email: `${slug}@bench.test`, name: slug } });
  const org = await db.organization.create({
    data: { name: slug, slug, memberships: { create: { userId: user.id, role: "owner" } } },
  });
  const types = [
    { slug: "student", fields: ["name", "city"] },
    { slug: "teacher", fields: ["name", "subject"] },
    { slug: "session", fields: ["subject", "city"] },
  ];
  for (const [index, type] of types.entries()) {
    const created = await db.entityType.create({
      data: {
        organizationId: org.id,
        name: type.slug,
        slug: type.slug,
        schema: {
          type: "object",
          properties: { name: { type: "string" }, grade: { type: "integer" } },
        },
        searchFields: type.fields,
      },
    });
    const rows = Math.floor(count / types.length) + (index === 0 ? count % types.length : 0);
    const batch = 100_000;
    for (let start = 0; start < rows; start += batch) {
      const end = Math.min(rows, start + batch);
      // Deterministic pseudo-random picks per row number (hashing keeps neighbours unrelated).
      await db.$executeRawUnsafe(
        `
        INSERT INTO "entities" ("id", "organizationId", "entityTypeId", "status", "data", "searchText", "createdAt", "updatedAt")
        SELECT 'b' || md5($2 || ':' || g), $1, $2, CASE WHEN g % 10 = 0 THEN 'inactive' ELSE 'active' END,
               jsonb_build_object('name', f || ' ' || l, 'grade', 1 + (h % 12), 'city', c, 'subject', s),
               CASE $3 WHEN 'student' THEN f || ' ' || l || ' ' || c WHEN 'teacher' THEN f || ' ' || l || ' ' || s ELSE s || ' ' || c END,
               now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
        FROM (
          SELECT g, h,
                 (${arr(FIRST)})[1 + (h % ${FIRST.length})] AS f,
                 (${arr(LAST)})[1 + ((h / 7) % ${LAST.length})] AS l,
                 (${arr(CITY)})[1 + ((h / 11) % ${CITY.length})] AS c,
                 (${arr(SUBJECT)})[1 + ((h / 13) % ${SUBJECT.length})] AS s
          FROM (SELECT g, abs(hashtext($2 || g::text)) AS h FROM generate_series(${start}, ${end - 1}) AS g) seeds
        ) picks`,
        org.id,
        created.id,
        type.slug,
      );
      console.log(`seeded ${slug}/${type.slug}: ${end}/${rows}`);
    }
  }
  return { orgId: org.id, ownerId: user.id };
}

export async function seedBenchData(db: Db, scale: number): Promise<BenchOrg> {
  const main = await seedOrganization(db, "bench-main", Math.round(1_000_000 * scale));
  for (let n = 1; n <= 9; n += 1)
    await seedOrganization(db, `bench-other-${n}`, Math.round(100_000 * scale));
  await db.$executeRawUnsafe(`ANALYZE "entities"`);
  return main;
}
