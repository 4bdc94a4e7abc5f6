import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/**
 * A styled native <select>: keyboard, screen reader and mobile pickers work out of the box,
 * and browser tests drive it with `selectOption`.
 */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return (
    <select
      className={cn(
        "flex h-9 w-full min-w-0 rounded-md border border-input bg-background px-3 py-1 text-sm shadow-xs transition-colors outline-none",
        "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
        "disabled:cursor-not-allowed disabled:opacity-50",
        "aria-invalid:border-destructive aria-invalid:ring-destructive",
        className,
      )}
      {...props}
    />
  );
}

type OptionSelectProps<T extends string> = Omit<ComponentProps<"select">, "value" | "onChange"> & {
  options: readonly T[];
  value: T;
  onValueChange: (value: T) => void;
  /** Text shown for an option (default: the value itself). */
  optionLabel?: (option: T) => string;
};

/** A Select over a fixed list of string values, typed to that list. */
export function OptionSelect<T extends string>({
  options,
  value,
  onValueChange,
  optionLabel = (option) => option,
  ...props
}: OptionSelectProps<T>) {
  return (
    <Select
      {...props}
      value={value}
      onChange={(event) => {
        const chosen = options.find((option) => option === event.target.value);
        if (chosen !== undefined) onValueChange(chosen);
      }}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </Select>
  );
}
