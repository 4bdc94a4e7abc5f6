/**
 * The original product's slug rule: lower-case; every run of characters outside
 * [a-z0-9] becomes one `-`; no leading or trailing `-`; at most 50 characters.
 */
export function generateSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
}

/**
 * The first of `base`, `base-2`, `base-3`, ... that `isTaken` says is free (docs/agents.md). The suffix
 * always fits in 50 characters.
 */
export async function uniqueSlug(
  base: string,
  isTaken: (slug: string) => Promise<boolean>,
  fallback = "item",
): Promise<string> {
  const root = base || fallback;
  if (!(await isTaken(root))) return root;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${root.slice(0, 50 - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
