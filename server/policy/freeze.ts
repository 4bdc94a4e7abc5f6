/**
 * Plain objects and arrays frozen all the way down; anything else (a Date, Prisma's JSON null
 * sentinels) is left as it is. What one cached policy context holds serves many requests, so
 * none of them may change it for the others (server/policy/load.ts, engine.ts).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const plain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
  if (!plain) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
