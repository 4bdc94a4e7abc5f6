import type { FieldMask, Prisma } from "@/generated/prisma/client";
import type { RE2JS } from "re2js";
import { compileTenantPattern, PatternError, replaceAll } from "@/server/policy/regex";
import { arrayIndex } from "@/server/policy/rules";

// Field masks (column level): `hide` removes the field, `redact` replaces it. Paths are dotted
// paths into the record (`data.phone`, `data.guardian.phone`, `status`).

const MAX_STARS = 8;

/**
 * The longest string a mask's pattern runs on; a longer one gets the default redaction. RE2
 * replaces in linear time, but at up to about 1 µs per character (`\d` on digits is 0.5 µs, the
 * largest pattern allowed about 1.1 µs), and one page can hold 100 masked values.
 */
export const MAX_PATTERN_INPUT = 4096;

/** First char + asterisks (at most 8) + last char; `***` for 4 characters or fewer. */
export function redactString(value: string): string {
  if (value.length <= 4) return "***";
  return `${value[0]}${"*".repeat(Math.min(MAX_STARS, value.length - 2))}${value[value.length - 1]}`;
}

/** What a redact mask does to a string: its pattern replaced, or the default redaction. */
type Redaction = { pattern: RE2JS; replacement: string } | "default";

function redaction(config: Prisma.JsonValue | null): Redaction {
  const given = config && typeof config === "object" && !Array.isArray(config) ? config : null;
  if (!given || typeof given.pattern !== "string") return "default";
  try {
    const pattern = compileTenantPattern(given.pattern, "mask");
    const replacement = typeof given.replacement === "string" ? given.replacement : "*";
    return { pattern, replacement };
  } catch (error) {
    // A pattern RE2 refuses (saved before masks used RE2) must never reveal the value.
    if (error instanceof PatternError) return "default";
    throw error;
  }
}

function redactValue(value: unknown, redaction: Redaction): unknown {
  if (typeof value !== "string") return null;
  if (redaction === "default" || value.length > MAX_PATTERN_INPUT) return redactString(value);
  return replaceAll(redaction.pattern, value, redaction.replacement);
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

/** The masks as a tree of path segments, so one walk of a record applies them all. */
type MaskNode = {
  hide: boolean;
  redacts: Redaction[];
  children: Map<string, MaskNode>;
};

const newNode = (): MaskNode => ({ hide: false, redacts: [], children: new Map() });
const compiled = new WeakMap<readonly FieldMask[], MaskNode>();

function compileMasks(masks: readonly FieldMask[]): MaskNode {
  let root = compiled.get(masks);
  if (root) return root;
  root = newNode();
  for (const mask of masks) {
    let node = root;
    for (const segment of mask.fieldPath.split(".")) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = newNode()));
      node = child;
    }
    if (mask.maskType === "hide") node.hide = true;
    else node.redacts.push(redaction(mask.maskConfig));
  }
  compiled.set(masks, root);
  return root;
}

const REMOVE = Symbol("remove");

/** Both nodes' masks in one: hidden if either hides, every redaction, children merged. */
function mergeNodes(a: MaskNode, b: MaskNode): MaskNode {
  const merged: MaskNode = {
    hide: a.hide || b.hide,
    redacts: [...a.redacts, ...b.redacts],
    children: new Map(a.children),
  };
  for (const [key, child] of b.children) {
    const existing = merged.children.get(key);
    merged.children.set(key, existing ? mergeNodes(existing, child) : child);
  }
  return merged;
}

/** What a masked place becomes: removed (hide wins), redacted, or its own masks applied. */
function maskValue(node: MaskNode, value: unknown): unknown {
  if (node.hide) return REMOVE;
  if (node.redacts.length > 0)
    return node.redacts.reduce((current, one) => redactValue(current, one), value);
  return applyNode(value, node);
}

/**
 * The masks below `node` applied to `value`, copying only the objects and arrays on the way to
 * a masked place (what no mask reaches is shared with the input, which is never changed).
 * Through an array, a segment naming an element (as in scope rules) applies to that element and
 * any other segment to every element: a mask on `data.contacts.phone` hides each contact's
 * phone. Array indexes refer to the array as it was, so hiding two elements hides those two.
 */
function applyNode(value: unknown, node: MaskNode): unknown {
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  if (Array.isArray(value)) {
    // What applies to each element, merged into one node so the element is walked once, as it
    // was: a segment naming it (`contacts.0…`) and the segments that apply to every element
    // (`contacts.phones…`, whose children then apply inside it).
    const every: MaskNode = newNode();
    const byIndex = new Map<number, MaskNode>();
    for (const [key, child] of node.children) {
      const index = arrayIndex(value.length, key);
      if (index === null) every.children.set(key, child);
      else byIndex.set(index, mergeNodes(byIndex.get(index) ?? newNode(), child));
    }
    let copy: unknown[] | null = null;
    const removed = new Set<number>();
    value.forEach((before, i) => {
      const own = byIndex.get(i);
      const element = own ? mergeNodes(own, every) : every;
      if (!element.hide && element.redacts.length === 0 && element.children.size === 0) return;
      const after = maskValue(element, before);
      if (after === REMOVE) removed.add(i);
      else if (after !== before) (copy ??= [...value])[i] = after;
    });
    const result = copy ?? value;
    return removed.size > 0 ? result.filter((_, i) => !removed.has(i)) : result;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const [key, child] of node.children) {
    // Own keys only: `"constructor" in {}` is true.
    if (!Object.hasOwn(record, key)) continue;
    const before = record[key];
    const after = maskValue(child, before);
    if (after === REMOVE) delete (copy ??= { ...record })[key];
    else if (after !== before) (copy ??= { ...record })[key] = after;
  }
  return copy ?? record;
}

/** The record with the masks applied, as a copy (hide wins over redact on the same path). */
export function applyMasks<T>(record: T, masks: readonly FieldMask[]): T {
  if (masks.length === 0) return record;
  return applyNode(record, compileMasks(masks)) as T;
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
