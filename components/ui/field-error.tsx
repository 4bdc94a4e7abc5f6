import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

export type FieldErrorProps = Omit<ComponentProps<"p">, "children"> & {
  /** Nothing renders without a message, so callers can pass the lookup result straight in. */
  message?: string | null;
};

/** The error under one form field; point the input's aria-describedby at its id. */
export function FieldError({ message, className, ...props }: FieldErrorProps) {
  if (!message) return null;
  return (
    <p className={cn("text-sm text-destructive", className)} {...props}>
      {message}
    </p>
  );
}
