import { beforeAll, describe, expect, it } from "vitest";
import { as, caught, createType, type JsonObject } from "@/test/business";
import { callerFor, type Caller } from "@/test/callers";
import { testDb } from "@/test/db";
import { createMember, createTenant, type Tenant } from "@/test/factories";
import { grantRoles, type MaskSpec, type PolicySpec } from "@/test/policy";

// field masks, end to end: hide removes a field, redact keeps the first and last
// character around at most 8 asterisks (`***` for 4 characters or fewer), turns non-strings into
// null, or applies maskConfig {pattern, replacement}; nested paths included (through arrays
// too); masks come from the allowing read/list policies only; owners and admins see everything;
// writes that set a hidden field are FORBIDDEN, naming the field.

const DATA = {
  name: "mask",
  secret: "s3cr3t-value",
  nine: "alexandra",
  long: "bartholomew-the-long",
  four: "abcd",
  five: "abcde",
  one: "x",
  empty: "",
  num: 42,
  flag: true,
  obj: { a: { b: "deep-value", c: 1 } },
  phone: "555-1234",
  contacts: [
    { phone: "111-2222", name: "c1" },
    { phone: "333-4444", name: "c2" },
  ],
} satisfies JsonObject;

const without = (key: keyof typeof DATA) =>
  Object.fromEntries(Object.entries(DATA).filter(([name]) => name !== key));

type Row = { name: string; masks: MaskSpec[]; data: JsonObject; extra?: PolicySpec[] };
const hide = (path: string): MaskSpec => ({ path, type: "hide" });
const redact = (path: string, config?: MaskSpec["config"]): MaskSpec => ({
  path,
  type: "redact",
  ...(config && { config }),
});

const rows: Row[] = [
  { name: "hide a field", masks: [hide("data.secret")], data: without("secret") },
  {
    name: "hide a nested field",
    masks: [hide("data.obj.a.b")],
    data: { ...DATA, obj: { a: { c: 1 } } },
  },
  {
    name: "hide a field in every element of an array",
    masks: [hide("data.contacts.phone")],
    data: { ...DATA, contacts: [{ name: "c1" }, { name: "c2" }] },
  },
  {
    name: "redact: first + asterisks + last",
    masks: [redact("data.nine"), redact("data.five")],
    data: { ...DATA, nine: "a*******a", five: "a***e" },
  },
  {
    name: "redact: at most 8 asterisks",
    masks: [redact("data.long")],
    data: { ...DATA, long: "b********g" },
  },
  {
    name: "redact: *** for 4 characters or fewer",
    masks: [redact("data.four"), redact("data.one"), redact("data.empty")],
    data: { ...DATA, four: "***", one: "***", empty: "***" },
  },
  {
    name: "redact: non-strings become null",
    masks: [redact("data.num"), redact("data.flag"), redact("data.obj")],
    data: { ...DATA, num: null, flag: null, obj: null },
  },
  {
    name: "redact a nested field",
    masks: [redact("data.obj.a.b")],
    data: { ...DATA, obj: { a: { b: "d********e", c: 1 } } },
  },
  {
    name: "redact with maskConfig {pattern, replacement}",
    masks: [redact("data.phone", { pattern: "\\d", replacement: "#" })],
    data: { ...DATA, phone: "###-####" },
  },
  {
    name: "redact with an invalid pattern still hides the value",
    masks: [redact("data.phone", { pattern: "(", replacement: "" })],
    data: { ...DATA, phone: "5******4" },
  },
  {
    name: "hide wins over redact on the same path",
    masks: [redact("data.secret"), hide("data.secret")],
    data: without("secret"),
  },
  {
    name: "masks of a policy for another action do not apply to reads",
    masks: [],
    extra: [{ resource: "*", action: "update", masks: [hide("data.name")] }],
    data: DATA,
  },
  {
    name: "masks of a deny policy do not apply (they deny, they do not mask)",
    masks: [],
    extra: [{ resource: "*", action: "delete", effect: "deny", masks: [hide("data.name")] }],
    data: DATA,
  },
];

let t: Tenant;
let owner: Caller;
let slug: string;
let id: string;

beforeAll(async () => {
  t = await createTenant();
  owner = as(t, "owner");
  slug = (await createType(owner, { schema: { type: "object" } })).slug;
  id = (await owner.entities.create({ entityTypeSlug: slug, data: DATA })).id;
});

/** A fresh member of the tenant holding one role: every action on the type, with the masks. */
async function memberWith(masks: MaskSpec[], extra: PolicySpec[] = []): Promise<Caller> {
  const user = await createMember(t.org.id);
  await grantRoles(t.org.id, user.id, [
    { policies: [{ resource: slug, action: "*", masks }, ...extra] },
  ]);
  return callerFor({ userId: user.id, orgId: t.org.id });
}

describe("masks on what a member reads (get and list)", () => {
  it.each(rows)("$name", async (row) => {
    const member = await memberWith(row.masks, row.extra);
    expect((await member.entities.get({ id })).data).toEqual(row.data);
    const [listed] = (await member.entities.list({ entityTypeSlug: slug })).items;
    expect(listed?.data).toEqual(row.data);
  });

  it("redact on status keeps the shape (first + asterisks + last)", async () => {
    const member = await memberWith([redact("status")]);
    expect((await member.entities.get({ id })).status).toBe("a****e");
  });

  // Masks say hide removes the field, but the entity output schema requires `status`, so a member
  // whose role hides it gets INTERNAL_SERVER_ERROR on every read (reported; router-owned). The
  // roles API only takes masks on data paths, so only rows written otherwise (packs) hit it.
  it.fails("hide on status removes it from what the member reads", async () => {
    const member = await memberWith([hide("status")]);
    expect((await member.entities.get({ id })).status).toBeUndefined();
  });

  it("owners and admins are never masked, even holding a role with masks", async () => {
    for (const who of ["owner", "admin"] as const) {
      await grantRoles(t.org.id, t[who].id, [
        { policies: [{ resource: "*", action: "*", masks: [hide("data.secret")] }] },
      ]);
      expect((await as(t, who).entities.get({ id })).data).toEqual(DATA);
    }
  });
});

describe("writes that set a hidden field", () => {
  const count = () => testDb().entity.count({ where: { organizationId: t.org.id } });

  const writes: [path: string, data: JsonObject][] = [
    ["data.secret", { name: "n", secret: "x" }],
    ["data.obj.a.b", { name: "n", obj: { a: { b: 1 } } }],
    ["data.contacts.phone", { name: "n", contacts: [{ name: "c" }, { phone: "1" }] }],
  ];
  it.each(writes)("create setting %s is FORBIDDEN naming it", async (path, data) => {
    const member = await memberWith([hide(path)]);
    const before = await count();
    const error = await caught(member.entities.create({ entityTypeSlug: slug, data }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain(path);
    expect(await count()).toBe(before);
  });

  it("update setting a hidden field is FORBIDDEN and changes nothing; other writes pass", async () => {
    const member = await memberWith([hide("data.secret"), redact("data.phone")]);
    const error = await caught(member.entities.update({ id, data: { secret: "guess" } }));
    expect(error).toMatchObject({ code: "FORBIDDEN" });
    expect(error.message).toContain("data.secret");
    const stored = await testDb().entity.findUniqueOrThrow({ where: { id } });
    expect(stored.data).toEqual(DATA);
    // A redacted field may be written; the answer is masked like any read.
    const updated = await member.entities.update({ id, data: { phone: "555-9876" } });
    expect(updated.data).toEqual({ ...without("secret"), phone: "5******6" });
    await owner.entities.update({ id, data: { phone: DATA.phone } });
    // A create without the hidden field passes, and its answer carries no hidden field.
    const created = await member.entities.create({ entityTypeSlug: slug, data: { name: "n" } });
    expect(created.data).toEqual({ name: "n" });
  });
});
