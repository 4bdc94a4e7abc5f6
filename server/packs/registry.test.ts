import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACK_SOURCES } from "@/server/packs/definitions";
import { policyRows, type PackSource } from "@/server/packs/format";
import { buildRegistry, defaultRegistry, getPack, latestPacks } from "@/server/packs/registry";
import { loadPack, PackFormatError } from "@/server/packs/validate";

// Every pack file validates, and each check of the format catches the mistake it is for.

const DIR = path.join(import.meta.dirname, "definitions");
const VERSIONED = /-(\d+\.\d+\.\d+)\.ts$/;

describe("the pack files", () => {
  const files = readdirSync(DIR).filter((file) => VERSIONED.test(file));

  it("are all registered and all valid", async () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const exported = (await import(path.join(DIR, file))) as Record<string, unknown>;
      const sources = Object.values(exported).filter(
        (value): value is PackSource =>
          typeof value === "object" && value !== null && "entityTypes" in value,
      );
      expect(sources, file).toHaveLength(1);
      const source = sources[0]!;
      expect(`${source.id}-${source.version}.ts`).toBe(file);
      expect(PACK_SOURCES).toContain(source);
      expect(() => loadPack(source)).not.toThrow();
    }
    expect(PACK_SOURCES).toHaveLength(files.length);
  });

  it("build a registry whose latest versions are tutoring 1.1.0 and customer support 1.0.0", () => {
    expect(latestPacks().map((pack) => `${pack.id}@${pack.version}`)).toEqual([
      "tutoring@1.1.0",
      "customer-support@1.0.0",
    ]);
    expect(getPack("tutoring", "1.0.0").version).toBe("1.0.0");
    expect(() => getPack("nope")).toThrow("Pack nope not found");
    expect(() => getPack("tutoring", "9.9.9")).toThrow("Pack tutoring 9.9.9 not found");
    expect(defaultRegistry.versions.get("tutoring")?.map((pack) => pack.version)).toEqual([
      "1.0.0",
      "1.1.0",
    ]);
  });

  it("tutoring: 6 types, 4 roles, the front desk agent on the agent role", () => {
    const pack = getPack("tutoring", "1.0.0");
    expect(pack.entityTypes.map((type) => type.slug)).toEqual([
      "teacher",
      "student",
      "guardian",
      "session",
      "payment",
      "entitlement",
    ]);
    const rows = pack.roles.map((role) => [role.name, policyRows(role).length]);
    expect(rows).toEqual([
      ["tutoring-admin", 6],
      ["teacher", 8],
      ["guardian", 14],
      ["agent", 7],
    ]);
    expect(pack.agents[0]).toMatchObject({ slug: "front-desk", role: "agent" });
  });
});

const tutoring = getPack("tutoring", "1.0.0");

/** The tutoring pack with one change. */
function broken(change: (pack: PackSource) => void): PackSource {
  const pack = structuredClone(tutoring) as PackSource;
  change(pack);
  return pack;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(PackFormatError);
    return (error as PackFormatError).problems;
  }
  throw new Error("the pack loaded");
}

const expectProblem = (source: PackSource, problem: string | RegExp) =>
  expect(problemsOf(() => loadPack(source)).join("\n")).toMatch(problem);

describe("loadPack refuses", () => {
  it("a malformed pack, naming the field", () => {
    expectProblem(
      broken((p) => void (p.version = "1.0")),
      /^version: a version as major\.minor\.patch/,
    );
    expectProblem(
      broken((p) => void (p.roles![0]!.policies[0]!.actions = [])),
      /roles\.0\.policies\.0\.actions/,
    );
  });

  it("a schema that does not compile", () => {
    expectProblem(
      broken(
        (p) => void (p.entityTypes[0]!.schema = { type: "object", properties: { a: { type: 7 } } }),
      ),
      /entityTypes\[0\] \(teacher\)\.schema: schema is not a valid JSON Schema/,
    );
  });

  it("search and display fields that are not properties", () => {
    expectProblem(
      broken((p) => void (p.entityTypes[0]!.searchFields = ["nickname"])),
      "entityTypes[0] (teacher).searchFields: nickname is not a property of the type",
    );
  });

  it("two types of one slug", () => {
    expectProblem(
      broken((p) => void p.entityTypes.push(structuredClone(p.entityTypes[0]!))),
      "slug teacher is used twice",
    );
  });

  it("a policy on a type the pack does not define", () => {
    expectProblem(
      broken((p) => void (p.roles![1]!.policies[0]!.resource = "classroom")),
      "roles[1] (teacher): allow read classroom: classroom is not an entity type of the pack",
    );
  });

  it("a scope rule on a field the type does not have, or an unknown template", () => {
    expectProblem(
      broken((p) => {
        p.roles![1]!.policies[0]!.scopeRules = [
          { type: "field", field: "data.tutorId", operator: "in", value: "actor.entityIds" },
        ];
      }),
      "scope rule data.tutorId: tutorId is not a property of session",
    );
    expectProblem(
      broken((p) => {
        p.roles![1]!.policies[0]!.scopeRules = [
          { type: "field", field: "data.teacherId", operator: "eq", value: "actor.teacherId" },
        ];
      }),
      "scope rule unknown template actor.teacherId",
    );
    expectProblem(
      broken((p) => {
        p.roles![1]!.policies[0]!.scopeRules = [
          { type: "field", field: "data.teacherId", operator: "gt", value: "actor.entityIds" },
        ];
      }),
      "actor.entityIds is a list",
    );
  });

  it("a mask on a missing field, outside data, or on a deny", () => {
    expectProblem(
      broken(
        (p) =>
          void (p.roles![1]!.policies[0]!.fieldMasks = [
            { fieldPath: "data.secret", maskType: "hide" },
          ]),
      ),
      "mask data.secret: secret is not a property of session",
    );
    expectProblem(
      broken(
        (p) =>
          void (p.roles![1]!.policies[0]!.fieldMasks = [{ fieldPath: "status", maskType: "hide" }]),
      ),
      "A mask applies to a data field",
    );
    expectProblem(
      broken((p) => void (p.roles![1]!.policies[0]!.effect = "deny")),
      "masks apply only to allowing policies",
    );
  });

  it("a policy listed twice in a role, and two roles of one name", () => {
    expectProblem(
      broken((p) => void p.roles![1]!.policies.push({ resource: "session", actions: ["update"] })),
      "roles[1] (teacher): allow update session: the same policy is listed twice",
    );
    expectProblem(
      broken((p) => void (p.roles![2]!.name = "teacher")),
      "roles[2] (teacher): the role name is used twice",
    );
  });

  it("an agent on a role the pack does not have", () => {
    expectProblem(
      broken((p) => void (p.agents![0]!.role = "receptionist")),
      "agents[0] (front-desk): role receptionist is not a role of the pack",
    );
  });

  it("sample data that does not fit its type or names a missing record", () => {
    expectProblem(
      broken((p) => void (p.sampleData!.records[0]!.data = { name: "No email" })),
      "sampleData.records[0] (amara): data.email: must have required property 'email'",
    );
    expectProblem(
      broken((p) => void (p.sampleData!.records[4]!.data.guardianId = { $sample: "nobody" })),
      "$sample nobody names no earlier sample record",
    );
  });
});

describe("the registry refuses migrations that", () => {
  const v110 = getPack("tutoring", "1.1.0") as PackSource;
  const withMigration = (steps: unknown[], to = "1.1.0") =>
    broken((p) => {
      Object.assign(p, structuredClone(v110));
      p.migrations = [{ from: "1.0.0", to, steps: steps as never }];
    });
  const registryProblems = (latest: PackSource) =>
    problemsOf(() => buildRegistry([tutoring, latest])).join("\n");

  it("do not lead to the next version's types", () => {
    expect(
      registryProblems(
        withMigration([{ type: "remove_field", entityType: "session", field: "subject" }]),
      ),
    ).toContain("session: the steps do not lead to the schema and search fields of 1.1.0");
  });

  it("name a type or field that is not there", () => {
    expect(
      registryProblems(
        withMigration([{ type: "rename_field", entityType: "lesson", from: "a", to: "b" }]),
      ),
    ).toContain("step 1 (rename_field lesson): no such entity type at this point");
    expect(
      registryProblems(
        withMigration([
          {
            type: "add_field",
            entityType: "session",
            field: "subject",
            schema: { type: "string" },
          },
        ]),
      ),
    ).toContain("subject is already a property");
  });

  it("add a required field without a default, or a default the field refuses", () => {
    const step = {
      type: "add_field",
      entityType: "session",
      field: "meetingProvider",
      schema: v110.entityTypes[3]!.schema.properties,
    };
    expect(
      registryProblems(withMigration([{ ...step, schema: { enum: ["zoom"] }, required: true }])),
    ).toContain("a required field needs a default");
    expect(
      registryProblems(withMigration([{ ...step, schema: { enum: ["zoom"] }, default: "fax" }])),
    ).toContain("must be equal to one of the allowed values");
  });

  it("go down, or leave an earlier version without a path to the latest", () => {
    expect(
      registryProblems(
        withMigration([{ type: "modify_schema", entityType: "session", changes: {} }], "0.9.0"),
      ),
    ).toMatch(/a migration must go to a later version/);
    const noMigration = broken((p) => {
      Object.assign(p, structuredClone(v110));
      p.migrations = [];
    });
    expect(registryProblems(noMigration)).toContain("version 1.0.0 has no migration path to 1.1.0");
  });
});
