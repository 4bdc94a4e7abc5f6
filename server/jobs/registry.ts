import { handlerJobTypes } from "@/server/jobs/handlers";
import type { JobTypeDefinition } from "@/server/jobs/types";

// The one list of job types. The state machine and the runners take a list as a parameter
// (defaulting to this one), so tests run them with job types of their own.

export type JobTypeList = readonly JobTypeDefinition[];

export const jobTypes: JobTypeList = handlerJobTypes;

export const jobTypeIds: readonly string[] = jobTypes.map((type) => type.id);

// Lists are fixed once built: each is indexed by id the first time it is looked up in.
const indexes = new WeakMap<JobTypeList, ReadonlyMap<string, JobTypeDefinition>>();

function indexOf(types: JobTypeList): ReadonlyMap<string, JobTypeDefinition> {
  let index = indexes.get(types);
  if (!index) {
    const byId = new Map<string, JobTypeDefinition>();
    for (const type of types) {
      if (byId.has(type.id)) throw new Error(`Job type ${type.id} is defined twice`);
      byId.set(type.id, type);
    }
    index = byId;
    indexes.set(types, index);
  }
  return index;
}

export function getJobType(
  id: string,
  types: JobTypeList = jobTypes,
): JobTypeDefinition | undefined {
  return indexOf(types).get(id);
}
