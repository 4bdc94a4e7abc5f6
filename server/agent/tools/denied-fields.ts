import type { FieldMask } from "@/generated/prisma/client";
import { applyMasks } from "@/server/policy";
import { hiddenPathWritten } from "@/server/policy/mask";
import { assertNotMasked } from "@/server/services/entity-filters";

// A tool permission's `deniedFields` (docs/agents.md): data paths stripped from the tool's results and
// refused in its inputs. A path is read as a data path: `ssn` and `data.ssn` are both the
// record's `data.ssn`, `address.city` is `data.address.city`. They become `hide` masks, so the
// policy engine's own machinery applies them (nested paths, arrays, no probing through filters).

const PAYLOAD_DATA_KEYS = ["data", "changes", "previousData"] as const;

export function deniedFieldPath(path: string): string {
  return path.startsWith("data.") ? path : `data.${path}`;
}

/** The denied fields as `hide` masks (only fieldPath and maskType are read by the masking). */
export function deniedFieldMasks(deniedFields: readonly string[]): FieldMask[] {
  return deniedFields.map((path) => ({
    id: `deniedField:${path}`,
    organizationId: "",
    policyId: "",
    fieldPath: deniedFieldPath(path),
    maskType: "hide",
    maskConfig: null,
    createdAt: new Date(0),
  }));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The first denied path a data object sets (nested paths and arrays included), or null. */
export function deniedFieldInData(data: unknown, masks: FieldMask[]): string | null {
  return isObject(data) ? hiddenPathWritten(data, masks) : null;
}

/** The denied path a filter field (`grade`, `data.address.city`) is, contains or lies in. */
function deniedFilter(field: string, masks: FieldMask[]): string | null {
  for (const mask of masks) {
    try {
      assertNotMasked([mask], field, "filter");
    } catch {
      return mask.fieldPath;
    }
  }
  return null;
}

/**
 * The first denied field a built-in tool's input uses: in `data` (create, update), as a
 * `filters` key (query), or in an event payload's entity data (`data`, `changes`,
 * `previousData`: where the audit log keeps a record's fields).
 */
export function deniedFieldInInput(
  input: Record<string, unknown>,
  masks: FieldMask[],
): string | null {
  if (masks.length === 0) return null;
  const inData = deniedFieldInData(input.data, masks);
  if (inData) return inData;
  if (isObject(input.filters)) {
    for (const field of Object.keys(input.filters)) {
      const denied = deniedFilter(field, masks);
      if (denied) return denied;
    }
  }
  if (isObject(input.payload)) {
    for (const key of PAYLOAD_DATA_KEYS) {
      const denied = deniedFieldInData(input.payload[key], masks);
      if (denied) return denied;
    }
  }
  return null;
}

/**
 * The output with the denied fields removed from every record in it: entity records (anything
 * with `data`), lists of them (arrays, `{items}` pages) and events' payloads (their `data`,
 * `changes` and `previousData`). Copies; the output itself is not changed.
 */
export function stripDeniedFields<T>(output: T, masks: FieldMask[]): T {
  if (masks.length === 0) return output;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!isObject(value)) return value;
    if (Array.isArray(value.items)) return { ...value, items: value.items.map(strip) };
    if (typeof value.eventType === "string" && isObject(value.payload)) {
      const payload = { ...value.payload };
      for (const key of PAYLOAD_DATA_KEYS) {
        if (Object.hasOwn(payload, key))
          payload[key] = applyMasks({ data: payload[key] }, masks).data;
      }
      return { ...value, payload };
    }
    return Object.hasOwn(value, "data") ? applyMasks(value, masks) : value;
  };
  return strip(output) as T;
}
