/**
 * The searchable text of an entity, as the original product built it: the listed `searchFields` when the type has
 * any (string values only), otherwise every top-level string value; lower-cased. The database
 * turns it into the full-text vector.
 */
export function buildSearchText(
  data: Record<string, unknown>,
  searchFields: string[] | null | undefined,
): string {
  const values =
    searchFields && searchFields.length > 0
      ? searchFields.map((field) => data[field])
      : Object.values(data);
  return values
    .filter((value): value is string => typeof value === "string" && value.trim() !== "")
    .join(" ")
    .toLowerCase();
}

/**
 * A PostgreSQL tsquery for what a person types: every word must match, the last one as a
 * prefix (so results appear while typing). Only letters and digits reach the query, so user
 * input can never be tsquery syntax.
 */
export function toPrefixTsQuery(input: string): string | null {
  const words = input
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(" & ");
}
