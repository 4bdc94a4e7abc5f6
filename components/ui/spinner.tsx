import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

export type SpinnerProps = ComponentProps<"svg"> & {
  /** Announced to assistive tech; pass "" when surrounding text already says it. */
  label?: string;
};

export function Spinner({ className, label = "Loading", ...props }: SpinnerProps) {
  const decorative = label === "";
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      role={decorative ? undefined : "status"}
      aria-label={decorative ? undefined : label}
      aria-hidden={decorative ? true : undefined}
      className={cn("size-4 animate-spin", className)}
      {...props}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
