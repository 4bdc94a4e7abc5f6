import type { FieldMask, Prisma } from "@/generated/prisma/client";
import { arrayIndex } from "@/server/policy/rules";

// Field masks (column level): `hide` removes the field, `redact` replaces it. Paths are dotted
// paths into the record (`data.phone`, `data.guardian.phone`, `status`).

const MAX_STARS = 8;

/** First char + asterisks (at most 8) + last char; `***` for 4 characters or fewer (SPEC §6). */
export function redactString(value: string): string {
  if (value.length <= 4) return "***";
  return `${value[0]}${"*".repeat(Math.min(MAX_STARS, value.length - 2))}${value[value.length - 1]}`;
}

function redactValue(value: unknown, config: Prisma.JsonValue | null): unknown {
  const pattern = config && typeof config === "object" && !Array.isArray(config) ? config : null;
  if (typeof value === "string" && pattern && typeof pattern.pattern === "string") {
    try {
      return value.replace(
        new RegExp(pattern.pattern, "g"),
        typeof pattern.replacement === "string" ? pattern.replacement : "*",
      );
    } catch {
      // An invalid pattern must never reveal the value.
      return redactString(value);
    }
  }
  return typeof value === "string" ? redactString(value) : null;
}

type Parent = Record<string, unknown> | unknown[];

/**
 * Calls `apply` on every place the path names. Through an array, a numeric segment names one
 * element (as in scope rules) and any other segment applies to every element: a mask on
 * `data.contacts.phone` hides each contact's phone (it used to stop at the array and leak them).
 */
function edit(target: unknown, path: string[], apply: (parent: Parent, key: string) => void) {
  const [key, ...rest] = path;
  if (key === undefined || typeof target !== "object" || target === null) return;
  if (Array.isArray(target)) {
    const index = arrayIndex(target.length, key);
    if (index === null) for (const item of target) edit(item, path, apply);
    else if (rest.length === 0) apply(target, String(index));
    else edit(target[index], rest, apply);
    return;
  }
  // Own keys only: `"constructor" in {}` is true.
  if (!Object.hasOwn(target, key)) return;
  const record = target as Record<string, unknown>;
  if (rest.length === 0) apply(record, key);
  else edit(record[key], rest, apply);
}

const read = (parent: Parent, key: string) =>
  Array.isArray(parent) ? parent[Number(key)] : parent[key];
const write = (parent: Parent, key: string, value: unknown) => {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else parent[key] = value;
};

/** A copy of the record with the masks applied; hide wins over redact on the same path. */
export function applyMasks<T>(record: T, masks: FieldMask[]): T {
  if (masks.length === 0) return record;
  const copy = structuredClone(record);
  const hidden = new Set(
    masks.filter((mask) => mask.maskType === "hide").map((mask) => mask.fieldPath),
  );
  for (const mask of masks) {
    if (mask.maskType !== "redact" || hidden.has(mask.fieldPath)) continue;
    edit(copy, mask.fieldPath.split("."), (parent, key) =>
      write(parent, key, redactValue(read(parent, key), mask.maskConfig)),
    );
  }
  for (const path of hidden) {
    edit(copy, path.split("."), (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    });
  }
  return copy;
}

/** The first hidden path that a write would set (`data` is the entity's data object). */
export function hiddenPathWritten(
  data: Record<string, unknown>,
  masks: FieldMask[],
): string | null {
  for (const mask of masks) {
    if (mask.maskType !== "hide" || !mask.fieldPath.startsWith("data.")) continue;
    let present = false;
    edit({ data }, mask.fieldPath.split("."), () => {
      present = true;
    });
    if (present) return mask.fieldPath;
  }
  return null;
}
