import type { PackSource } from "@/server/packs/format";

// The tutoring pack's roles. Allow-only: what a role does not allow is denied by default, and a
// person holding two roles gets both (an unscoped deny in one would take away what the other
// gives). People see their own records through `actor.entityIds`, the ids of the teacher or
// guardian records whose `userId` is theirs. Masks sit on read and list, so the hidden fields
// cannot be written either.

type Roles = NonNullable<PackSource["roles"]>;

const hide = (...fields: string[]) =>
  fields.map((field) => ({ fieldPath: `data.${field}`, maskType: "hide" as const }));
const linkedBy = (field: string) => [
  {
    type: "field" as const,
    field: `data.${field}`,
    operator: "in" as const,
    value: "actor.entityIds",
  },
];
const ownRecord = [
  { type: "field" as const, field: "data.userId", operator: "eq" as const, value: "actor.userId" },
];
const READ = ["read", "list"] as const;

const TEACHER_HIDDEN_SESSION = [
  "guardianId",
  "paymentId",
  "entitlementId",
  "guardianNotes",
  "cancellationReason",
  "cancelledBy",
];

export const tutoringRoles: Roles = [
  {
    name: "tutoring-admin",
    description: "Runs the tutoring office: every action on every tutoring record",
    policies: ["teacher", "student", "guardian", "session", "payment", "entitlement"].map(
      (resource) => ({ resource, actions: ["*" as const] }),
    ),
  },
  {
    name: "teacher",
    description: "Tutors: their own sessions and profile, the students they teach",
    policies: [
      {
        resource: "session",
        actions: [...READ],
        scopeRules: linkedBy("teacherId"),
        fieldMasks: hide(...TEACHER_HIDDEN_SESSION),
      },
      { resource: "session", actions: ["update"], scopeRules: linkedBy("teacherId") },
      { resource: "student", actions: [...READ], fieldMasks: hide("notes", "guardianId") },
      {
        resource: "teacher",
        actions: [...READ],
        scopeRules: ownRecord,
        fieldMasks: hide("userId"),
      },
      { resource: "teacher", actions: ["update"], scopeRules: ownRecord },
    ],
  },
  {
    name: "guardian",
    description: "Parents and guardians: their students, their sessions, payments and credits",
    policies: [
      {
        resource: "guardian",
        actions: [...READ],
        scopeRules: ownRecord,
        fieldMasks: hide("userId"),
      },
      { resource: "guardian", actions: ["update"], scopeRules: ownRecord },
      { resource: "student", actions: [...READ, "update"], scopeRules: linkedBy("guardianId") },
      {
        resource: "session",
        actions: [...READ],
        scopeRules: linkedBy("guardianId"),
        fieldMasks: hide("teacherNotes", "reportContent"),
      },
      { resource: "payment", actions: [...READ], scopeRules: linkedBy("guardianId") },
      { resource: "entitlement", actions: [...READ], scopeRules: linkedBy("guardianId") },
      { resource: "teacher", actions: [...READ], fieldMasks: hide("hourlyRate", "userId") },
    ],
  },
  {
    // The organization's `agent` role is also what public API chats act with (docs/permissions.md).
    name: "agent",
    description: "The front desk agent: reads sessions, students and teachers, books sessions",
    policies: [
      {
        resource: "session",
        actions: [...READ],
        fieldMasks: hide("guardianNotes", "teacherNotes", "paymentId", "entitlementId"),
      },
      { resource: "session", actions: ["create"] },
      { resource: "student", actions: [...READ], fieldMasks: hide("notes") },
      { resource: "teacher", actions: [...READ], fieldMasks: hide("hourlyRate", "userId") },
    ],
  },
];
