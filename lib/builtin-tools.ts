import type { RecordAction } from "@/lib/domain-values";
import { isBuiltinToolName, type BuiltinToolName } from "@/server/agent/tools/names";

// What each built-in agent tool is: its model-facing description and the record action it takes.
// The one source for the tools themselves (server/agent/tools/<name>.ts spread it in) and for the
// dashboard, which cannot import the registry (its handlers import the services).

export type BuiltinToolInfo = {
  name: BuiltinToolName;
  /** The model-facing description, word for word. */
  description: string;
  /** The record action the tool takes (what a tool permission's allowed actions limit). */
  action: RecordAction;
};

// A Record keyed by every built-in name: a tool added to names.ts fails the typecheck here.
const TOOLS: Record<BuiltinToolName, Omit<BuiltinToolInfo, "name">> = {
  "entity.create": {
    action: "create",
    description:
      "Create a record of an entity type. `data` must match the type's schema (an error names the " +
      "failing field, e.g. `data.email`). Returns the new record as " +
      "{id, type, status, data, createdAt, updatedAt}; fields you may not see are left out.",
  },
  "entity.get": {
    action: "read",
    description:
      "Read one record by id. Returns {id, type, status, data, createdAt, updatedAt}; fields you " +
      'may not see are left out or redacted. A record you cannot read is "Entity not found".',
  },
  "entity.query": {
    action: "list",
    description:
      "List records of an entity type, newest first, optionally only those with a status and " +
      "whose data fields equal the given values (`filters`: field path → value, e.g. " +
      '{"grade": 9, "address.city": "Paris"}). Returns {items, nextCursor}: items are ' +
      "{id, type, status, data, createdAt, updatedAt}; pass nextCursor as `cursor` for the next " +
      "page (null when there is none). Only records you may read are listed.",
  },
  "entity.update": {
    action: "update",
    description:
      "Change a record: the given `data` fields replace those fields (the others are kept), and " +
      "`status` is changed when given. The result must still match the type's schema. Returns " +
      "the updated record as {id, type, status, data, createdAt, updatedAt}.",
  },
  "entity.delete": {
    action: "delete",
    description:
      "Delete a record by id (it stays in the audit log). Returns {success: true, id}. A record " +
      'you cannot read, or one already deleted, is "Entity not found".',
  },
  "entity.link": {
    action: "update",
    description:
      "Relate two records: `fromId` -relationType-> `toId` (you need to be allowed to change the " +
      "first and to read the second). A relation is unique per (from, type, to): linking twice " +
      'is "Relation already exists". Returns {id, fromId, toId, relationType, metadata, createdAt}.',
  },
  "entity.unlink": {
    action: "update",
    description:
      "Remove the relation `fromId` -relationType-> `toId`. Returns {success: true}; a relation " +
      'that does not exist is "Relation not found".',
  },
  "event.emit": {
    action: "create",
    description:
      "Record a custom event in the audit log, optionally about one record (`entityId`: you need " +
      "to be allowed to change it). Who emitted it is recorded for you. Returns the event as " +
      "{id, eventType, entityId, entityTypeSlug, actorType, actorId, payload, timestamp}.",
  },
  "event.query": {
    action: "read",
    description:
      "Read the audit log, newest first: optionally only one event type, only the events of one " +
      "record, and only those since a date-time. Returns {items, nextCursor}: items are " +
      "{id, eventType, entityId, entityTypeSlug, actorType, actorId, payload, timestamp}; pass " +
      "nextCursor as `cursor` for the next page (null when there is none). Only events of " +
      "records you may read are listed.",
  },
  "job.enqueue": {
    action: "create",
    description:
      "Queue a background job of one of the listed `jobType`s with its `payload` (checked against " +
      "the type's payload; an error names the failing field). A job about a record (`entityId`, " +
      "or `payload.entityId`) needs you to be allowed to change that record. With an " +
      "`idempotencyKey` the same key never queues a second job: the first one's id comes back " +
      "with existing: true. Returns {id, existing}; follow it with job.status.",
  },
  "job.status": {
    action: "read",
    description:
      "Read the state of a job this agent queued: {id, jobType, status (pending, claimed, " +
      "running, completed, failed, dead), attempts, maxAttempts, scheduledFor (the next attempt " +
      'when pending or failed), result, errorMessage}. Any other job is "Job not found".',
  },
};

/** In the registry's order (records first, then events, then jobs). */
export const BUILTIN_TOOLS: readonly BuiltinToolInfo[] = (
  Object.entries(TOOLS) as [BuiltinToolName, Omit<BuiltinToolInfo, "name">][]
).map(([name, tool]) => ({ name, ...tool }));

export const isBuiltinTool = isBuiltinToolName;

export function builtinToolInfo(name: BuiltinToolName): BuiltinToolInfo {
  return { name, ...TOOLS[name] };
}
