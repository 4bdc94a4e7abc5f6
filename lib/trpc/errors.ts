import { TRPCClientError } from "@trpc/client";

import type { AppRouter } from "@/server/routers/_app";

// Turns tRPC errors into what forms show: a message per field (from zod issues or the
// AppError's `field`, see the errorFormatter in server/trpc.ts) and one message for the rest.

export type FormErrors = {
  fields: Partial<Record<string, string>>;
  form: string | null;
};

const FALLBACK = "Something went wrong. Please try again.";

function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/** One human-readable sentence for an error (the raw message of a validation error is JSON). */
export function errorMessage(error: unknown): string {
  if (isTRPCClientError(error)) {
    const issues = error.data?.zodIssues;
    if (issues && issues.length > 0) return issues.map((issue) => issue.message).join(". ");
    return error.message || FALLBACK;
  }
  if (error instanceof Error && error.message) return error.message;
  return FALLBACK;
}

/** Splits an error between the given form fields; whatever matches no field goes to `form`. */
export function formErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (!error) return { fields: {}, form: null };
  if (!isTRPCClientError(error)) return { fields: {}, form: errorMessage(error) };
  const byField: Partial<Record<string, string>> = {};
  const rest: string[] = [];
  const issues = error.data?.zodIssues ?? [];
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string" && fields.includes(field)) byField[field] ??= issue.message;
    else rest.push(issue.message);
  }
  if (issues.length === 0) {
    const field = error.data?.field;
    if (field && fields.includes(field)) byField[field] = error.message;
    else rest.push(error.message || FALLBACK);
  }
  return { fields: byField, form: rest.length > 0 ? rest.join(". ") : null };
}
