import { expect } from "vitest";
import { enqueueJob } from "@/server/jobs/queue";
import { linkEntities } from "@/server/services/entity-relations";
import type { BuiltinToolName } from "@/server/agent/tools/names";
import type { ToolOutcome } from "@/server/agent/tools/types";
import { expectError, outputOf, SSN, type ToolFixture } from "@/test/agent-tools";
import { testDb, uid } from "@/test/db";

// One case per built-in tool (tools.int.test.ts fails when a tool has none): how to make a call
// on a target record that is in the scoped role's scope ("in": an active student) or out of it
// ("out": an archived student; for entity.create, the people type), and what each kind of
// identity must then get.

export type Target = "in" | "out";

type Check<T> = (value: T) => void | Promise<void>;

export type Arranged = {
  input: Record<string, unknown>;
  /** The identity may act on the target: the output, and what was written. */
  allowed: Check<unknown>;
  /** The target is outside the identity's scope (records in scope it could act on). */
  hidden: Check<ToolOutcome>;
  /** The identity has no policy at all. */
  denied: Check<ToolOutcome>;
};

export type ToolCase = {
  arrange: (f: ToolFixture, target: Target) => Promise<Arranged>;
  /** The entity data objects in an output (masks show there), or null: it returns none. */
  dataOf: ((output: unknown) => Record<string, unknown>[]) | null;
  /** Whether a denied field can reach the output (entity.create's data is the input's). */
  stripsOutput: boolean;
  /** An input that uses `data.ssn`, or null: the tool takes no data. */
  deniedInput: ((f: ToolFixture) => Promise<Record<string, unknown>>) | null;
  invalid: { input: Record<string, unknown>; error: string };
};

type Json = Record<string, unknown>;
const json = (value: unknown) => value as Json;
const items = (value: unknown) => json(value).items as Json[];
const statusOf = (target: Target) => (target === "in" ? "active" : "archived");
const notFound = (outcome: ToolOutcome) => expectError(outcome, "Entity not found");
const entity = (id: string) => testDb().entity.findUniqueOrThrow({ where: { id } });
const jobNotFound = (outcome: ToolOutcome) => expectError(outcome, "Job not found");
const jobsAbout = (entityId: string) => testDb().job.count({ where: { entityId } });

export const cases: Record<BuiltinToolName, ToolCase> = {
  "entity.create": {
    arrange: async (f, target) => {
      const type = target === "in" ? f.slug : f.people;
      const name = uid("new");
      const refused = async (outcome: ToolOutcome) => {
        expectError(outcome, `Not allowed to create ${type}`);
        const made = await testDb().entity.count({
          where: { organizationId: f.t.org.id, data: { path: ["name"], equals: name } },
        });
        expect(made).toBe(0);
      };
      return {
        input: { type, data: { name, email: "new@example.test" } },
        allowed: async (output) => {
          expect(output).toMatchObject({ type, status: "active", data: { name } });
          expect((await entity(json(output).id as string)).data).toMatchObject({ name });
        },
        hidden: refused,
        denied: refused,
      };
    },
    dataOf: (output) => [json(json(output).data)],
    stripsOutput: false,
    deniedInput: async (f) => ({ type: f.slug, data: { name: "x", ssn: SSN } }),
    invalid: { input: { data: { name: "x" } }, error: "entity.create: 'type' is required" },
  },

  "entity.get": {
    arrange: async (f, target) => {
      const id = await f.make(statusOf(target));
      return {
        input: { id },
        allowed: (output) =>
          void expect(output).toMatchObject({ id, type: f.slug, status: statusOf(target) }),
        hidden: notFound,
        denied: notFound,
      };
    },
    dataOf: (output) => [json(json(output).data)],
    stripsOutput: true,
    deniedInput: null,
    invalid: { input: { id: 7 }, error: "entity.get: 'id' must be string" },
  },

  "entity.query": {
    arrange: async (f, target) => {
      const tag = uid("tag");
      const id = await f.make(statusOf(target), { tag });
      return {
        input: { type: f.slug, filters: { tag } },
        allowed: (output) => {
          expect(items(output).map((item) => item.id)).toEqual([id]);
          expect(output).toMatchObject({ items: [{ type: f.slug }], nextCursor: null });
        },
        hidden: (outcome) =>
          void expect(outputOf(outcome)).toEqual({ items: [], nextCursor: null }),
        denied: (outcome) => expectError(outcome, `Not allowed to list ${f.slug}`),
      };
    },
    dataOf: (output) => items(output).map((item) => json(item.data)),
    stripsOutput: true,
    deniedInput: async (f) => ({ type: f.slug, filters: { ssn: SSN } }),
    invalid: {
      input: { type: "student", limit: 101 },
      error: "entity.query: 'limit' must be <= 100",
    },
  },

  "entity.update": {
    arrange: async (f, target) => {
      const id = await f.make(statusOf(target));
      return {
        input: { id, data: { grade: 7 } },
        allowed: async (output) => {
          expect(output).toMatchObject({ id, type: f.slug, data: { grade: 7 } });
          expect((await entity(id)).data).toMatchObject({ grade: 7, ssn: SSN });
        },
        hidden: notFound,
        denied: notFound,
      };
    },
    dataOf: (output) => [json(json(output).data)],
    stripsOutput: true,
    deniedInput: async (f) => ({ id: await f.make("active"), data: { ssn: "987-65-4321" } }),
    invalid: { input: { id: "x" }, error: "entity.update: 'data' is required" },
  },

  "entity.delete": {
    arrange: async (f, target) => {
      const id = await f.make(statusOf(target));
      return {
        input: { id },
        allowed: async (output) => {
          expect(output).toEqual({ success: true, id });
          expect((await entity(id)).deletedAt).not.toBeNull();
        },
        hidden: notFound,
        denied: notFound,
      };
    },
    dataOf: null,
    stripsOutput: false,
    deniedInput: null,
    invalid: { input: {}, error: "entity.delete: 'id' is required" },
  },

  "entity.link": {
    arrange: async (f, target) => {
      const [fromId, toId] = [await f.make(statusOf(target)), await f.make("active")];
      const relationType = uid("rel");
      return {
        input: { fromId, toId, relationType, metadata: { since: 2020 } },
        allowed: async (output) => {
          expect(output).toMatchObject({ fromId, toId, relationType, metadata: { since: 2020 } });
          const where = { fromEntityId: fromId, toEntityId: toId, relationType };
          expect(await testDb().entityRelation.count({ where })).toBe(1);
        },
        hidden: notFound,
        denied: notFound,
      };
    },
    dataOf: null,
    stripsOutput: false,
    deniedInput: null,
    invalid: {
      input: { fromId: "a", toId: "b" },
      error: "entity.link: 'relationType' is required",
    },
  },

  "entity.unlink": {
    arrange: async (f, target) => {
      const [fromId, toId] = [await f.make(statusOf(target)), await f.make("active")];
      const relationType = uid("rel");
      await linkEntities({ db: testDb(), actor: f.actors.owner }, { fromId, toId, relationType });
      return {
        input: { fromId, toId, relationType },
        allowed: async (output) => {
          expect(output).toEqual({ success: true });
          const where = { fromEntityId: fromId, toEntityId: toId, relationType };
          expect(await testDb().entityRelation.count({ where })).toBe(0);
        },
        hidden: notFound,
        denied: notFound,
      };
    },
    dataOf: null,
    stripsOutput: false,
    deniedInput: null,
    invalid: {
      input: { fromId: "a", toId: "b", relationType: "r", force: true },
      error: "entity.unlink: 'force' is not a parameter of this tool",
    },
  },

  "event.emit": {
    arrange: async (f, target) => {
      const entityId = await f.make(statusOf(target));
      const eventType = uid("note");
      return {
        input: { eventType, entityId, payload: { note: "called" } },
        allowed: async (output) => {
          expect(output).toMatchObject({ eventType, entityId, payload: { note: "called" } });
          const event = await testDb().event.findUniqueOrThrow({
            where: { id: json(output).id as string },
          });
          expect(event).toMatchObject({ eventType, entityId, entityTypeSlug: f.slug });
        },
        hidden: notFound,
        denied: notFound,
      };
    },
    // Its output is the event it recorded: the payload it was given, not a record's data.
    dataOf: null,
    stripsOutput: false,
    deniedInput: async (f) => ({
      eventType: "note",
      entityId: await f.make("active"),
      payload: { data: { ssn: SSN } },
    }),
    invalid: {
      input: { eventType: "" },
      error: "event.emit: 'eventType' must NOT have fewer than 1 characters",
    },
  },

  "event.query": {
    arrange: async (f, target) => {
      const entityId = await f.make(statusOf(target));
      const empty = (outcome: ToolOutcome) =>
        void expect(outputOf(outcome)).toEqual({ items: [], nextCursor: null });
      return {
        input: { entityId, eventType: `${f.slug}.created` },
        allowed: (output) => {
          expect(items(output)).toHaveLength(1);
          expect(items(output)[0]).toMatchObject({ entityId, eventType: `${f.slug}.created` });
        },
        hidden: empty,
        // Without a policy no record is readable, so no event is: an empty page, not an error.
        denied: empty,
      };
    },
    dataOf: (output) => items(output).map((item) => json(json(item.payload).data)),
    stripsOutput: true,
    deniedInput: null,
    invalid: {
      input: { since: "yesterday" },
      error: `event.query: 'since' must match format "date-time"`,
    },
  },

  "job.enqueue": {
    arrange: async (f, target) => {
      const entityId = await f.make(statusOf(target));
      // The job names its record only in its payload: that is checked (and linked) too.
      const refused = async (outcome: ToolOutcome) => {
        notFound(outcome);
        expect(await jobsAbout(entityId)).toBe(0);
      };
      return {
        input: { jobType: "entity.process", payload: { entityId } },
        allowed: async (output) => {
          expect(output).toEqual({ id: expect.any(String), existing: false });
          const job = await testDb().job.findUniqueOrThrow({
            where: { id: json(output).id as string },
          });
          expect(job).toMatchObject({
            organizationId: f.t.org.id,
            jobType: "entity.process",
            entityId,
            status: "pending",
            payload: { entityId },
            actorContext: { actorType: "agent", actorId: f.agentId },
          });
        },
        hidden: refused,
        denied: refused,
      };
    },
    dataOf: null,
    stripsOutput: false,
    deniedInput: null,
    invalid: {
      input: { jobType: "no.such.job" },
      error: "job.enqueue: 'jobType' must be equal to one of the allowed values",
    },
  },

  "job.status": {
    arrange: async (f, target) => {
      const entityId = await f.make(statusOf(target));
      const { job } = await enqueueJob(
        { db: testDb(), actor: f.actors.agent },
        { jobType: "entity.process", payload: { entityId }, entityId },
      );
      return {
        input: { jobId: job.id },
        allowed: (output) =>
          void expect(output).toEqual({
            id: job.id,
            jobType: "entity.process",
            status: "pending",
            attempts: 0,
            maxAttempts: job.maxAttempts,
            scheduledFor: job.scheduledFor.toISOString(),
            result: null,
            errorMessage: null,
          }),
        // The job speaks of a record the identity may not read: it is not found either.
        hidden: jobNotFound,
        denied: jobNotFound,
      };
    },
    dataOf: null,
    stripsOutput: false,
    deniedInput: null,
    invalid: { input: {}, error: "job.status: 'jobId' is required" },
  },
};
