import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

const variants = {
  default: "bg-card text-card-foreground",
  destructive: "border-destructive/50 text-destructive [&_p]:text-destructive",
  warning: "border-amber-500/50 bg-amber-500/10 text-foreground",
} as const;

export type AlertVariant = keyof typeof variants;

export type AlertProps = ComponentProps<"div"> & { variant?: AlertVariant };

/**
 * Errors interrupt (role "alert"); everything else is a polite "status" announcement.
 * Pass `role` to override.
 */
export function Alert({ className, variant = "default", role, ...props }: AlertProps) {
  return (
    <div
      role={role ?? (variant === "destructive" ? "alert" : "status")}
      className={cn(
        "relative flex w-full flex-col gap-1 rounded-lg border px-4 py-3 text-sm",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("leading-none font-medium tracking-tight", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
