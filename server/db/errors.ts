import { Prisma } from "@/generated/prisma/client";
import { randomHex } from "@/server/random-hex";

/**
 * A unique constraint refused the write: Prisma's P2002 from its own queries, or PostgreSQL's
 * 23505 surfacing through a raw query (P2010).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const meta = error.meta as { code?: unknown; driverAdapterError?: unknown } | undefined;
  return error.code === "P2010" && (meta?.code === "23505" || /23505|unique/i.test(error.message));
}

/** An id for rows written by raw SQL, shaped like the cuids Prisma makes for the others. */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomHex(8)}`;
}
