import type { FieldMask, Prisma } from "@/generated/prisma/client";

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

function edit(
  target: unknown,
  path: string[],
  apply: (parent: Record<string, unknown>, key: string) => void,
): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return;
    current = (current as Record<string, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (
    last === undefined ||
    typeof current !== "object" ||
    current === null ||
    Array.isArray(current)
  )
    return;
  if (last in current) apply(current as Record<string, unknown>, last);
}

/** A copy of the record with the masks applied; hide wins over redact on the same path. */
export function applyMasks<T>(record: T, masks: FieldMask[]): T {
  if (masks.length === 0) return record;
  const copy = structuredClone(record);
  const hidden = new Set(
    masks.filter((mask) => mask.maskType === "hide").map((mask) => mask.fieldPath),
  );
  for (const mask of masks) {
    if (mask.maskType !== "redact" || hidden.has(mask.fieldPath)) continue;
    edit(copy, mask.fieldPath.split("."), (parent, key) => {
      parent[key] = redactValue(parent[key], mask.maskConfig);
    });
  }
  for (const path of hidden) edit(copy, path.split("."), (parent, key) => delete parent[key]);
  return copy;
}

/** The first hidden path that a write would set (`data` is the entity's data object). */
export function hiddenPathWritten(
  data: Record<string, unknown>,
  masks: FieldMask[],
): string | null {
  for (const mask of masks) {
    if (mask.maskType !== "hide" || !mask.fieldPath.startsWith("data.")) continue;
    const path = mask.fieldPath.slice("data.".length).split(".");
    let current: unknown = data;
    let present = true;
    for (const key of path) {
      if (
        typeof current !== "object" ||
        current === null ||
        Array.isArray(current) ||
        !(key in current)
      ) {
        present = false;
        break;
      }
      current = (current as Record<string, unknown>)[key];
    }
    if (present) return mask.fieldPath;
  }
  return null;
}
